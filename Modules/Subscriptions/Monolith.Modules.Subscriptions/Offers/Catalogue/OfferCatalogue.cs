using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Subscriptions.Offers.Catalogue;

/// <summary>GET <c>/api/subscriptions/offers</c> (office: every offer, withdrawn ones included) and GET
/// <c>/api/public/offices/{officeId}/subscription-offers</c> (anyone: the offers open to online sign-up), over <c>subscriptions_offers</c>.</summary>
internal static class OfferCatalogueEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        OfferRoutes.Group(app).MapGet("/", async Task<Ok<Paged<OfferResponse>>> (int? page, int? pageSize, ICallerContext caller, IReadModelDatabase connections,
                CancellationToken ct) => TypedResults.Ok(await ListAsync(connections, caller.TenantId, onlyAvailable: false, page, pageSize, ct)))
            .RequireAuthorization("office-read").WithName("ListSubscriptionOffers").WithSummary("Every offer of the office, withdrawn ones included (paged).");

        app.MapGet("/api/public/offices/{officeId}/subscription-offers", async Task<Ok<Paged<OfferResponse>>> (string officeId, int? page, int? pageSize,
                IReadModelDatabase connections, CancellationToken ct) => TypedResults.Ok(await ListAsync(connections, officeId, onlyAvailable: true, page, pageSize, ct)))
            .AllowAnonymous().WithTags("Subscriptions").WithName("ListPublicSubscriptionOffers").WithSummary("The offers an organisation can subscribe to online (paged).");
    }

    private static async Task<Paged<OfferResponse>> ListAsync(
        IReadModelDatabase connections, string officeId, bool onlyAvailable, int? page, int? pageSize, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<Row>(
            connection,
            "offer_id AS OfferId, name AS Name, max_users AS MaxUsers, price_ttc AS PriceTtc, vat_rate_bp AS VatRateBasisPoints, available AS Available",
            $"FROM subscriptions_offers WHERE office_id = @officeId {(onlyAvailable ? "AND available = 1" : string.Empty)}",
            "max_users, name, offer_id",
            new { officeId },
            page,
            pageSize);
        return rows.Map(r => new OfferResponse(r.OfferId, r.Name, (int)r.MaxUsers, r.PriceTtc, VatRate.Of((int)r.VatRateBasisPoints), r.Available != 0));
    }

    /// <summary>A row as stored (integers whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class Row
    {
        public string OfferId { get; set; } = "";

        public string Name { get; set; } = "";

        public long MaxUsers { get; set; }

        public long PriceTtc { get; set; }

        public long VatRateBasisPoints { get; set; }

        public long Available { get; set; }
    }
}
