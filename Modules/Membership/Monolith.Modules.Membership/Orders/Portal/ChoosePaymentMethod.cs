using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;
using static Monolith.Modules.Membership.Orders.Portal.MemberPortal;

namespace Monolith.Modules.Membership.Orders.Portal;

/// <summary><paramref name="Method"/>: <c>card</c>, <c>cheque</c> or <c>bankTransfer</c> (billing's payment methods).</summary>
internal sealed record PaymentMethodRequest(PaymentMethod Method);

internal sealed class PaymentMethodRequestValidator : AbstractValidator<PaymentMethodRequest>
{
    public PaymentMethodRequestValidator()
    {
        RuleFor(r => r.Method).Must(m => PaymentChoices.FromMethod(m) is not null)
            .WithMessage("Une commande se règle par carte (card), chèque (cheque) ou virement (bankTransfer).");
    }
}

/// <summary>PUT <c>/api/membership/portal/orders/{orderId}/payment-method</c>: card, cheque or bankTransfer.</summary>
internal static class ChoosePaymentMethodEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberPortal.Group(app);
        group.MapPut("/orders/{orderId}/payment-method", (string orderId, PaymentMethodRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, OrderLoader loader, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(orderId, caller, http, handler, loader, ct, _ => new ChoosePaymentMethod(PaymentChoices.FromMethod(request.Method)!.Value, time.GetUtcNow())))
            .Validate<PaymentMethodRequest>().Idempotent().RequireIfMatch().WithSummary("card (the provider's hosted page), cheque or bankTransfer.");
    }
}
