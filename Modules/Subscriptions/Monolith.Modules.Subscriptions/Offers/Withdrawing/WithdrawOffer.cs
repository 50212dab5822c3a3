using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Subscriptions.Offers.Withdrawing;

/// <summary>DELETE <c>/api/subscriptions/offers/{offerId}</c> (office admin): no new subscription; renewals keep the last price.</summary>
internal static class WithdrawOfferEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        OfferRoutes.Group(app).MapDelete("/{offerId}", async (string offerId, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time,
            CancellationToken ct) =>
        {
            await handler.HandleAsync(
                Offer.Decider, Offer.StreamId(caller.TenantId, offerId), new WithdrawOffer(time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization("office-admin").Idempotent().RequireIfMatch().WithSummary("Withdraws an offer: no new subscription; renewals keep the last price.");
}
