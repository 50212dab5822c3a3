using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using static Monolith.Modules.Membership.Campaigns.CampaignApi;

namespace Monolith.Modules.Membership.Campaigns.Catalogue;

/// <summary>PUT <c>/api/membership/campaigns/{year}/products/{productId}</c> (staff): changes a product until someone ordered it.</summary>
internal static class ChangeProductEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = CampaignApi.Group(app);
        group.MapPut("/{year:int}/products/{productId}", async (int year, string productId, ProductRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year),
                new ChangeProduct(ToProduct(request, productId), time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Revisioned.Ok(http, ToView(result.State), result.Revision);
        }).RequireAuthorization("office-staff").Validate<ProductRequest>().Idempotent().RequireIfMatch()
          .WithSummary("Changes a product; refused (409 product.already-ordered) once someone has ordered it.");
    }
}
