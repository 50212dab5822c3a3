using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Pdf;

namespace Monolith.Modules.Billing.Numbering;

/// <summary>GET <c>/api/billing/credit-notes/{documentId}</c> (the credit note as issued), <c>/html</c> and <c>/pdf</c> (the French
/// document; PDF printed through <see cref="IPdfPrinter"/> like invoices, 503 when chromium is not installed). Office users; a customer
/// for their own.</summary>
internal static class PrintCreditNoteEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = BillingAccess.Api(app);
        group.MapGet("/credit-notes/{documentId}", GetAsync).RequireAuthorization().WithName("GetCreditNote")
            .WithSummary("The credit note as issued (never changed): the invoice it corrects, customer, lines, VAT per rate, totals.");
        group.MapGet("/credit-notes/{documentId}/html", HandleAsync).RequireAuthorization().WithName("GetCreditNoteHtml")
            .WithSummary("The credit note as a French HTML document.");
        group.MapGet("/credit-notes/{documentId}/pdf", PdfAsync).RequireAuthorization().WithName("GetCreditNotePdf")
            .WithSummary("The credit note as PDF (printed by headless chromium; 503 when chromium is not installed).");
    }

    internal static async Task<Ok<CreditNoteIssued>> GetAsync(string documentId, ICallerContext caller, NumberedDocuments documents, CancellationToken ct) =>
        TypedResults.Ok(await RequireVisibleAsync(documentId, caller, documents, ct));

    internal static async Task<ContentHttpResult> HandleAsync(
        string documentId, ICallerContext caller, NumberedDocuments documents, IDocumentRenderer renderer, CancellationToken ct)
    {
        var note = await RequireVisibleAsync(documentId, caller, documents, ct);
        return TypedResults.Content(await renderer.RenderOfficeDocumentAsync(caller.TenantId, "billing.credit-note", DocumentModels.CreditNote(note), ct), "text/html; charset=utf-8", Encoding.UTF8);
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(
        string documentId, ICallerContext caller, NumberedDocuments documents, IDocumentRenderer renderer, IPdfPrinter pdf, CancellationToken ct)
    {
        var note = await RequireVisibleAsync(documentId, caller, documents, ct);
        if (!pdf.IsAvailable)
        {
            return TypedResults.Problem(
                detail: $"{BillingProblems.PdfUnavailable}. The HTML is at /api/billing/credit-notes/{documentId}/html.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "PDF rendering is not available",
                type: "https://monolith.example/problems/billing/pdf-unavailable");
        }

        var html = await renderer.RenderOfficeDocumentAsync(caller.TenantId, "billing.credit-note", DocumentModels.CreditNote(note), ct);
        return TypedResults.File(EInvoicing.BusinessPdf.ForCreditNote(note, await pdf.PrintAsync(html, ct)), "application/pdf", DocumentFileNames.CreditNote(note.Number));
    }

    private static async Task<CreditNoteIssued> RequireVisibleAsync(string documentId, ICallerContext caller, NumberedDocuments documents, CancellationToken ct)
    {
        var note = await documents.LoadCreditNoteAsync(caller.TenantId, documentId, ct) ?? throw new NotFoundException("Credit note not found.");
        BillingAccess.RequireOwnRecord(caller, note.CustomerId);
        return note;
    }
}
