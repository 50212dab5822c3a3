using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Ticketing.Orders.Refunding;
using Monolith.Modules.Ticketing.Sessions;

namespace Monolith.Modules.Ticketing.Orders.Postponing;

/// <summary>The buyer answers a postponement (the order id is the buyer's secret, as for every public order endpoint): "keep" the
/// tickets for the new date, or "refund" before the deadline — the order records the refusal, the seats on the new session go back on
/// sale, and the face value is refunded to the original buyer by credit note (fees kept). After the deadline a refund is refused (422)
/// and the tickets stay valid for the new date. Repeating an answer changes nothing.</summary>
internal static class AnswerPostponement
{
    public sealed record PostponementAnswer(string SessionId, string Choice);

    public sealed record PostponementStatus(string SessionId, string ToSessionId, DateOnly RefundUntil, string Choice, long Refunded) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    public sealed class Validator : AbstractValidator<PostponementAnswer>
    {
        public Validator()
        {
            RuleFor(r => r.SessionId).NotEmpty().MaximumLength(60);
            RuleFor(r => r.Choice).Must(c => c is "keep" or "refund").WithMessage("Répondez « keep » (garder les billets pour la nouvelle date) ou « refund » (remboursement).");
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/ticketing/public/{officeId}/orders/{orderId}/postponement", HandleAsync).AllowAnonymous()
            .Validate<PostponementAnswer>().Idempotent()
            .WithTags("Ticketing — buyers").WithName("AnswerTicketingPostponement")
            .WithSummary("The buyer keeps the tickets for the new date, or asks the refund before the deadline.");

    internal static async Task<Results<Ok<PostponementStatus>, NotFound, ProblemHttpResult>> HandleAsync(
        string officeId, string orderId, PostponementAnswer body, HttpContext http, CommandHandler handler, OfficeClock clock, SessionDesk desk, CancellationToken ct)
    {
        var today = await clock.TodayAsync(officeId, ct);
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), officeId, ct: ct)).State;
        if (!order.Exists)
        {
            return TypedResults.NotFound();
        }

        var context = new CommandContext(officeId, null, Guid.NewGuid());
        var now = clock.Now;
        if (body.Choice == "keep")
        {
            await handler.HandleAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), new KeepPostponedTickets(body.SessionId, now), context, CommandOptions.ExistingStream, ct);
        }
        else
        {
            await handler.HandleAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), new DeclinePostponement(body.SessionId, today, now), context, CommandOptions.ExistingStream, ct);
            await CompleteRefundAsync(http.RequestServices, handler, desk, officeId, orderId, body.SessionId, now, ct);
        }

        var after = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), officeId, ct: ct)).State;
        var p = after.PostponementOf(body.SessionId)!;
        return TypedResults.Ok(new PostponementStatus(p.SessionId, p.ToSessionId, p.RefundUntil, p.Choice.ToString().ToLowerInvariant(),
            after.Refunds.Where(r => r.SessionId == body.SessionId).Sum(r => r.FaceValueRefunded)));
    }

    /// <summary>After the refusal is recorded: the seats on the new session go back on sale, then the credit note. Each step is
    /// idempotent, so the same answer sent again finishes what a crash left undone.</summary>
    private static async Task CompleteRefundAsync(IServiceProvider services, CommandHandler handler, SessionDesk desk, string officeId, string orderId, string sessionId,
        DateTimeOffset now, CancellationToken ct)
    {
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), officeId, ct: ct)).State;
        var postponement = order.PostponementOf(sessionId)!;
        var seed = DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"ticketing-postponement-refund/{officeId}/{orderId}/{sessionId}");
        foreach (var holdId in postponement.ToHoldIds)
        {
            await desk.SubmitAsync(postponement.ToSessionId, new ReturnSeats(holdId, orderId, now),
                new CommandContext(officeId, null, Guid.NewGuid(), null, null, DeterministicGuid.Create(seed, holdId)));
        }

        var (session, _) = await desk.ReadAsync(officeId, sessionId, ct);
        await SessionRefunds.RefundAsync(services, handler, officeId, orderId, sessionId, (session.Cancelled?.Reason ?? "report") + " — report refusé", now, seed,
            "ticketing.postponement", ct);
    }
}
