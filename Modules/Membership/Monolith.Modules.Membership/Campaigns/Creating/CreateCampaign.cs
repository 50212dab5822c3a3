using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using static Monolith.Modules.Membership.Campaigns.CampaignApi;

namespace Monolith.Modules.Membership.Campaigns.Creating;

internal sealed record CreateCampaignRequest(int Year, string Name);

internal sealed class CreateCampaignValidator : AbstractValidator<CreateCampaignRequest>
{
    public CreateCampaignValidator()
    {
        RuleFor(r => r.Year).InclusiveBetween(2000, 2100);
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
    }
}

/// <summary>POST <c>/api/membership/campaigns</c> (staff): the campaign of a year, empty and not yet open.</summary>
internal static class CreateCampaignEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = CampaignApi.Group(app);
        group.MapPost("/", async (CreateCampaignRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, request.Year),
                new CreateCampaign(request.Year, request.Name, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            return Revisioned.Created(http, $"/api/membership/campaigns/{request.Year}", ToView(result.State), result.Revision);
        }).RequireAuthorization("office-staff").Validate<CreateCampaignRequest>().Idempotent()
          .WithSummary("Creates the campaign of a year (one per office and year), empty and not yet open.");
    }
}
