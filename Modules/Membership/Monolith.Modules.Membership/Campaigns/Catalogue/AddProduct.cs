using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using static Monolith.Modules.Membership.Campaigns.CampaignApi;

namespace Monolith.Modules.Membership.Campaigns.Catalogue;

/// <summary>POST <c>/api/membership/campaigns/{year}/products</c> (staff): adds a product to the catalogue.</summary>
internal static class AddProductEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = CampaignApi.Group(app);
        group.MapPost("/{year:int}/products", async (int year, ProductRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var product = ToProduct(request, request.ProductId ?? IdempotencyScope.NewId()[..12]);
            var result = await handler.HandleAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year), new AddProduct(product, time.GetUtcNow()),
                caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Revisioned.Created(http, $"/api/membership/campaigns/{year}/products/{product.ProductId}", ToView(result.State), result.Revision);
        }).RequireAuthorization("office-staff").Validate<ProductRequest>().Idempotent().WithSummary("Adds a product to the catalogue.");
    }
}
