using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Accounts;

/// <summary>Reads a customer account stream, and turns requested allocations into the facts of the invoices they touch (read from
/// their numbering day: issued invoices never change, so the facts cannot go stale).</summary>
internal sealed class AccountReader(IEventStore store, EventSerializer serializer, NumberedDocuments documents)
{
    public async Task<IReadOnlyList<AccountEvent>> ReadAsync(string officeId, string customerId, CancellationToken ct = default)
    {
        var recorded = await store.ReadStreamAsync(CustomerAccount.StreamId(officeId, customerId), ReadDirection.Forwards, null, int.MaxValue, ct);
        if (recorded.Any(r => r.Metadata.TenantId != officeId))
        {
            return [];
        }

        var events = new List<AccountEvent>(recorded.Count);
        foreach (var r in recorded)
        {
            if ((await serializer.DeserializeAsync(r, ct)).Event is AccountEvent e)
            {
                events.Add(e);
            }
        }

        return events;
    }

    public async Task<IReadOnlyList<Allocation>> AllocationsAsync(string officeId, IReadOnlyList<PaymentAllocationRequest> requests, CancellationToken ct)
    {
        var allocations = new List<Allocation>(requests.Count);
        foreach (var a in requests)
        {
            allocations.Add(new Allocation(InvoiceFacts.From(await documents.RequireInvoiceAsync(officeId, a.InvoiceId, ct)), a.Amount));
        }

        return allocations;
    }
}
