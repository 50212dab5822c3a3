using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using static Monolith.Modules.Membership.Campaigns.CampaignApi;

namespace Monolith.Modules.Membership.Campaigns.Details;

/// <summary>GET <c>/api/membership/campaigns/{year}</c>: the campaign folded from its stream, its catalogue with sold and remaining units.</summary>
internal static class GetCampaignEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = CampaignApi.Group(app);
        group.MapGet("/{year:int}", async (int year, ICallerContext caller, CommandHandler handler, HttpContext http, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year), caller.TenantId, mustExist: true, ct);
            return Revisioned.Ok(http, ToView(loaded.State), loaded.Revision);
        }).RequireAuthorization("office-read").WithSummary("The campaign and its catalogue with sold and remaining units.");
    }
}
