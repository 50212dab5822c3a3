using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;

namespace Monolith.Modules.Membership.Orders.Portal;

/// <summary>The member's portal (customer role) over their orders: the route group, the member behind the login, the open campaign's
/// year, and the change-then-answer step of the order's use cases. A member sees and changes only their own orders: anyone else's is 404.</summary>
internal static class MemberPortal
{
    public static RouteGroupBuilder Group(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/membership/portal").WithTags("Membership — member portal").RequireAuthorization("customer");

    internal static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<OrderView>> ChangeAsync(string orderId, ICallerContext caller, HttpContext http, CommandHandler handler, OrderLoader loader,
        CancellationToken ct, Func<LoadedOrder, OrderCommand> command)
    {
        var loaded = await loader.LoadAsync(caller.TenantId, orderId, Customer(caller), ct);
        await handler.HandleAsync(Order.Decider, Order.StreamId(orderId), command(loaded), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
        var view = await OrderViews.LoadAsync(loader, caller.TenantId, orderId, Customer(caller), ct);
        return Revisioned.Ok(http, view, view.Revision);
    }

    internal static string Customer(ICallerContext caller) => caller.CustomerId ?? throw new NotFoundException("No member for this login.");

    /// <summary>The year of the open campaign, decided from the campaign streams (the log), never from the read model alone: the years
    /// <c>membership_campaigns</c> lists as open (an index that may lag) and the years around today (a campaign opened a moment ago may
    /// not be projected yet) are each checked on their stream; the latest open one wins.</summary>
    internal static async Task<int> OpenYearAsync(string tenantId, IReadModelDatabase connections, CommandHandler handler, TimeProvider time,
        CancellationToken ct)
    {
        List<int> listed;
        await using (var connection = await connections.OpenAsync(ct))
        {
            listed = [.. await connection.QueryAsync<int>(
                "SELECT year FROM membership_campaigns WHERE office_id = @tenant AND status = 'open'", new { tenant = tenantId })];
        }

        var thisYear = time.GetUtcNow().Year;
        foreach (var year in listed.Concat([thisYear - 1, thisYear, thisYear + 1]).Distinct().OrderDescending())
        {
            var campaign = await handler.LoadAsync(Campaign.Decider, Campaign.StreamId(tenantId, year), tenantId, ct: ct);
            if (campaign.State.Status == CampaignStatus.Open)
            {
                return year;
            }
        }

        throw new NotFoundException("Aucune campagne d'adhésion n'est ouverte.");
    }
}
