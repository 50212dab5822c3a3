using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Subscriptions.Offers.Defining;

/// <summary>POST <c>/api/subscriptions/offers</c> (office admin): defines an offer.</summary>
internal static class DefineOfferEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        OfferRoutes.Group(app).MapPost("/", async (OfferRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time,
            CancellationToken ct) =>
        {
            var offerId = IdempotencyScope.NewId()[..12];
            var result = await handler.HandleAsync(
                Offer.Decider, Offer.StreamId(caller.TenantId, offerId),
                new DefineOffer(offerId, request.Name, request.MaxUsers, request.PriceTtc, request.VatRate.BasisPoints, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            return Revisioned.Created(http, $"/api/subscriptions/offers/{offerId}", OfferResponse.From(result.State), result.Revision);
        }).RequireAuthorization("office-admin").Validate<OfferRequest>().Idempotent()
          .WithSummary("Defines an offer: 3 to 10 users, yearly price TTC in cents, VAT rate in basis points (2000 = 20 %).");
}
