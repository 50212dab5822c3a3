using System.Text.Json;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Offices;

/// <summary><see cref="IOfficeDirectory"/> folded from the office's own stream, not from the <c>offices_*</c> read models: the stream is
/// small (identity, time zone, terms versions) and a module reacting to a fact right after the office was set up must see what the
/// office already decided (read-your-writes) — a lagging read model made billing refuse invoices for an office whose legal identity
/// was recorded a moment before.</summary>
internal sealed class OfficeDirectory(BuildingBlocks.Deciders.CommandHandler handler) : IOfficeDirectory
{
    public async Task<OfficeProfile?> GetOfficeAsync(string officeId, CancellationToken ct = default)
    {
        var view = await LoadAsync(officeId, ct);
        return view?.OfficeId is null ? null : new OfficeProfile(view.OfficeId, view.Name!, view.TimeZone!, view.Legal);
    }

    public async Task<TermsOfSaleVersion?> GetTermsInForceAsync(string officeId, DateOnly on, CancellationToken ct = default) =>
        (await LoadAsync(officeId, ct))?.Terms
            .Where(t => t.EffectiveFrom <= on)
            .OrderByDescending(t => t.EffectiveFrom)
            .ThenByDescending(t => t.Version)
            .FirstOrDefault();

    public async Task<TermsOfSaleVersion?> GetTermsVersionAsync(string officeId, int version, CancellationToken ct = default) =>
        (await LoadAsync(officeId, ct))?.Terms.FirstOrDefault(t => t.Version == version);

    public async Task<IReadOnlyList<TermsOfSaleVersion>> ListTermsAsync(string officeId, CancellationToken ct = default) =>
        (await LoadAsync(officeId, ct))?.Terms ?? [];

    private async Task<OfficeView?> LoadAsync(string officeId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(officeId))
        {
            return null;
        }

        try
        {
            var loaded = await handler.LoadAsync(View, Office.StreamId(officeId), officeId, ct: ct);
            return loaded.Revision < 0 ? null : loaded.State;
        }
        catch (BuildingBlocks.Deciders.NotFoundException)
        {
            return null;
        }
    }

    private sealed record OfficeView(string? OfficeId, string? Name, string? TimeZone, LegalIdentity? Legal, IReadOnlyList<TermsOfSaleVersion> Terms);

    private static readonly BuildingBlocks.Deciders.Decider<OfficeCommand, OfficeEvent, OfficeView> View = new(
        (_, _) => throw new InvalidOperationException("The office directory only reads."),
        (view, e) => e switch
        {
            OfficeRegistered r => view with { OfficeId = r.OfficeId, Name = r.Name, TimeZone = r.TimeZone },
            OfficeRenamed r => view with { Name = r.Name },
            LegalIdentityChanged l => view with { Legal = l.Identity },
            TimeZoneChanged t => view with { TimeZone = t.TimeZone },
            TermsOfSalePublished t => view with
            {
                Terms = [.. view.Terms, new TermsOfSaleVersion(t.Version, t.Title, t.Text, t.Settings, t.EffectiveFrom, t.PublishedAt)],
            },
            _ => view,
        },
        new OfficeView(null, null, null, null, []));
}
