using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Payments;

/// <summary><see cref="IBillingCreditNotes"/> over the credit-note use case: a credit note (disposition Refund) whose id derives from the
/// caller's key, so a replayed reactor issues nothing twice.</summary>
internal sealed class CreditNotesFacade(CreditNoteIssuer issuer) : IBillingCreditNotes
{
    public async Task<IssuedRefundCreditNote> IssueRefundCreditNoteAsync(string officeId, RefundCreditNoteRequest request, CancellationToken ct = default)
    {
        var issued = await issuer.IssueAsync(BillingOffices.SystemContext(officeId), request.InvoiceId,
            new CreditNoteRequest(Id(officeId, request.CreditNoteKey), request.Lines, request.Reason, CreditNoteDisposition.Refund, null), ct);
        return new IssuedRefundCreditNote(issued.DocumentId, issued.Number, issued.InvoiceNumber, issued.TotalTtc);
    }

    /// <summary>A credit note of the whole invoice (no lines = every line of the invoice); what it does not cancel on the unpaid balance is
    /// owed back to the customer.</summary>
    public async Task<IssuedRefundCreditNote> CancelInvoiceAsync(string officeId, CancelInvoiceRequest request, CancellationToken ct = default)
    {
        var issued = await issuer.IssueAsync(BillingOffices.SystemContext(officeId), request.InvoiceId,
            new CreditNoteRequest(Id(officeId, request.CreditNoteKey), null, request.Reason, CreditNoteDisposition.Refund, null), ct);
        return new IssuedRefundCreditNote(issued.DocumentId, issued.Number, issued.InvoiceNumber, issued.TotalTtc);
    }

    private static string Id(string officeId, string key) =>
        DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"credit-note/{officeId}/{key}").ToString("N");
}
