using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Ticketing.Sessions.Holding;

/// <summary>The buyer abandons the checkout: the held seats go back on sale at once (otherwise they do when the hold expires).
/// Releasing twice, or a hold already sold or expired, changes nothing.</summary>
internal static class ReleaseHoldEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapDelete("/api/ticketing/public/{officeId}/sessions/{sessionId}/holds/{holdId}", HandleAsync).AllowAnonymous()
            .WithTags("Ticketing — buyers").WithName("ReleaseTicketingHold").WithSummary("Abandons a hold: its seats go back on sale.");

    internal static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        string officeId, string sessionId, string holdId, HttpContext http, SessionDesk desk, TimeProvider time, CancellationToken ct)
    {
        try
        {
            await desk.SubmitAsync(sessionId, new ReleaseHold(holdId, "abandon", time.GetUtcNow()), new CommandContext(officeId, null, Guid.NewGuid()));
        }
        catch (SessionBusyException busy)
        {
            return TicketingProblems.Busy(http, busy);
        }

        return TypedResults.NoContent();
    }
}
