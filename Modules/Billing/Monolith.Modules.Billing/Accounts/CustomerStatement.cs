using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;

namespace Monolith.Modules.Billing.Accounts;

/// <summary>Builds the customer account (the marina portal's "Compte client") by folding a customer's events: the invoices and
/// credit notes issued to them (numbering streams) and their account stream. The same code serves the live read model and the
/// accountants' "as of a past date" replay (the caller passes only the events recorded up to that date).</summary>
internal static class CustomerStatement
{
    public static CustomerAccountView Build(string customerId, IEnumerable<object> events, DateOnly today)
    {
        var invoices = new Dictionary<string, CustomerAccountInvoice>();
        long creditNotes = 0, payments = 0, refunds = 0, expired = 0;
        var state = CustomerAccountState.Initial with { CustomerId = customerId };
        foreach (var @event in events)
        {
            switch (@event)
            {
                case InvoiceIssued e when e.CustomerId == customerId:
                    invoices[e.InvoiceId] = new CustomerAccountInvoice(e.InvoiceId, e.Number, e.IssueDate, e.DueDate, e.Label, e.Totals.TotalTtc, 0, e.Totals.TotalTtc);
                    break;
                case AccountEvent e when e.CustomerId == customerId:
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

                    break;
            }
        }

        var lines = invoices.Values
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
