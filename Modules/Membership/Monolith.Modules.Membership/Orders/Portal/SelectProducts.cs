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

internal sealed record SelectProductsRequest(IReadOnlyList<string> ProductIds);

internal sealed class SelectProductsValidator : AbstractValidator<SelectProductsRequest>
{
    public SelectProductsValidator() => RuleFor(r => r.ProductIds).NotNull().Must(p => p is null || p.Count <= 100);
}

/// <summary>PUT <c>/api/membership/portal/orders/{orderId}/offers/{offerId}</c>: the products ticked for one offer.</summary>
internal static class SelectProductsEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberPortal.Group(app);
        group.MapPut("/orders/{orderId}/offers/{offerId}", (string orderId, string offerId, SelectProductsRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, OrderLoader loader, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(orderId, caller, http, handler, loader, ct,
                loaded => new SelectProducts(offerId, request.ProductIds, loaded.Catalogue, time.GetUtcNow())))
            .Validate<SelectProductsRequest>().Idempotent().RequireIfMatch().WithSummary("Ticks the products of one offer (the whole list); returns the recap.");
    }
}
