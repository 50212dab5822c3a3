using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Subscriptions.Subscriptions.Details;

/// <summary>GET <c>/api/portal/subscriptions/{id}</c> (its manager only; 404 otherwise) and <c>/api/subscriptions/{id}</c> (office):
/// the subscription folded from its stream; its ETag is the revision for If-Match.</summary>
internal static class GetSubscriptionEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        SubscriptionRoutes.Portal(app).MapGet("/subscriptions/{subscriptionId}", async (string subscriptionId, ICallerContext caller, SubscriptionStream subscriptions,
            HttpContext http, CancellationToken ct) =>
        {
            var loaded = await subscriptions.LoadManagedAsync(caller, subscriptionId, ct);
            return Revisioned.Ok(http, SubscriptionResponse.From(loaded.State), loaded.Revision);
        }).WithSummary("A subscription the caller manages (404 otherwise); its ETag is the revision for If-Match.");

        SubscriptionRoutes.Staff(app).MapGet("/{subscriptionId}", async (string subscriptionId, ICallerContext caller, CommandHandler handler, HttpContext http, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(Subscription.Decider, Subscription.StreamId(subscriptionId), caller.TenantId, mustExist: true, ct);
            return Revisioned.Ok(http, SubscriptionResponse.From(loaded.State), loaded.Revision);
        }).RequireAuthorization("office-read");
    }
}
