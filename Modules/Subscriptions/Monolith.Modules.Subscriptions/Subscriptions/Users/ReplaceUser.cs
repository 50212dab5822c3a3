using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Subscriptions.Subscriptions.Users;

/// <summary>PUT <c>/api/portal/subscriptions/{id}/users/{accountId}</c> (the manager) and <c>/api/subscriptions/{id}/users/{accountId}</c>
/// (office staff): replaces a user by another person; the old number stops, the new user gets one.</summary>
internal static class ReplaceUserEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        SubscriptionRoutes.Portal(app).MapPut("/subscriptions/{subscriptionId}/users/{accountId}", async (string subscriptionId, string accountId, PersonRequest request,
            ICallerContext caller, HttpContext http, SubscriptionStream subscriptions, ReplacingUser replacing, CancellationToken ct) =>
        {
            await subscriptions.LoadManagedAsync(caller, subscriptionId, ct);
            var result = await replacing.ReplaceAsync(caller.TenantId, subscriptionId, accountId, request, caller.ForRequest(http), ct);
            return Revisioned.Ok(http, SubscriptionResponse.From(result.State), result.Revision);
        }).Validate<PersonRequest>().Idempotent().RequireIfMatch().WithSummary("The manager replaces a user by another person (the old number stops, the new user gets one).");

        SubscriptionRoutes.Staff(app).MapPut("/{subscriptionId}/users/{accountId}", async (string subscriptionId, string accountId, PersonRequest request, ICallerContext caller,
            HttpContext http, ReplacingUser replacing, CancellationToken ct) =>
        {
            var result = await replacing.ReplaceAsync(caller.TenantId, subscriptionId, accountId, request, caller.ForRequest(http), ct);
            return Revisioned.Ok(http, SubscriptionResponse.From(result.State), result.Revision);
        }).RequireAuthorization("office-staff").Validate<PersonRequest>().Idempotent().RequireIfMatch();
    }
}

/// <summary><see cref="ReplaceUser"/> in the subscription's "today"; once decided, the new user's account and number complete the events.</summary>
internal sealed class ReplacingUser(CommandHandler handler, SubscriptionStream subscriptions, NewUsers newUsers, TimeProvider time)
{
    public async Task<CommandResult<SubscriptionEvent, SubscriptionState>> ReplaceAsync(
        string tenantId, string subscriptionId, string oldAccountId, PersonRequest person, CommandContext context, CancellationToken ct)
    {
        var (state, today) = await subscriptions.LoadAsync(tenantId, subscriptionId, ct);
        var newUser = new NewUser(NewUsers.AccountOf(tenantId, state, person.Email), person.Name, person.Email, string.Empty);
        return await handler.HandleAsync(
            Subscription.Decider, Subscription.StreamId(subscriptionId), new ReplaceUser(oldAccountId, newUser, today, time.GetUtcNow()), context,
            newUsers.Completing(tenantId, subscriptionId, state.Manager?.AccountId, today, context), CommandOptions.ExistingStream, ct);
    }
}
