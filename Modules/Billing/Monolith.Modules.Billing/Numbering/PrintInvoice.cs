using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Pdf;

namespace Monolith.Modules.Billing.Numbering;

/// <summary>GET <c>/api/billing/invoices/{invoiceId}/html</c> and <c>/pdf</c>: the invoice as a French document, with the balance still
/// due (PDF printed by headless chromium; 503 when it is not installed).</summary>
internal static class PrintInvoiceEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = BillingAccess.Api(app);
        group.MapGet("/invoices/{invoiceId}/html", HtmlAsync).RequireAuthorization().WithName("GetInvoiceHtml").WithSummary("The invoice as a French HTML document.");
        group.MapGet("/invoices/{invoiceId}/pdf", PdfAsync).RequireAuthorization().WithName("GetInvoicePdf")
            .WithSummary("The invoice as PDF (printed by headless chromium; 503 when chromium is not installed).");
    }

    internal static async Task<ContentHttpResult> HtmlAsync(
        string invoiceId, ICallerContext caller, NumberedDocuments documents, PaymentRequests payments, IDocumentRenderer renderer, CancellationToken ct) =>
        TypedResults.Content(
            await RenderAsync(await documents.RequireVisibleInvoiceAsync(caller, invoiceId, ct), caller, payments, renderer, ct), "text/html; charset=utf-8", Encoding.UTF8);

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(
        string invoiceId, ICallerContext caller, NumberedDocuments documents, PaymentRequests payments, IDocumentRenderer renderer, ChromiumPdfPrinter pdf,
        CancellationToken ct)
    {
        var invoice = await documents.RequireVisibleInvoiceAsync(caller, invoiceId, ct);
        var html = await RenderAsync(invoice, caller, payments, renderer, ct);
        if (!pdf.IsAvailable)
        {
            return TypedResults.Problem(
                detail: $"{BillingProblems.PdfUnavailable}. The HTML is at /api/billing/invoices/{invoiceId}/html.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "PDF rendering is not available",
                type: "https://monolith.example/problems/billing/pdf-unavailable");
        }

        // A business customer's PDF carries its Factur-X XML (EN 16931); a consumer's stays a plain PDF.
        return TypedResults.File(EInvoicing.BusinessPdf.ForInvoice(invoice, await pdf.PrintAsync(html, ct)), "application/pdf", DocumentFileNames.Invoice(invoice.Number));
    }

    private static async Task<string> RenderAsync(
        InvoiceIssued invoice, ICallerContext caller, PaymentRequests payments, IDocumentRenderer renderer, CancellationToken ct)
    {
        var payment = await payments.GetAsync(caller.TenantId, invoice.InvoiceId, ct);
        return await renderer.RenderOfficeDocumentAsync(caller.TenantId, "billing.invoice", DocumentModels.Invoice(invoice, payment?.Amount), ct);
    }
}
