using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Billing.Numbering;

/// <summary>GET <c>/api/billing/credit-notes/{documentId}/html</c>: the credit note as a French document (office users; a customer for
/// their own).</summary>
internal static class PrintCreditNoteEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/credit-notes/{documentId}/html", HandleAsync).RequireAuthorization().WithName("GetCreditNoteHtml")
            .WithSummary("The credit note as a French HTML document.");

    internal static async Task<ContentHttpResult> HandleAsync(
        string documentId, ICallerContext caller, NumberedDocuments documents, IDocumentRenderer renderer, CancellationToken ct)
    {
        var note = await documents.LoadCreditNoteAsync(caller.TenantId, documentId, ct) ?? throw new NotFoundException("Credit note not found.");
        BillingAccess.RequireOwnRecord(caller, note.CustomerId);
        return TypedResults.Content(await renderer.RenderHtmlAsync("billing.credit-note", DocumentModels.CreditNote(note), ct), "text/html; charset=utf-8", Encoding.UTF8);
    }
}
