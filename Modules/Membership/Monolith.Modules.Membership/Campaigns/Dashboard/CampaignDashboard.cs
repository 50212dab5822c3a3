using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Orders;

namespace Monolith.Modules.Membership.Campaigns.Dashboard;

/// <summary>Staff: how the campaign goes — members who joined (their order paid), orders awaiting payment, revenue TTC and VAT (validated
/// orders, and the part already paid), remaining stock per product. From the read models (eventually consistent).</summary>
internal static class CampaignDashboardEndpoint
{
    public sealed class StockLine
    {
        public string ProductId { get; set; } = "";
        public string Name { get; set; } = "";
        public long? Stock { get; set; }
        public long Sold { get; set; }
        public long? Remaining { get; set; }
    }

    public sealed record Revenue(long OrderedTtc, long OrderedVat, long PaidTtc, long PaidVat);

    /// <summary>How many orders awaiting payment the dashboard shows (their number is <c>ordersAwaitingPayment</c>).</summary>
    private const int AwaitingPaymentShown = 200;

    public sealed record CampaignDashboard(
        int Year, string Name, string Status, long MembersJoined, long OrdersValidated, long OrdersAwaitingPayment, long DraftOrders, Revenue Revenue,
        IReadOnlyList<OrderListItem> AwaitingPayment, IReadOnlyList<StockLine> Stock) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/membership/campaigns/{year:int}/dashboard", async Task<Ok<CampaignDashboard>> (int year, ICallerContext caller, IReadModelDatabase connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            var args = new { tenant = caller.TenantId, year };
            var campaign = await connection.QuerySingleOrDefaultAsync<(string Name, string Status)>(
                "SELECT name, status FROM membership_campaigns WHERE office_id = @tenant AND year = @year", args);
            if (campaign.Name is null)
            {
                throw new NotFoundException("Campagne introuvable.");
            }

            var totals = await connection.QuerySingleAsync<(long Joined, long Validated, long Awaiting, long Drafts, long OrderedTtc, long OrderedVat, long PaidTtc, long PaidVat)>(
                """
                SELECT COUNT(DISTINCT CASE WHEN status = 'finalised' THEN member_id END),
                       COUNT(CASE WHEN status IN ('validated', 'finalised') THEN 1 END),
                       COUNT(CASE WHEN status = 'validated' THEN 1 END),
                       COUNT(CASE WHEN status IN ('draft', 'submitted') THEN 1 END),
                       CAST(COALESCE(SUM(CASE WHEN status IN ('validated', 'finalised') THEN total_ttc END), 0) AS BIGINT),
                       CAST(COALESCE(SUM(CASE WHEN status IN ('validated', 'finalised') THEN total_vat END), 0) AS BIGINT),
                       CAST(COALESCE(SUM(CASE WHEN status = 'finalised' THEN total_ttc END), 0) AS BIGINT),
                       CAST(COALESCE(SUM(CASE WHEN status = 'finalised' THEN total_vat END), 0) AS BIGINT)
                FROM membership_orders WHERE office_id = @tenant AND year = @year
                """, args);
            var stock = await connection.QueryAsync<StockLine>(
                """
                SELECT product_id AS ProductId, name AS Name, stock AS Stock, sold AS Sold
                FROM membership_products WHERE office_id = @tenant AND year = @year ORDER BY position
                """, args);
            foreach (var line in stock)
            {
                line.Remaining = Campaign.RemainingOf((int?)line.Stock, (int)line.Sold);
            }

            return TypedResults.Ok(new CampaignDashboard(year, campaign.Name, campaign.Status, totals.Joined, totals.Validated, totals.Awaiting, totals.Drafts,
                new Revenue(totals.OrderedTtc, totals.OrderedVat, totals.PaidTtc, totals.PaidVat),
                await OrderViews.ListAsync(connection, caller.TenantId, null, year, "validated", AwaitingPaymentShown), [.. stock]));
        }).RequireAuthorization("office-read").WithTags("Membership — campaigns").WithName("GetMembershipCampaignDashboard")
          .WithSummary("The campaign's dashboard: members, orders, revenue, stock, and the first 200 orders awaiting payment (all of them: GET /api/membership/orders?status=validated&year=).");
    }
}
