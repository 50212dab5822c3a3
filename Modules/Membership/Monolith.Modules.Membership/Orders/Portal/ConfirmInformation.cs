using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;
using static Monolith.Modules.Membership.Orders.Portal.MemberPortal;

namespace Monolith.Modules.Membership.Orders.Portal;

/// <summary>POST <c>/api/membership/portal/orders/{orderId}/information-confirmation</c>: the member confirms the information the office will publish.</summary>
internal static class ConfirmInformationEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberPortal.Group(app);
        group.MapPost("/orders/{orderId}/information-confirmation", (string orderId, ICallerContext caller, HttpContext http, CommandHandler handler,
            OrderLoader loader, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(orderId, caller, http, handler, loader, ct, _ => new ConfirmInformation(time.GetUtcNow())))
            .Idempotent().WithSummary("The member confirms the information the office will publish.");
    }
}
