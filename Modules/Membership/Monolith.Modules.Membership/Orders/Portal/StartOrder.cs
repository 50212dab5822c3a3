using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;
using static Monolith.Modules.Membership.Orders.Portal.MemberPortal;

namespace Monolith.Modules.Membership.Orders.Portal;

/// <summary>POST <c>/api/membership/portal/orders</c>: starts an order in the open campaign.</summary>
internal static class StartOrderEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberPortal.Group(app);
        group.MapPost("/orders", async (ICallerContext caller, HttpContext http, IReadModelDatabase connections, CommandHandler handler, OrderLoader loader,
            TimeProvider time, CancellationToken ct) =>
        {
            var year = await OpenYearAsync(caller.TenantId, connections, handler, time, ct);
            var orderId = IdempotencyScope.NewId();
            await handler.HandleAsync(Order.Decider, Order.StreamId(orderId), new StartOrder(orderId, Customer(caller), year, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            var view = await OrderViews.LoadAsync(loader, caller.TenantId, orderId, Customer(caller), ct);
            return Revisioned.Created(http, $"/api/membership/portal/orders/{orderId}", view, view.Revision);
        }).Idempotent().WithSummary("Starts an order in the open campaign.");
    }
}
