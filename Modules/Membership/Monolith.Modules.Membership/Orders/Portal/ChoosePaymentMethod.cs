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

internal sealed record PaymentMethodRequest(PaymentChoice Method);

/// <summary>PUT <c>/api/membership/portal/orders/{orderId}/payment-method</c>: card, cheque or transfer.</summary>
internal static class ChoosePaymentMethodEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberPortal.Group(app);
        group.MapPut("/orders/{orderId}/payment-method", (string orderId, PaymentMethodRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, OrderLoader loader, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(orderId, caller, http, handler, loader, ct, _ => new ChoosePaymentMethod(request.Method, time.GetUtcNow())))
            .Idempotent().RequireIfMatch().WithSummary("card (the provider's hosted page), cheque or transfer.");
    }
}
