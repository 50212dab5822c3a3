using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Jobs;
using Monolith.Modules.Compliance.Contracts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Compliance.Archives;

/// <summary>Early each January (and on any later run): every office that recorded events gets the archive of its last fiscal year, once
/// (an archive of exactly that year already stored means done).</summary>
internal sealed class YearlyArchiveJob(IEventStore store, OfficeArchives archives, IOfficeCalendars calendars, TimeProvider time) : ScheduledJob(time)
{
    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        foreach (var officeId in await OfficesAsync(ct))
        {
            var year = (await calendars.ForAsync(officeId, now, ct)).Today.Year - 1;
            if (!archives.Exists(officeId, ArchivePeriod.Year(year)))
            {
                await archives.CreateAsync(officeId, ArchivePeriod.Year(year), "yearly", null, ct);
            }
        }
    }

    private async Task<IReadOnlyCollection<string>> OfficesAsync(CancellationToken ct)
    {
        var offices = new SortedSet<string>(StringComparer.Ordinal);
        var after = 0L;
        while (true)
        {
            var page = await store.ReadAllAsync(after, 1000, ct);
            if (page.Count == 0)
            {
                return offices;
            }

            offices.UnionWith(page.Select(e => e.Metadata.TenantId));
            after = page[^1].Position;
        }
    }
}
