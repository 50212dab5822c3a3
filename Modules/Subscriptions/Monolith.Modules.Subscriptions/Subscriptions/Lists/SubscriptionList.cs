using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Subscriptions.Subscriptions.Lists;

/// <summary>The lists over <c>subscriptions_subscriptions</c>: GET <c>/api/portal/subscriptions</c> (the caller's own),
/// GET <c>/api/subscriptions</c> (by state and end date) and GET <c>/api/subscriptions/renewals</c> (ending within the next days, from the
/// office's today).</summary>
internal static class SubscriptionListEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        SubscriptionRoutes.Portal(app).MapGet("/subscriptions", async (ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<ListRow>(
                $"{ListSelect} WHERE office_id = @tenant AND manager_account_id = @user ORDER BY end_date DESC",
                new { tenant = caller.TenantId, user = caller.UserId });
            return Results.Ok(rows.Select(r => r.ToItem()));
        }).WithSummary("The subscriptions the caller manages.");

        var staff = SubscriptionRoutes.Staff(app);
        staff.MapGet("/", async (string? status, DateOnly? endingBefore, ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<ListRow>(
                $"""
                {ListSelect} WHERE office_id = @tenant
                {(status is null ? string.Empty : "AND status = @status")}
                {(endingBefore is null ? string.Empty : "AND end_date < @endingBefore")}
                ORDER BY end_date
                """,
                new { tenant = caller.TenantId, status, endingBefore = endingBefore is { } d ? SubscriptionsProjection.D(d) : null });
            return Results.Ok(rows.Select(r => r.ToItem()));
        }).RequireAuthorization("office-read").WithSummary("Subscriptions by state (active, cancelled, expired) and end date.");

        staff.MapGet("/renewals", async (int? withinDays, ICallerContext caller, SqliteConnectionFactory connections, IOfficeCalendars calendars, CancellationToken ct) =>
        {
            if (withinDays is < 0 or > 3660)
            {
                throw new BuildingBlocks.Http.RequestValidationException("withinDays", "Le nombre de jours doit être compris entre 0 et 3660.");
            }

            var from = (await calendars.ForAsync(caller.TenantId, ct)).Today;
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<ListRow>(
                $"{ListSelect} WHERE office_id = @tenant AND status = 'active' AND end_date >= @from AND end_date <= @to ORDER BY end_date",
                new { tenant = caller.TenantId, from = SubscriptionsProjection.D(from), to = SubscriptionsProjection.D(from.AddDays(withinDays ?? 60)) });
            return Results.Ok(rows.Select(r => r.ToItem()));
        }).RequireAuthorization("office-read").WithSummary("Upcoming renewals: active subscriptions ending within the next days (default 60).");
    }

    private const string ListSelect =
        """
        SELECT subscription_id AS SubscriptionId, customer_id AS CustomerId, organisation_name AS Organisation, offer_name AS OfferName,
               max_users AS MaxUsers, user_count AS UserCount, status AS Status, start_date AS StartDate, end_date AS EndDate, closed_on AS ClosedOn,
               manager_name AS ManagerName
        FROM subscriptions_subscriptions
        """;

    private sealed record ListRow(
        string SubscriptionId, string CustomerId, string Organisation, string OfferName, long MaxUsers, long UserCount, string Status, string StartDate,
        string EndDate, string? ClosedOn, string? ManagerName)
    {
        public object ToItem() => new
        {
            SubscriptionId,
            CustomerId,
            Organisation,
            OfferName,
            MaxUsers,
            UserCount,
            Status,
            StartDate = SubscriptionsProjection.ParseDate(StartDate),
            EndDate = SubscriptionsProjection.ParseDate(EndDate),
            ClosedOn = ClosedOn is null ? (DateOnly?)null : SubscriptionsProjection.ParseDate(ClosedOn),
            ManagerName,
        };
    }
}
