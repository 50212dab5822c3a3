using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Billing.Numbering;

/// <summary>GET <c>/api/billing/invoices/{invoiceId}</c>: the invoice as issued, read from its numbering day (office users; a customer
/// for their own).</summary>
internal static class GetInvoiceEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/invoices/{invoiceId}", HandleAsync).RequireAuthorization().WithName("GetInvoice")
            .WithSummary("The invoice as issued (never changed): seller, customer, lines, VAT per rate, totals, due date.");

    internal static async Task<Ok<InvoiceIssued>> HandleAsync(string invoiceId, ICallerContext caller, NumberedDocuments documents, CancellationToken ct) =>
        TypedResults.Ok(await documents.RequireVisibleInvoiceAsync(caller, invoiceId, ct));
}
