using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Subscriptions.Subscriptions.SubscriberNumbers;

/// <summary>GET <c>/api/portal/subscriber-numbers</c>: the caller's own subscriber numbers (a user sees theirs after signing in).</summary>
internal static class MySubscriberNumbersEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        SubscriptionRoutes.Portal(app).MapGet("/subscriber-numbers", async Task<Ok<Paged<SubscriberNumberItem>>> (string? status, int? page, int? pageSize,
            ICallerContext caller, IReadModelDatabase connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            return TypedResults.Ok(await ListQuery.PageAsync<SubscriberNumberItem>(
                connection,
                """
                u.subscriber_number AS SubscriberNumber, u.subscription_id AS SubscriptionId, s.organisation_name AS Organisation,
                s.status AS Status, s.end_date AS EndDate
                """,
                """
                FROM subscriptions_users u JOIN subscriptions_subscriptions s ON s.subscription_id = u.subscription_id
                WHERE u.office_id = @tenant AND u.account_id = @user AND u.removed_on IS NULL AND (@status IS NULL OR s.status = @status)
                """,
                "s.end_date DESC, u.subscriber_number",
                new { tenant = caller.TenantId, user = caller.UserId, status = ListFilters.OneOf(status, "status", Lists.SubscriptionListEndpoints.Statuses) },
                page,
                pageSize));
        }).WithName("ListMySubscriberNumbers").WithListFilter("status", Lists.SubscriptionListEndpoints.Statuses)
          .WithSummary("The caller's own subscriber numbers (paged), latest end first: status of the subscription.");

    /// <summary>One of the caller's subscriber numbers, with its subscription's organisation, state and end date (<c>yyyy-MM-dd</c>).</summary>
    internal sealed record SubscriberNumberItem(string SubscriberNumber, string SubscriptionId, string Organisation, string Status, string EndDate);
}
