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

internal sealed record TermsAcceptanceRequest(bool Accept);

/// <summary>POST <c>/api/membership/portal/orders/{orderId}/terms-acceptance</c>: the terms of sale in force, their version recorded on the order.</summary>
internal static class AcceptTermsEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberPortal.Group(app);
        group.MapPost("/orders/{orderId}/terms-acceptance", async (string orderId, TermsAcceptanceRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, OrderLoader loader, TimeProvider time, CancellationToken ct) =>
        {
            var terms = request.Accept ? await loader.TermsInForceAsync(caller.TenantId, ct) : null;
            return await ChangeAsync(orderId, caller, http, handler, loader, ct, _ => new AcceptTerms(terms?.Version, time.GetUtcNow(), request.Accept));
        }).Idempotent().WithSummary("Accepts the office's terms of sale in force; the accepted version is recorded on the order.");
    }
}
