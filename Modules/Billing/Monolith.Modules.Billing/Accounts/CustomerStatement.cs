using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Accounts;

/// <summary>Builds the customer account (the marina portal's "Compte client") by folding a customer's events: the invoices and
/// credit notes issued to them (numbering streams) and their account stream. The same code serves the live read model and the
/// accountants' "as of a past date" replay (the caller passes only the events recorded up to that date).</summary>
internal static class CustomerStatement
{
    /// <summary>From issued invoices (<see cref="InvoiceIssued"/>) and account events, in order.</summary>
    public static CustomerAccountView Build(string customerId, IEnumerable<object> events, DateOnly today)
    {
        var list = events.ToList();
        var invoices = list.OfType<InvoiceIssued>()
            .Where(e => e.CustomerId == customerId)
            .Select(e => new CustomerAccountInvoice(e.InvoiceId, e.Number, e.IssueDate, e.DueDate, e.Label, e.Totals.TotalTtc, 0, e.Totals.TotalTtc));
        return Build(customerId, invoices, list.OfType<AccountEvent>(), today);
    }

    /// <summary>From the customer's invoices (the read model's rows: paid and balance are recomputed here) and their account stream.</summary>
    public static CustomerAccountView Build(string customerId, IEnumerable<CustomerAccountInvoice> invoices, IEnumerable<AccountEvent> accountEvents, DateOnly today)
    {
        long creditNotes = 0, payments = 0, refunds = 0, expired = 0;
        var state = CustomerAccountState.Initial with { CustomerId = customerId };
        foreach (var e in accountEvents.Where(e => e.CustomerId == customerId))
        {
            state = CustomerAccount.Evolve(state, e);
            switch (e)
            {
                case PaymentReceived p:
                    payments += p.Amount;
                    break;
                case CreditNoteApplied cn:
                    creditNotes += cn.Total;
                    break;
                case RefundRecorded r:
                    refunds += r.Amount;
                    break;
                case CustomerCreditExpired x:
                    expired += x.Amount;
                    break;
            }
        }

        var lines = invoices
            .Select(i => state.Position(i.InvoiceId) is var p
                ? i with { Paid = p.Paid + p.CreditedOnBalance, Balance = i.TotalTtc - p.Settled }
                : i)
            .OrderBy(i => i.IssueDate)
            .ThenBy(i => i.Number, StringComparer.Ordinal)
            .ToList();
        var totalInvoices = lines.Sum(i => i.TotalTtc);
        var credits = state.Credits.Values
            .Where(s => s.UsableOn(today))
            .OrderBy(s => s.ExpiresOn ?? DateOnly.MaxValue)
            .Select(s => new AvailableCredit(s.SourceId, s.Kind == CreditKind.Payment ? "trop-perçu" : "avoir", s.Remaining, s.ExpiresOn))
            .ToList();
        return new CustomerAccountView(
            customerId,
            lines,
            totalInvoices,
            creditNotes,
            payments,
            refunds,
            totalInvoices - creditNotes - payments + refunds + expired,
            credits);
    }
}
