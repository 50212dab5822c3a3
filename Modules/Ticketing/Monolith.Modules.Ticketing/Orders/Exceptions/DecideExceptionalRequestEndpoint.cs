using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Ticketing.Orders.Refunding;
using Monolith.Modules.Ticketing.Sessions;

namespace Monolith.Modules.Ticketing.Orders.Exceptions;

/// <summary>Approve (as the office, or recording the organiser's approval) or reject an exceptional request. The second approval —
/// the other party's, by another staff user — accepts it: the seats go back on sale if the session is still to come, and the face value
/// of that session's tickets is refunded to the original buyer by credit note (fees kept); the tickets are then refused at the gate.
/// Approving again after a crash completes the refund (each step is idempotent).</summary>
internal static class DecideExceptionalRequestEndpoint
{
    public sealed record ApprovalRequest(ApprovingParty Party);

    public sealed record RejectionRequest(string Reason);

    public sealed class ApprovalValidator : AbstractValidator<ApprovalRequest>
    {
        public ApprovalValidator() => RuleFor(r => r.Party).IsInEnum();
    }

    public sealed class RejectionValidator : AbstractValidator<RejectionRequest>
    {
        public RejectionValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ticketing/exceptional-requests/{requestId}/approvals", ApproveAsync).RequireAuthorization(PlatformPolicies.OfficeStaff)
            .Validate<ApprovalRequest>().Idempotent()
            .WithTags("Ticketing — counter").WithName("ApproveTicketingExceptionalRequest")
            .WithSummary("One party's approval (office or organiser), each by a different staff user; the second one refunds the face value.");
        app.MapPost("/api/ticketing/exceptional-requests/{requestId}/rejection", RejectAsync).RequireAuthorization(PlatformPolicies.OfficeStaff)
            .Validate<RejectionRequest>().Idempotent()
            .WithTags("Ticketing — counter").WithName("RejectTicketingExceptionalRequest");
    }

    internal static async Task<Results<Ok<RecordExceptionalRequestEndpoint.ExceptionalRequestView>, ProblemHttpResult>> ApproveAsync(
        string requestId, ApprovalRequest body, HttpContext http, ICallerContext caller, CommandHandler handler, SessionDesk desk, OfficeClock clock, CancellationToken ct)
    {
        var result = await handler.HandleAsync(ExceptionalRequests.Decider, ExceptionalRequests.StreamId(requestId),
            new ApproveExceptionalRequest(body.Party, caller.UserId, clock.Now), caller.ForRequest(http) with { Expected = null }, CommandOptions.ExistingStream, ct);
        if (result.State.Status == ExceptionalRequestStatus.Approved)
        {
            await RefundAsync(http.RequestServices, handler, desk, caller.TenantId, result.State.Request!, clock.Now, ct);
        }

        return TypedResults.Ok(RecordExceptionalRequestEndpoint.ToView(result.State));
    }

    internal static async Task<Results<Ok<RecordExceptionalRequestEndpoint.ExceptionalRequestView>, ProblemHttpResult>> RejectAsync(
        string requestId, RejectionRequest body, HttpContext http, ICallerContext caller, CommandHandler handler, OfficeClock clock, CancellationToken ct)
    {
        var result = await handler.HandleAsync(ExceptionalRequests.Decider, ExceptionalRequests.StreamId(requestId),
            new RejectExceptionalRequest(caller.UserId, body.Reason.Trim(), clock.Now), caller.ForRequest(http) with { Expected = null }, CommandOptions.ExistingStream, ct);
        return TypedResults.Ok(RecordExceptionalRequestEndpoint.ToView(result.State));
    }

    private static async Task RefundAsync(IServiceProvider services, CommandHandler handler, SessionDesk desk, string officeId, ExceptionalRequestRecorded request,
        DateTimeOffset now, CancellationToken ct)
    {
        var seed = DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"ticketing-exceptional-refund/{officeId}/{request.RequestId}");
        var (session, _) = await desk.ReadAsync(officeId, request.SessionId, ct);
        if (session.Exists && session.Cancelled is null && session.Plan!.StartsAt > now)
        {
            foreach (var hold in session.Holds.Values.Where(h => h.Status == HoldStatus.Sold && h.OrderId == request.OrderId))
            {
                await desk.SubmitAsync(request.SessionId, new ReturnSeats(hold.HoldId, request.OrderId, now),
                    new CommandContext(officeId, null, Guid.NewGuid(), null, null, DeterministicGuid.Create(seed, hold.HoldId)));
            }
        }

        var reason = request.Reason switch
        {
            ExceptionalReason.Death => "décès",
            ExceptionalReason.Illness => "maladie",
            _ => "cas exceptionnel",
        };
        await SessionRefunds.RefundAsync(services, handler, officeId, request.OrderId, request.SessionId, "Demande exceptionnelle acceptée (" + reason + ")",
            "Demande exceptionnelle acceptée par l'office et l'organisateur (" + reason + ")", "remboursé à titre exceptionnel", now, seed, "ticketing.exceptional-request", ct);
    }
}
