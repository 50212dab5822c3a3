using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Subscriptions.Subscriptions.Users;

/// <summary>POST <c>/api/portal/subscriptions/{id}/users</c> (the manager) and <c>/api/subscriptions/{id}/users</c> (office staff): adds a
/// user, never above the offer's limit; the user receives their credentials and subscriber number.</summary>
internal static class AddUserEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        SubscriptionRoutes.Portal(app).MapPost("/subscriptions/{subscriptionId}/users", async (string subscriptionId, PersonRequest request, ICallerContext caller,
            HttpContext http, SubscriptionStream subscriptions, AddingUser adding, CancellationToken ct) =>
        {
            await subscriptions.LoadManagedAsync(caller, subscriptionId, ct);
            var result = await adding.AddAsync(caller.TenantId, subscriptionId, request, caller.ForRequest(http), ct);
            return Revisioned.Ok(http, SubscriptionResponse.From(result.State), result.Revision);
        }).Validate<PersonRequest>().Idempotent().WithSummary("The manager adds a user (never above the offer's limit); the user receives their credentials and number.");

        SubscriptionRoutes.Staff(app).MapPost("/{subscriptionId}/users", async (string subscriptionId, PersonRequest request, ICallerContext caller, HttpContext http,
            AddingUser adding, CancellationToken ct) =>
        {
            var result = await adding.AddAsync(caller.TenantId, subscriptionId, request, caller.ForRequest(http), ct);
            return Revisioned.Ok(http, SubscriptionResponse.From(result.State), result.Revision);
        }).RequireAuthorization("office-staff").Validate<PersonRequest>().Idempotent();
    }
}

/// <summary><see cref="AddUser"/> in the subscription's "today"; once decided, the new user's account and number complete the event.</summary>
internal sealed class AddingUser(CommandHandler handler, SubscriptionStream subscriptions, NewUsers newUsers, TimeProvider time)
{
    public async Task<CommandResult<SubscriptionEvent, SubscriptionState>> AddAsync(
        string tenantId, string subscriptionId, PersonRequest person, CommandContext context, CancellationToken ct)
    {
        var (state, today) = await subscriptions.LoadAsync(tenantId, subscriptionId, ct);
        var command = new AddUser(new NewUser(NewUsers.AccountOf(tenantId, state, person.Email), person.Name, person.Email, string.Empty), today, time.GetUtcNow());
        return await handler.HandleAsync(
            Subscription.Decider, Subscription.StreamId(subscriptionId), command, context,
            newUsers.Completing(tenantId, subscriptionId, state.Manager?.AccountId, today, context), CommandOptions.ExistingStream, ct);
    }
}
