using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Ticketing.Sessions.Cancelling;

/// <summary>Staff record that a session will not take place and is postponed to another session of the same show (a leisure activity
/// cancelled for the weather, a forest closure…): the postponement is offered before any refund. Sales of the session stop; each
/// buyer's seats are moved to the new session and the buyer, e-mailed, keeps the tickets for the new date or asks the refund of their
/// face value until the deadline (<see cref="PostponeSessionRequest.RefundRequestDays"/> days from the office's today, 14 by default);
/// silence keeps the tickets. The new session must have room for every seat sold (checked here, and again per order when seats move:
/// an order that no longer fits is refunded).</summary>
internal static class PostponeSessionEndpoint
{
    public sealed record PostponeSessionRequest(string ToSessionId, string Reason, int? RefundRequestDays = null);

    public sealed record PostponementView(string SessionId, string ToSessionId, DateOnly RefundRequestsUntil);

    public sealed class Validator : AbstractValidator<PostponeSessionRequest>
    {
        public Validator()
        {
            RuleFor(r => r.ToSessionId).NotEmpty().MaximumLength(60);
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(300);
            RuleFor(r => r.RefundRequestDays).InclusiveBetween(1, 90).WithMessage("Le délai pour demander un remboursement va de 1 à 90 jours.");
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/ticketing/sessions/{sessionId}/postponement", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeStaff)
            .Validate<PostponeSessionRequest>().Idempotent()
            .WithTags("Ticketing — catalogue").WithName("PostponeTicketingSession")
            .WithSummary("Cancels the session and offers its buyers another session first; a refund only for those who ask before the deadline.");

    internal static async Task<Results<Ok<PostponementView>, ProblemHttpResult>> HandleAsync(
        string sessionId, PostponeSessionRequest body, HttpContext http, ICallerContext caller, SessionDesk desk, OfficeClock clock, CancellationToken ct)
    {
        var toSessionId = body.ToSessionId.Trim();
        var (from, _) = await desk.ReadAsync(caller.TenantId, sessionId, ct);
        var (to, _) = await desk.ReadAsync(caller.TenantId, toSessionId, ct);
        if (!from.Exists)
        {
            throw new NotFoundException("Cette séance n'existe pas.");
        }

        if (!to.Exists)
        {
            throw new RequestValidationException("toSessionId", "La séance de report n'existe pas : programmez-la d'abord.");
        }

        if (toSessionId == sessionId || to.Plan!.ShowId != from.Plan!.ShowId)
        {
            throw new RequestValidationException("toSessionId", "Le report se fait vers une autre séance du même spectacle ou de la même activité.");
        }

        if (to.Cancelled is not null || to.Plan.StartsAt <= clock.Now)
        {
            throw new DomainRuleViolation("session.postponement-target", "La séance de report est annulée ou déjà passée.", isConflict: true);
        }

        foreach (var sold in from.Sold.Where(s => s.Value > 0))
        {
            var category = to.Category(sold.Key);
            if (category is null || to.AvailableIn(category.Code) < sold.Value)
            {
                throw new DomainRuleViolation("session.postponement-capacity",
                    $"La séance de report n'a pas assez de places libres en « {from.Category(sold.Key)?.Label ?? sold.Key} » : il en faut {sold.Value}.", isConflict: true);
            }
        }

        var until = (await clock.TodayAsync(caller.TenantId, ct)).AddDays(body.RefundRequestDays ?? 14);
        try
        {
            await desk.SubmitAsync(sessionId, new CancelSession(body.Reason.Trim(), false, toSessionId, clock.Now, until), caller.ForRequest(http) with { Expected = null });
        }
        catch (SessionBusyException busy)
        {
            return TicketingProblems.Busy(http, busy);
        }

        var (after, _) = await desk.ReadAsync(caller.TenantId, sessionId, ct);
        if (after.Cancelled is { } cancelled && cancelled.PostponementSessionId != toSessionId)
        {
            throw new DomainRuleViolation("session.cancelled", "Cette séance est déjà annulée.", isConflict: true);
        }

        return TypedResults.Ok(new PostponementView(sessionId, toSessionId, after.Cancelled?.RefundRequestsUntil ?? until));
    }
}
