using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Orders.Finalising;

namespace Monolith.Modules.Membership.Orders.Staff;

/// <summary>Staff: GET <c>/api/membership/orders</c> (by year and status, from <c>membership_orders</c>) and GET
/// <c>/api/membership/orders/{orderId}</c> (the order with its recap and ETag).</summary>
internal static class OrderListEndpoints
{
    public static RouteGroupBuilder Group(IEndpointRouteBuilder app) => app.MapGroup("/api/membership/orders").WithTags("Membership — orders");

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = Group(app);
        group.MapGet("/", async (int? year, string? status, ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            return Results.Ok(await OrderViews.ListAsync(connection, caller.TenantId, null, year, status));
        }).RequireAuthorization("office-read").WithSummary("Orders, filtered by year and status (draft, submitted, validated = awaiting payment, finalised).");

        group.MapGet("/{orderId}", async (string orderId, ICallerContext caller, OrderLoader loader, HttpContext http, CancellationToken ct) =>
        {
            var view = await OrderViews.LoadAsync(loader, caller.TenantId, orderId, null, ct);
            return Revisioned.Ok(http, view, view.Revision);
        }).RequireAuthorization("office-read");
    }
}
