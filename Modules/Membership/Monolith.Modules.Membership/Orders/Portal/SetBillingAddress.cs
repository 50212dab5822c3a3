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

internal sealed record BillingAddressRequest(string? CompanyName, string? Street, string? PostalCode, string? City);

internal sealed class BillingAddressValidator : AbstractValidator<BillingAddressRequest>
{
    public BillingAddressValidator()
    {
        RuleFor(r => r.CompanyName).MaximumLength(200);
        RuleFor(r => r.Street).MaximumLength(300);
        RuleFor(r => r.PostalCode).MaximumLength(10);
        RuleFor(r => r.City).MaximumLength(200);
    }
}

/// <summary>PUT <c>/api/membership/portal/orders/{orderId}/billing-address</c>: the address printed on the invoice.</summary>
internal static class SetBillingAddressEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberPortal.Group(app);
        group.MapPut("/orders/{orderId}/billing-address", (string orderId, BillingAddressRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, OrderLoader loader, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(orderId, caller, http, handler, loader, ct,
                _ => new SetBillingAddress(new OrderAddress(request.CompanyName ?? "", request.Street ?? "", request.PostalCode ?? "", request.City ?? ""), time.GetUtcNow())))
            .Validate<BillingAddressRequest>().Idempotent().RequireIfMatch().WithSummary("Raison sociale, street, postcode, town (printed on the invoice).");
    }
}
