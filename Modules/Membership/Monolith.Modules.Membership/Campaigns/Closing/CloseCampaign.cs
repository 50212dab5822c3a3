using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using static Monolith.Modules.Membership.Campaigns.CampaignApi;

namespace Monolith.Modules.Membership.Campaigns.Closing;

/// <summary>POST <c>/api/membership/campaigns/{year}/closing</c> (staff): no more orders.</summary>
internal static class CloseCampaignEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = CampaignApi.Group(app);
        group.MapPost("/{year:int}/closing", async (int year, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year), new CloseCampaign(time.GetUtcNow()),
                caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Revisioned.Ok(http, ToView(result.State), result.Revision);
        }).RequireAuthorization("office-staff").Idempotent().WithSummary("Closes the campaign: no more orders.");
    }
}
