using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Ticketing.Sessions.Availability;
using Monolith.Modules.Ticketing.Shows;

namespace Monolith.Modules.Ticketing.Sessions.Scheduling;

/// <summary>Staff: a dated session (or a ticket valid over a period: <c>endsAt</c>) of a show, its seating and categories with their
/// capacity (and rows of numbered seats), and for a leisure activity its minimum of participants, checked <c>minimumCheckHours</c>
/// before the start.</summary>
internal static class ScheduleSessionEndpoint
{
    public sealed record RowRequest(string Row, int From, int To);

    public sealed record CategoryRequest(string Code, string Label, int Capacity, IReadOnlyList<RowRequest>? Rows);

    public sealed record ScheduleSessionRequest(
        string SessionId,
        DateTimeOffset StartsAt,
        DateTimeOffset? EndsAt,
        Seating Seating,
        IReadOnlyList<CategoryRequest> Categories,
        int? MinParticipants = null,
        int MinimumCheckHours = 48);

    public sealed class Validator : AbstractValidator<ScheduleSessionRequest>
    {
        public Validator()
        {
            RuleFor(r => r.SessionId).NotEmpty().MaximumLength(60).Matches("^[a-z0-9][a-z0-9-]*$")
                .WithMessage("Identifiant : lettres minuscules, chiffres et tirets.");
            RuleFor(r => r.Categories).NotEmpty().Must(c => c.Count <= 30);
            RuleForEach(r => r.Categories).ChildRules(c =>
            {
                c.RuleFor(x => x.Code).NotEmpty().MaximumLength(20).Matches("^[a-z0-9-]+$");
                c.RuleFor(x => x.Label).NotEmpty().MaximumLength(100);
                c.RuleFor(x => x.Capacity).InclusiveBetween(1, 100_000);
            });
            RuleFor(r => r.EndsAt).GreaterThan(r => r.StartsAt).When(r => r.EndsAt is not null);
            RuleFor(r => r.MinimumCheckHours).InclusiveBetween(0, 24 * 60);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/ticketing/shows/{showId}/sessions", HandleAsync)
            .RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<ScheduleSessionRequest>().Idempotent()
            .WithTags("Ticketing — catalogue").WithName("ScheduleTicketingSession")
            .WithSummary("Schedules a session of a show with its seating, categories and capacity.");

    internal static async Task<Results<Created<SessionAvailability.AvailabilityView>, Ok<SessionAvailability.AvailabilityView>>> HandleAsync(
        string showId, ScheduleSessionRequest body, HttpContext http, ICallerContext caller, CommandHandler handler, SessionDesk desk, TimeProvider time, CancellationToken ct)
    {
        var show = (await handler.LoadAsync(Show.Decider, Show.StreamId(showId), caller.TenantId, mustExist: true, ct: ct)).State.Require();
        var command = new ScheduleSession(body.SessionId, show.ShowId, body.StartsAt, body.EndsAt, body.Seating,
            [.. body.Categories.Select(c => new CategoryPlan(c.Code.ToLowerInvariant(), c.Label.Trim(), c.Capacity,
                c.Rows is { Count: > 0 } rows ? [.. rows.Select(r => new RowPlan(r.Row.Trim().ToUpperInvariant(), r.From, r.To))] : null))],
            body.MinParticipants, body.MinimumCheckHours, time.GetUtcNow());
        var result = await desk.SubmitAsync(body.SessionId, command, caller.ForRequest(http), mustExist: false);
        var view = SessionAvailability.ToView(result.State, show);
        http.Response.SetRevision(result.Revision);
        return result.NewEvents.Count == 0 ? TypedResults.Ok(view) : TypedResults.Created($"/api/ticketing/sessions/{body.SessionId}", view);
    }
}
