using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Bookings.GroupBookings.Billing;

namespace Monolith.Modules.Bookings.GroupBookings.Quoting;

/// <summary>The quote and the contract (the signed quote) as billing renders commercial documents: PDF, or the HTML with
/// <c>?format=html</c> (also when chromium is not installed on the server).</summary>
internal static class QuoteDocument
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = GroupBookingRoutes.Staff(app).RequireAuthorization("office-read");
        group.MapGet("/{bookingId}/quote", (string bookingId, string? format, ICallerContext caller, GroupBookingStore store, BookingBilling billing, CancellationToken ct) =>
            RenderAsync(bookingId, format, contract: false, caller, store, billing, ct)).WithName("GetGroupQuoteDocument");
        group.MapGet("/{bookingId}/contract", (string bookingId, string? format, ICallerContext caller, GroupBookingStore store, BookingBilling billing, CancellationToken ct) =>
            RenderAsync(bookingId, format, contract: true, caller, store, billing, ct)).WithName("GetGroupContractDocument");
    }

    private static async Task<Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> RenderAsync(
        string bookingId, string? format, bool contract, ICallerContext caller, GroupBookingStore store, BookingBilling billing, CancellationToken ct)
    {
        var s = (await store.LoadAsync(caller.TenantId, bookingId, ct)).State;
        if (contract && s.SignedOn is null)
        {
            return TypedResults.Problem(statusCode: 409, title: "Le devis n'est pas encore signé : il n'y a pas de contrat.");
        }

        if (string.Equals(format, "html", StringComparison.OrdinalIgnoreCase))
        {
            var html = await billing.QuoteHtmlAsync(caller.TenantId, s, contract, ct);
            return TypedResults.Content(html.Html, "text/html; charset=utf-8");
        }

        var pdf = await billing.QuoteDocumentAsync(caller.TenantId, s, contract, ct);
        return pdf.Pdf is { } bytes
            ? TypedResults.File(bytes, "application/pdf", pdf.Document.FileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? pdf.Document.FileName : pdf.Document.FileName + ".pdf")
            : TypedResults.Problem(statusCode: 503, title: "Impression PDF indisponible sur ce serveur.", detail: pdf.UnavailableReason);
    }
}
