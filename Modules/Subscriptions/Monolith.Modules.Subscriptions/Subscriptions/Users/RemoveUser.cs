using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Subscriptions.Subscriptions.Users;

/// <summary>DELETE <c>/api/portal/subscriptions/{id}/users/{accountId}</c> (the manager) and <c>/api/subscriptions/{id}/users/{accountId}</c>
/// (office staff): the user's subscriber number stops giving benefits that day.</summary>
internal static class RemoveUserEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        SubscriptionRoutes.Portal(app).MapDelete("/subscriptions/{subscriptionId}/users/{accountId}", async (string subscriptionId, string accountId, ICallerContext caller,
            HttpContext http, SubscriptionStream subscriptions, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            await subscriptions.LoadManagedAsync(caller, subscriptionId, ct);
            var result = await RemoveAsync(handler, subscriptions, time, caller.TenantId, subscriptionId, accountId, caller.ForRequest(http), ct);
            return Revisioned.Ok(http, SubscriptionResponse.From(result.State), result.Revision);
        }).Idempotent().RequireIfMatch().WithSummary("The manager removes a user: their subscriber number stops giving benefits that day.");

        SubscriptionRoutes.Staff(app).MapDelete("/{subscriptionId}/users/{accountId}", async (string subscriptionId, string accountId, ICallerContext caller, HttpContext http,
            SubscriptionStream subscriptions, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var result = await RemoveAsync(handler, subscriptions, time, caller.TenantId, subscriptionId, accountId, caller.ForRequest(http), ct);
            return Revisioned.Ok(http, SubscriptionResponse.From(result.State), result.Revision);
        }).RequireAuthorization("office-staff").Idempotent().RequireIfMatch();
    }

    private static async Task<CommandResult<SubscriptionEvent, SubscriptionState>> RemoveAsync(
        CommandHandler handler, SubscriptionStream subscriptions, TimeProvider time, string tenantId, string subscriptionId, string accountId, CommandContext context,
        CancellationToken ct)
    {
        var (_, today) = await subscriptions.LoadAsync(tenantId, subscriptionId, ct);
        return await handler.HandleAsync(
            Subscription.Decider, Subscription.StreamId(subscriptionId), new RemoveUser(accountId, today, time.GetUtcNow()), context, CommandOptions.ExistingStream, ct);
    }
}
