namespace Monolith.Modules.Billing.Contracts;

/// <summary>A selling module asks for a credit note refunding part of one of its invoices to the invoice's customer (CGI 289-I-5: the
/// credit note refers to the invoice by number and date). <paramref name="CreditNoteKey"/> makes it idempotent: the same key returns the
/// credit note already issued. <paramref name="Lines"/>: what is credited, at the invoice's prices and VAT rates.</summary>
public sealed record RefundCreditNoteRequest(string CreditNoteKey, string InvoiceId, IReadOnlyList<InvoiceLineRequest> Lines, string Reason);

/// <summary>A selling module's sale is cancelled (a subscription cancelled for non-payment, a booking cancelled): billing corrects its
/// invoice by a credit note of the whole invoice (CGI 289-I-5: it refers to the invoice by number and date; an invoice is never edited
/// or deleted). What the credit note cancels on the invoice's unpaid balance brings the customer account back; a part already paid is
/// owed back to the customer (refund). <paramref name="CreditNoteKey"/> makes it idempotent: the same key returns the credit note
/// already issued — derive it from the fact the caller reacts to.</summary>
public sealed record CancelInvoiceRequest(string CreditNoteKey, string InvoiceId, string Reason);

public sealed record IssuedRefundCreditNote(string CreditNoteId, string Number, string InvoiceNumber, long TotalTtc);

/// <summary>Credit notes for the selling modules (ticketing refunds a cancelled show's face value, fees kept; subscriptions cancels the
/// invoice of a subscription cancelled for non-payment).</summary>
public interface IBillingCreditNotes
{
    Task<IssuedRefundCreditNote> IssueRefundCreditNoteAsync(string officeId, RefundCreditNoteRequest request, CancellationToken ct = default);

    /// <summary>Cancels an invoice by a credit note of the whole invoice (see <see cref="CancelInvoiceRequest"/>). Refused
    /// (<c>DomainRuleViolation</c>) when part of the invoice was already credited; an unknown invoice is <c>NotFoundException</c>.</summary>
    Task<IssuedRefundCreditNote> CancelInvoiceAsync(string officeId, CancelInvoiceRequest request, CancellationToken ct = default);
}
