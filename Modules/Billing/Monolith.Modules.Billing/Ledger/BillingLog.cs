using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.Modules.Billing.Ledger;

/// <summary>The office's billing events from the global log, in position order, decoded (for what is recomputed from the events, never
/// from the read models: balances as of a date, the FEC).</summary>
internal sealed class BillingLog(IEventStore store, EventSerializer serializer)
{
    private const int Page = 1000;

    public async IAsyncEnumerable<(RecordedEvent Recorded, object Event)> EventsAsync(
        string tenantId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var after = 0L;
        while (true)
        {
            var page = await store.ReadAllAsync(after, Page, ct);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var r in page)
            {
                if (r.Metadata.TenantId == tenantId && r.Type.StartsWith("billing.", StringComparison.Ordinal))
                {
                    yield return (r, (await serializer.DeserializeAsync(r, ct)).Event);
                }
            }

            after = page[^1].Position;
        }
    }
}
