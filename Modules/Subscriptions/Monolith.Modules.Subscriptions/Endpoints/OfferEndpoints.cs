using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Subscriptions.Offers;

namespace Monolith.Modules.Subscriptions.Endpoints;

/// <summary>The office's subscription offers (tiers): staff define them, anyone may list the available ones to subscribe.</summary>
internal static class OfferEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subscriptions/offers").WithTags("Subscriptions");

        group.MapGet("/", async (ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
            Results.Ok(await ListAsync(connections, caller.TenantId, onlyAvailable: false, ct)))
            .RequireAuthorization("office-read").WithSummary("Every offer of the office, withdrawn ones included.");

        group.MapPost("/", async (OfferRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var offerId = IdempotencyScope.NewId()[..12];
            var result = await handler.HandleAsync(
                Offer.Decider, Offer.StreamId(caller.TenantId, offerId),
                new DefineOffer(offerId, request.Name, request.MaxUsers, request.PriceTtc, request.VatRateBasisPoints, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            return Results.Created($"/api/subscriptions/offers/{offerId}", ToResponse(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-admin").Validate<OfferRequest>().Idempotent()
          .WithSummary("Defines an offer: 3 to 10 users, yearly price TTC in cents, VAT rate in basis points (2000 = 20 %).");

        group.MapPut("/{offerId}", async (string offerId, OfferRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(
                Offer.Decider, Offer.StreamId(caller.TenantId, offerId),
                new ChangeOffer(request.Name, request.MaxUsers, request.PriceTtc, request.VatRateBasisPoints, time.GetUtcNow()), caller.ForRequest(http),
                CommandOptions.ExistingStream, ct);
            return Results.Ok(ToResponse(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-admin").Validate<OfferRequest>().Idempotent()
          .WithSummary("Changes an offer for new subscriptions and renewals (running periods keep their price).");

        group.MapDelete("/{offerId}", async (string offerId, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            await handler.HandleAsync(
                Offer.Decider, Offer.StreamId(caller.TenantId, offerId), new WithdrawOffer(time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Results.NoContent();
        }).RequireAuthorization("office-admin").Idempotent().WithSummary("Withdraws an offer: no new subscription; renewals keep the last price.");

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
        return [.. rows.Select(r => new OfferResponse(r.OfferId, r.Name, (int)r.MaxUsers, r.PriceTtc, (int)r.VatRateBasisPoints, r.Available != 0))];
    }

    private static OfferResponse ToResponse(OfferState s) => new(s.OfferId!, s.Name, s.MaxUsers, s.PriceTtc, s.VatRateBasisPoints, s.Available);

    private sealed record Row(string OfferId, string Name, long MaxUsers, long PriceTtc, long VatRateBasisPoints, long Available);
}
