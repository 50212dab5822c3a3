using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Bookings.GroupBookings.Billing;

namespace Monolith.Modules.Bookings.Stays;

/// <summary><c>stay-cancelled</c> → billing corrects the stay's invoices to what the cancellation keeps (ADR 0024): the credit notes decided
/// in the event (per invoice, VAT rate and provider; the tourist tax in full), keys derived from the event and the invoice; then, when the
/// fee kept is above what was invoiced, the "frais d'annulation" invoice (<c>stay-{id}/cancellation-fee</c>, idempotent by its source
/// reference) attached to the stay. At-least-once: a replay issues nothing twice; a refusal (an invoice already credited by hand) is logged.</summary>
internal sealed partial class StayCancellationBilling(ILogger<StayCancellationBilling> logger) : IReactor
{
    public string Name => "bookings.stay-cancellation-billing";

    public bool Handles(string eventType) => eventType == "bookings.stay-cancelled";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider services, CancellationToken ct)
    {
        if (await services.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct) is not StayCancelled cancelled)
        {
            return;
        }

        var tenant = e.Metadata.TenantId;
        var handler = services.GetRequiredService<CommandHandler>();
        var s = (await handler.LoadAsync(ShortStay.Decider, ShortStay.StreamId(cancelled.StayId), tenant, ct: ct)).State;
        if (!s.Exists)
        {
            return;
        }

        var b = s.Booking!;
        var received = cancelled.ReceivedOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var creditNotes = services.GetRequiredService<IBillingCreditNotes>();
        foreach (var credit in (cancelled.Corrections ?? []).Where(c => c.Total > 0))
        {
            try
            {
                await creditNotes.IssueRefundCreditNoteAsync(tenant, new RefundCreditNoteRequest(
                    DeterministicGuid.Create(e.EventId, $"credit-note/{credit.InvoiceId}").ToString("N"), credit.InvoiceId,
                    [.. credit.Lines.Select(BookingBilling.Line)], $"Annulation du séjour {b.Reference} reçue le {received} : part non retenue et taxe de séjour"), ct);
            }
            catch (DomainRuleViolation violation)
            {
                LogRefused(logger, e.StreamId, violation.Code, violation.Message);
            }
        }

        if (cancelled.FeeInvoiceLines is not { Count: > 0 } feeLines || s.CancellationFeeInvoiceId is not null)
        {
            return;
        }

        try
        {
            var invoice = await services.GetRequiredService<BookingBilling>().IssueCancellationFeeInvoiceAsync(tenant, $"stay-{cancelled.StayId}/cancellation-fee",
                b.Customer, feeLines, $"Frais d'annulation — séjour {b.Reference} — {b.Lodging.Label}", ct);
            await handler.HandleAsync(ShortStay.Decider, ShortStay.StreamId(cancelled.StayId), new AttachStayCancellationFeeInvoice(invoice.InvoiceId, invoice.Number, e.RecordedAt),
                CommandContexts.ForSystem(tenant, "bookings", e.EventId, DeterministicGuid.Create(e.EventId, "attach-cancellation-fee-invoice")),
                CommandOptions.ExistingStream, ct);
        }
        catch (DomainRuleViolation violation)
        {
            LogRefused(logger, e.StreamId, violation.Code, violation.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bookings stay cancellation on {Stream} not corrected in billing ({Code}: {Reason}); retry by replaying")]
    private static partial void LogRefused(ILogger logger, string stream, string code, string reason);
}
