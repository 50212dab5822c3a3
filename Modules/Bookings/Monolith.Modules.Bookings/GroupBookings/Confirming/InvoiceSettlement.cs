using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.Modules.Bookings.GroupBookings.Billing;

namespace Monolith.Modules.Bookings.GroupBookings.Confirming;

/// <summary>The one place a settled invoice moves a booking on: the deposit invoice settled → deposit received (the booking is firm);
/// the final invoice settled → balance received (the exchange vouchers follow). Called by the reactor on billing's published
/// "invoice settled" fact (deterministic ids from the fact's event id), and after a payment recorded through this module.</summary>
internal sealed class InvoiceSettlement(GroupBookingStore store, BookingBilling billing, CommandHandler handler, TimeProvider time)
{
    /// <summary>Billing says the invoice with this source reference is settled.</summary>
    public async Task OnSettledAsync(string tenantId, string sourceReference, DateOnly settledOn, Guid causationEventId, CancellationToken ct)
    {
        // A short stay's invoices: "stay-{id}/booking" (deposit or full price, with the tourist tax) and "stay-{id}/balance".
        if (sourceReference.StartsWith("stay-", StringComparison.Ordinal) && sourceReference.LastIndexOf('/') is var slash and > 5)
        {
            var kind = sourceReference[(slash + 1)..];
            if (kind is "booking" or "balance")
            {
                await handler.HandleAsync(Stays.ShortStay.Decider, Stays.ShortStay.StreamId(sourceReference["stay-".Length..slash]),
                    new Stays.RecordStayPayment(kind == "balance", settledOn, time.GetUtcNow()),
                    CommandContexts.ForSystem(tenantId, "bookings", causationEventId, DeterministicGuid.Create(causationEventId, "invoice-settled")),
                    CommandOptions.ExistingStream, ct);
            }

            return;
        }

        // A group bundle's invoice: "bundle-{id}".
        if (sourceReference.StartsWith("bundle-", StringComparison.Ordinal) && !sourceReference.Contains('/', StringComparison.Ordinal))
        {
            await handler.HandleAsync(Bundles.Bundle.Decider, Bundles.Bundle.StreamId(sourceReference["bundle-".Length..]), new Bundles.RecordBundlePaid(settledOn, time.GetUtcNow()),
                CommandContexts.ForSystem(tenantId, "bookings", causationEventId, DeterministicGuid.Create(causationEventId, "invoice-settled")),
                CommandOptions.ExistingStream, ct);
            return;
        }

        if (!BookingBilling.TryParseSourceReference(sourceReference, out var bookingId, out var final))
        {
            return;
        }

        GroupBookingCommand command = final ? new RecordBalanceReceived(settledOn, time.GetUtcNow()) : new RecordDepositReceived(settledOn, time.GetUtcNow());
        await store.HandleAsync(bookingId, command,
            CommandContexts.ForSystem(tenantId, "bookings", causationEventId, DeterministicGuid.Create(causationEventId, "invoice-settled")), ct);
    }

    /// <summary>After a payment recorded here: asks billing for the invoice's balance and settles the booking's step when nothing is left.</summary>
    public async Task<bool> CheckAsync(string tenantId, string bookingId, string invoiceId, bool final, DateOnly on, CommandContext context, CancellationToken ct)
    {
        if (await billing.BalanceAsync(tenantId, invoiceId, ct) is not (null or <= 0))
        {
            return false;
        }

        GroupBookingCommand command = final ? new RecordBalanceReceived(on, time.GetUtcNow()) : new RecordDepositReceived(on, time.GetUtcNow());
        await store.HandleAsync(bookingId, command, context, ct);
        return true;
    }
}
