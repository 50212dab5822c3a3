using Monolith.BuildingBlocks.Facts;
using Published = Monolith.Modules.Billing.Contracts.Facts;

namespace Monolith.Modules.Billing.Accounts;

/// <summary>The facts a customer-account decision publishes, appended with its events: a payment received, an invoice settled (the
/// one definition of "paid": <see cref="CustomerAccountState.IsSettled"/> became true), an invoice overdue.</summary>
internal static class AccountFacts
{
    public static IEnumerable<IIntegrationEvent> Publish(AccountCommand command, CustomerAccountState before, IReadOnlyList<AccountEvent> events, CustomerAccountState after)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case PaymentReceived r:
                    yield return new Published.PaymentReceived(r.PaymentId, r.CustomerId, r.Details.Method, r.Amount, r.ReceivedOn);
                    break;
                case InvoiceOverdueRecorded o when command is RecordInvoiceOverdue c:
                    yield return new Published.InvoiceOverdue(o.InvoiceId, o.InvoiceNumber, o.CustomerId, c.Invoice.SourceModule, c.Invoice.SourceReference, o.DueDate, o.Balance, o.On);
                    break;
            }
        }

        var (invoices, paidOn, at) = Touched(command);
        foreach (var invoice in invoices.DistinctBy(i => i.InvoiceId))
        {
            if (!before.IsSettled(invoice) && after.IsSettled(invoice))
            {
                yield return new Published.InvoiceSettled(
                    invoice.InvoiceId, invoice.Number, invoice.CustomerId, invoice.SourceModule, invoice.SourceReference, invoice.TotalTtc,
                    after.Position(invoice.InvoiceId).Paid, paidOn, at);
            }
        }
    }

    /// <summary>The invoices a command may settle, the business date of the money (when it has one) and the time of the decision.</summary>
    private static (IReadOnlyList<InvoiceFacts> Invoices, DateOnly? PaidOn, DateTimeOffset At) Touched(AccountCommand command) => command switch
    {
        RecordPayment c => ([.. c.Allocations.Select(a => a.Invoice)], c.ReceivedOn, c.At),
        RecordInvoicePayment c => ([c.Invoice], c.ReceivedOn, c.At),
        ConfirmPayment c => ([.. c.Allocations.Select(a => a.Invoice)], c.ReceivedOn, c.At),
        AllocatePayment c => ([.. c.Allocations.Select(a => a.Invoice)], null, c.At),
        UseCustomerCredit c => ([c.Invoice], c.On, c.At),
        ApplyCreditNote c => ([c.Invoice], null, c.At),
        _ => ([], null, default),
    };
}
