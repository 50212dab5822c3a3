namespace Monolith.Modules.Billing.Contracts;

/// <summary>A selling module asks for a credit note refunding part of one of its invoices to the invoice's customer (CGI 289-I-5: the
/// credit note refers to the invoice by number and date). <paramref name="CreditNoteKey"/> makes it idempotent: the same key returns the
/// credit note already issued. <paramref name="Lines"/>: what is credited, at the invoice's prices and VAT rates.</summary>
public sealed record RefundCreditNoteRequest(string CreditNoteKey, string InvoiceId, IReadOnlyList<InvoiceLineRequest> Lines, string Reason);

public sealed record IssuedRefundCreditNote(string CreditNoteId, string Number, string InvoiceNumber, long TotalTtc);

/// <summary>Credit notes for the selling modules (ticketing refunds a cancelled show's face value, fees kept).</summary>
public interface IBillingCreditNotes
{
    Task<IssuedRefundCreditNote> IssueRefundCreditNoteAsync(string officeId, RefundCreditNoteRequest request, CancellationToken ct = default);
}
