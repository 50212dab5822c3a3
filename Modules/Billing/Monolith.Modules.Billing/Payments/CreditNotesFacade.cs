using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Payments;

/// <summary><see cref="IBillingCreditNotes"/> over the credit-note use case: a refund credit note (disposition Refund) whose id derives
/// from the caller's key, so a replayed reactor issues nothing twice.</summary>
internal sealed class CreditNotesFacade(CreditNoteIssuer issuer) : IBillingCreditNotes
{
    public async Task<IssuedRefundCreditNote> IssueRefundCreditNoteAsync(string officeId, RefundCreditNoteRequest request, CancellationToken ct = default)
    {
        var id = DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"credit-note/{officeId}/{request.CreditNoteKey}").ToString("N");
        var issued = await issuer.IssueAsync(BillingOffices.SystemContext(officeId), request.InvoiceId,
            new CreditNoteRequest(id, request.Lines, request.Reason, CreditNoteDisposition.Refund, null), ct);
        return new IssuedRefundCreditNote(issued.DocumentId, issued.Number, issued.InvoiceNumber, issued.TotalTtc);
    }
}
