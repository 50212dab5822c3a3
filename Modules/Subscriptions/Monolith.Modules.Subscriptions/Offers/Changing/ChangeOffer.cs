using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Subscriptions.Offers.Changing;

/// <summary>PUT <c>/api/subscriptions/offers/{offerId}</c> (office admin): changes an offer for new subscriptions and renewals.</summary>
internal static class ChangeOfferEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        OfferRoutes.Group(app).MapPut("/{offerId}", async (string offerId, OfferRequest request, ICallerContext caller, HttpContext http, CommandHandler handler,
            TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(
                Offer.Decider, Offer.StreamId(caller.TenantId, offerId),
                new ChangeOffer(request.Name, request.MaxUsers, request.PriceTtc, request.VatRate.BasisPoints, time.GetUtcNow()), caller.ForRequest(http),
                CommandOptions.ExistingStream, ct);
            return Revisioned.Ok(http, OfferResponse.From(result.State), result.Revision);
        }).RequireAuthorization("office-admin").Validate<OfferRequest>().Idempotent().RequireIfMatch()
          .WithSummary("Changes an offer for new subscriptions and renewals (running periods keep their price).");
}
