using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;
using static Monolith.Modules.Membership.Orders.Portal.MemberPortal;

namespace Monolith.Modules.Membership.Orders.Portal;

/// <summary>POST <c>/api/membership/portal/orders/{orderId}/validation</c>: validates the order — final (see <see cref="OrderValidation"/>).</summary>
internal static class ValidateOrderEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberPortal.Group(app);
        group.MapPost("/orders/{orderId}/validation", async (string orderId, ICallerContext caller, HttpContext http, OrderValidation validation, OrderLoader loader,
            CancellationToken ct) =>
        {
            await validation.ValidateAsync(caller.TenantId, orderId, Customer(caller), caller.ForRequest(http), ct);
            var view = await OrderViews.LoadAsync(loader, caller.TenantId, orderId, Customer(caller), ct);
            return Revisioned.Ok(http, view, view.Revision);
        }).Idempotent().WithSummary("Validates the order — final. Refused (422, French message) when a mandatory product or a prerequisite is missing, the " +
                                    "address is incomplete or the terms are not accepted; 409 when a product is out of stock (the order stays a draft).");
    }
}
