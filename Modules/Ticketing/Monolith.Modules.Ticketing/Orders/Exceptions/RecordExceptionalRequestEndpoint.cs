using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Ticketing.Orders.Exceptions;

/// <summary>Staff record a buyer's exceptional request (death, illness…) for the tickets of one session of an order — one request per
/// order and session (repeating it changes nothing). Refused when it arrives more than 7 days after the session. Nothing is refunded until
/// the office and the organiser have both approved (<see cref="DecideExceptionalRequestEndpoint"/>). Also: read a request.</summary>
internal static class RecordExceptionalRequestEndpoint
{
    public sealed record ExceptionalRequestBody(string SessionId, ExceptionalReason Reason, string Details, DateOnly? ReceivedOn = null);

    public sealed record ApprovalView(string Party, string UserId, DateTimeOffset At);

    public sealed record ExceptionalRequestView(
        string RequestId,
        string OrderId,
        string SessionId,
        string Reason,
        DateOnly ReceivedOn,
        string Status,
        IReadOnlyList<ApprovalView> Approvals,
        string? RejectionReason);

    public sealed class Validator : AbstractValidator<ExceptionalRequestBody>
    {
        public Validator()
        {
            RuleFor(r => r.SessionId).NotEmpty().MaximumLength(60);
            RuleFor(r => r.Reason).IsInEnum();
            RuleFor(r => r.Details).NotEmpty().MaximumLength(1000).WithMessage("Décrivez la situation et les justificatifs reçus.");
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ticketing/orders/{orderId}/exceptional-requests", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeStaff)
            .Validate<ExceptionalRequestBody>().Idempotent()
            .WithTags("Ticketing — counter").WithName("RecordTicketingExceptionalRequest")
            .WithSummary("Records an exceptional request (death, illness): before the session or within 7 days after; refunded only after two approvals.");
        app.MapGet("/api/ticketing/exceptional-requests/{requestId}", GetAsync).RequireAuthorization(PlatformPolicies.OfficeRead)
            .WithTags("Ticketing — counter").WithName("GetTicketingExceptionalRequest");
    }

    internal static async Task<Results<Created<ExceptionalRequestView>, Ok<ExceptionalRequestView>, NotFound, ProblemHttpResult>> HandleAsync(
        string orderId, ExceptionalRequestBody body, HttpContext http, ICallerContext caller, CommandHandler handler, OfficeClock clock, CancellationToken ct)
    {
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), caller.TenantId, ct: ct)).State;
        if (!order.Exists)
        {
            return TypedResults.NotFound();
        }

        var line = order.Placed!.Lines.FirstOrDefault(l => l.SessionId == body.SessionId)
            ?? throw new RequestValidationException("sessionId", "Cette commande ne contient pas de billet pour cette séance.");
        if (order.Paid is null)
        {
            throw new DomainRuleViolation("exception.unpaid", "Cette commande n'est pas payée : il n'y a rien à rembourser.", isConflict: true);
        }

        var zone = await clock.RequireOfficeAsync(caller.TenantId, ct);
        var today = OfficeClock.LocalDate(clock.Now, zone);
        var receivedOn = body.ReceivedOn ?? today;
        if (receivedOn > today)
        {
            throw new RequestValidationException("receivedOn", "La date de réception ne peut pas être dans le futur.");
        }

        var requestId = ExceptionalRequests.IdFor(orderId, body.SessionId);
        var result = await handler.HandleAsync(ExceptionalRequests.Decider, ExceptionalRequests.StreamId(requestId),
            new RecordExceptionalRequest(requestId, orderId, body.SessionId, body.Reason, body.Details.Trim(), receivedOn, OfficeClock.LocalDate(line.StartsAt, zone),
                caller.UserId, clock.Now, order.Placed.BuyerId),
            caller.ForRequest(http) with { Expected = null }, ct: ct);
        var view = ToView(result.State);
        return result.NewEvents.Count > 0
            ? TypedResults.Created($"/api/ticketing/exceptional-requests/{requestId}", view)
            : TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<ExceptionalRequestView>, NotFound>> GetAsync(string requestId, ICallerContext caller, CommandHandler handler, CancellationToken ct)
    {
        var state = (await handler.LoadAsync(ExceptionalRequests.Decider, ExceptionalRequests.StreamId(requestId), caller.TenantId, ct: ct)).State;
        return state.Request is null ? TypedResults.NotFound() : TypedResults.Ok(ToView(state));
    }

    internal static ExceptionalRequestView ToView(ExceptionalRequestState state)
    {
        var r = state.Request!;
        return new ExceptionalRequestView(r.RequestId, r.OrderId, r.SessionId, r.Reason.ToString(), r.ReceivedOn, state.Status.ToString().ToLowerInvariant(),
            [.. state.Approvals.Select(a => new ApprovalView(a.Party.ToString().ToLowerInvariant(), a.UserId, a.At))], state.RejectionReason);
    }
}
