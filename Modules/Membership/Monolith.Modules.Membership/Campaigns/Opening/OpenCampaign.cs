using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using static Monolith.Modules.Membership.Campaigns.CampaignApi;

namespace Monolith.Modules.Membership.Campaigns.Opening;

/// <summary>POST <c>/api/membership/campaigns/{year}/opening</c> (staff): opens the campaign to members' orders.</summary>
internal static class OpenCampaignEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = CampaignApi.Group(app);
        group.MapPost("/{year:int}/opening", async (int year, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year), new OpenCampaign(time.GetUtcNow()),
                caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Revisioned.Ok(http, ToView(result.State), result.Revision);
        }).RequireAuthorization("office-staff").Idempotent().WithSummary("Opens the campaign to members' orders.");
    }
}
