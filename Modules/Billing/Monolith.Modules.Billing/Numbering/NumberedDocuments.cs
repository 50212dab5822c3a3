using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Billing.Numbering;

/// <summary>Issued invoices and credit notes read back from their numbering day by id (consumer details decrypted, or erased once
/// forgotten). Null when absent or another office's.</summary>
internal sealed class NumberedDocuments(DocumentNumbering numbering)
{
    public async Task<InvoiceIssued?> LoadInvoiceAsync(string officeId, string invoiceId, CancellationToken ct = default) =>
        DocumentSeries.TryParseDocumentId(invoiceId, out var series, out var year, out var sequence) && series.Kind == DocumentKind.Invoice
        && await numbering.FindAsync(series, officeId, year, sequence, ct) is InvoiceIssued i && i.InvoiceId == invoiceId
            ? i
            : null;

    public async Task<CreditNoteIssued?> LoadCreditNoteAsync(string officeId, string documentId, CancellationToken ct = default) =>
        DocumentSeries.TryParseDocumentId(documentId, out var series, out var year, out var sequence) && series.Kind == DocumentKind.CreditNote
        && await numbering.FindAsync(series, officeId, year, sequence, ct) is CreditNoteIssued c && c.DocumentId == documentId
            ? c
            : null;

    public async Task<InvoiceIssued> RequireInvoiceAsync(string officeId, string invoiceId, CancellationToken ct) =>
        await LoadInvoiceAsync(officeId, invoiceId, ct) ?? throw new NotFoundException($"Invoice '{invoiceId}' not found.");

    /// <summary>The invoice if the caller may see it (an office user, or the customer it is addressed to); "not found" otherwise.</summary>
    public async Task<InvoiceIssued> RequireVisibleInvoiceAsync(ICallerContext caller, string invoiceId, CancellationToken ct)
    {
        var invoice = await LoadInvoiceAsync(caller.TenantId, invoiceId, ct) ?? throw new NotFoundException("Invoice not found.");
        BillingAccess.RequireOwnRecord(caller, invoice.CustomerId);
        return invoice;
    }
}
