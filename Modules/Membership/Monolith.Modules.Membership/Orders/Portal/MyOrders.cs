using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;
using static Monolith.Modules.Membership.Orders.Portal.MemberPortal;

namespace Monolith.Modules.Membership.Orders.Portal;

/// <summary>GET <c>/api/membership/portal/orders</c> (the member's orders) and GET <c>/api/membership/portal/orders/{orderId}</c> (the order with its live recap).</summary>
internal static class MyOrdersEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberPortal.Group(app);
        group.MapGet("/orders", async (ICallerContext caller, IReadModelDatabase connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            return Results.Ok(await OrderViews.ListAsync(connection, caller.TenantId, Customer(caller), null, null));
        }).WithSummary("The member's orders.");

        group.MapGet("/orders/{orderId}", async (string orderId, ICallerContext caller, OrderLoader loader, HttpContext http, CancellationToken ct) =>
        {
            var view = await OrderViews.LoadAsync(loader, caller.TenantId, orderId, Customer(caller), ct);
            return Revisioned.Ok(http, view, view.Revision);
        }).WithSummary("The order with its live recap (per offer: products, count, total TTC and VAT part) and what still prevents its validation.");
    }
}
