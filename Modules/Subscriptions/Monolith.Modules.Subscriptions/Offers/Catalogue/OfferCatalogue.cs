using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
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
        OfferRoutes.Group(app).MapGet("/", async (ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
            Results.Ok(await ListAsync(connections, caller.TenantId, onlyAvailable: false, ct)))
            .RequireAuthorization("office-read").WithSummary("Every offer of the office, withdrawn ones included.");

        app.MapGet("/api/public/offices/{officeId}/subscription-offers", async (string officeId, SqliteConnectionFactory connections, CancellationToken ct) =>
            Results.Ok(await ListAsync(connections, officeId, onlyAvailable: true, ct)))
            .AllowAnonymous().WithTags("Subscriptions").WithSummary("The offers an organisation can subscribe to online.");
    }

    private static async Task<IReadOnlyList<OfferResponse>> ListAsync(SqliteConnectionFactory connections, string officeId, bool onlyAvailable, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(
            $"""
            SELECT offer_id AS OfferId, name AS Name, max_users AS MaxUsers, price_ttc AS PriceTtc, vat_rate_bp AS VatRateBasisPoints, available AS Available
            FROM subscriptions_offers WHERE office_id = @officeId {(onlyAvailable ? "AND available = 1" : string.Empty)} ORDER BY max_users, name
            """,
            new { officeId });
        return [.. rows.Select(r => new OfferResponse(r.OfferId, r.Name, (int)r.MaxUsers, r.PriceTtc, VatRate.Of((int)r.VatRateBasisPoints), r.Available != 0))];
    }

    private sealed record Row(string OfferId, string Name, long MaxUsers, long PriceTtc, long VatRateBasisPoints, long Available);
}
