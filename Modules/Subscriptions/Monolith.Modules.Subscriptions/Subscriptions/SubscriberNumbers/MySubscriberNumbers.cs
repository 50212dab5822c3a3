using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Subscriptions.Subscriptions.SubscriberNumbers;

/// <summary>GET <c>/api/portal/subscriber-numbers</c>: the caller's own subscriber numbers (a user sees theirs after signing in).</summary>
internal static class MySubscriberNumbersEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        SubscriptionRoutes.Portal(app).MapGet("/subscriber-numbers", async (ICallerContext caller, IReadModelDatabase connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<NumberRow>(
                """
                SELECT u.subscriber_number AS SubscriberNumber, u.subscription_id AS SubscriptionId, s.organisation_name AS Organisation,
                       s.status AS Status, s.end_date AS EndDate
                FROM subscriptions_users u JOIN subscriptions_subscriptions s ON s.subscription_id = u.subscription_id
                WHERE u.office_id = @tenant AND u.account_id = @user AND u.removed_on IS NULL ORDER BY s.end_date DESC
                """,
                new { tenant = caller.TenantId, user = caller.UserId });
            return Results.Ok(rows);
        }).WithSummary("The caller's own subscriber numbers (a user sees theirs after signing in).");

    private sealed record NumberRow(string SubscriberNumber, string SubscriptionId, string Organisation, string Status, string EndDate);
}
