using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Ticketing.Sessions.Cancelling;

/// <summary>Staff record the organiser's cancellation of a session (Zonza art. 5.1): sales stop at once; the tickets' face value is
/// refunded to the original buyers by credit note, fees kept (<c>RefundOnSessionCancelled</c>).</summary>
internal static class CancelSessionEndpoint
{
    public sealed record CancelSessionRequest(string Reason);

    public sealed class Validator : AbstractValidator<CancelSessionRequest>
    {
        public Validator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(300);
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/ticketing/sessions/{sessionId}/cancellation", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeStaff)
            .Validate<CancelSessionRequest>().Idempotent()
            .WithTags("Ticketing — catalogue").WithName("CancelTicketingSession")
            .WithSummary("Records the organiser's cancellation: sales stop; buyers are refunded the face value by credit note (fees kept).");

    internal static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        string sessionId, CancelSessionRequest body, HttpContext http, ICallerContext caller, SessionDesk desk, TimeProvider time)
    {
        try
        {
            await desk.SubmitAsync(sessionId, new CancelSession(body.Reason.Trim(), false, null, time.GetUtcNow()), caller.ForRequest(http) with { Expected = null });
        }
        catch (SessionBusyException busy)
        {
            return TicketingProblems.Busy(http, busy);
        }

        return TypedResults.NoContent();
    }
}
