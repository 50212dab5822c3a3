using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Ticketing.Sessions;

namespace Monolith.Modules.Ticketing.Orders.Refunding;

/// <summary>A cancelled session (<c>ticketing.session-cancelled</c>): every order sold for it is refunded the face value of its
/// tickets for that session — to the original buyer only (the invoice's customer), by a credit note referring to the invoice; handling
/// fees are kept (Zonza art. 5.1 "aucun frais … ne sera remboursé"). Idempotent: one credit note per order and session (billing's key),
/// one refund record on the order.
/// <para>A session postponed to another one (leisure activity cancelled for the weather…): the postponement is offered first. Each
/// order's seats are moved to the new session (a hold sold to the order there, ids derived from the cancellation), the order records
/// the offer with the deadline for a refund, and the buyer is e-mailed; the buyer keeps the tickets for the new date or asks the refund
/// (<c>AnswerPostponement</c>). Seats the new session cannot take (full, closed) are refunded straight away.</para></summary>
internal sealed class RefundOnSessionCancelled : IReactor
{
    public string Name => "ticketing.refund-on-session-cancelled";

    public bool Handles(string eventType) => eventType == "ticketing.session-cancelled";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        if (await scopedServices.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct) is not SessionCancelled cancelled)
        {
            return;
        }

        var office = e.Metadata.TenantId;
        var sessionId = e.StreamId["ticketing-session-".Length..];
        var handler = scopedServices.GetRequiredService<CommandHandler>();
        var desk = scopedServices.GetRequiredService<SessionDesk>();
        var (session, _) = await desk.ReadAsync(office, sessionId, ct);
        var orders = session.Holds.Values.Where(h => h.Status == HoldStatus.Sold && h.OrderId is not null).Select(h => h.OrderId!).Distinct().Order(StringComparer.Ordinal);
        foreach (var orderId in orders)
        {
            if (cancelled.PostponementSessionId is { } to && cancelled.RefundRequestsUntil is { } until
                && await PostponeAsync(scopedServices, handler, desk, office, session, orderId, to, until, e.EventId, ct))
            {
                continue;
            }

            await SessionRefunds.RefundAsync(scopedServices, handler, office, orderId, sessionId, cancelled.Reason, cancelled.At, e.EventId, Name, ct);
        }
    }

    /// <summary>Moves the order's seats to the new session and records the offer; false (seats moved back) when the new session cannot
    /// take them — the caller then refunds.</summary>
    private async Task<bool> PostponeAsync(IServiceProvider services, CommandHandler handler, SessionDesk desk, string office, SessionState session, string orderId,
        string toSessionId, DateOnly until, Guid causation, CancellationToken ct)
    {
        var sessionId = session.Plan!.SessionId;
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), office, ct: ct)).State;
        if (!order.Exists || order.Refunds.Any(r => r.SessionId == sessionId))
        {
            return true; // nothing (more) to do
        }

        if (order.PostponementOf(sessionId) is not null)
        {
            return true; // a replay
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var moved = new List<string>();
        var seed = DeterministicGuid.Create(causation, $"postpone/{orderId}");
        try
        {
            foreach (var hold in session.Holds.Values.Where(h => h.Status == HoldStatus.Sold && h.OrderId == orderId).OrderBy(h => h.HoldId, StringComparer.Ordinal))
            {
                var toHoldId = DeterministicGuid.Create(causation, $"postponed-hold/{hold.HoldId}").ToString("N");
                var context = CommandContexts.ForSystem(office, Name, causation, DeterministicGuid.Create(seed, toHoldId));
                await desk.SubmitAsync(toSessionId, new HoldSeats(toHoldId, hold.BuyerKeys, [.. hold.Lines.Select(l => new HoldLine(l.Category, l.RateCode, l.Quantity))],
                    int.MaxValue, 0, now, now.AddHours(1)), context);
                moved.Add(toHoldId);
                await desk.SubmitAsync(toSessionId, new SellHold(toHoldId, orderId, now), context with { DeterministicIdSeed = DeterministicGuid.Create(seed, "sell/" + toHoldId) });
            }
        }
        catch (Exception ex) when (ex is DomainRuleViolation or NotFoundException)
        {
            foreach (var toHoldId in moved)
            {
                var context = CommandContexts.ForSystem(office, Name, causation, DeterministicGuid.Create(seed, "undo/" + toHoldId));
                await desk.SubmitAsync(toSessionId, new ReleaseHold(toHoldId, "report impossible", now), context);
                await desk.SubmitAsync(toSessionId, new ReturnSeats(toHoldId, orderId, now), context with { DeterministicIdSeed = DeterministicGuid.Create(seed, "return/" + toHoldId) });
            }

            return false;
        }

        await handler.HandleAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), new OfferPostponement(sessionId, toSessionId, moved, until, now),
            CommandContexts.ForSystem(office, Name, causation, seed), CommandOptions.ExistingStream, ct);
        return true;
    }
}

/// <summary>The refund of a cancelled session's tickets on one order: a credit note for their face value on the buyer's invoice (fees
/// kept), then <c>session-tickets-refunded</c> on the order. Idempotent (billing's key, the order's decider).</summary>
internal static class SessionRefunds
{
    public static Task RefundAsync(IServiceProvider services, CommandHandler handler, string office, string orderId, string sessionId, string reason,
        DateTimeOffset at, Guid causation, string actor, CancellationToken ct) =>
        RefundAsync(services, handler, office, orderId, sessionId, reason, "Annulation de la séance par l'organisateur : " + reason, "annulé", at, causation, actor, ct);

    public static async Task RefundAsync(IServiceProvider services, CommandHandler handler, string office, string orderId, string sessionId, string reason,
        string creditNoteReason, string lineWord, DateTimeOffset at, Guid causation, string actor, CancellationToken ct)
    {
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), office, ct: ct)).State;
        if (!order.Exists || order.Refunds.Any(r => r.SessionId == sessionId))
        {
            return;
        }

        var lines = order.Placed!.Lines.Where(l => l.SessionId == sessionId && l.FaceValue > 0).ToList();
        var faceValue = lines.Sum(l => l.FaceValue);
        string? number = null;
        if (faceValue > 0 && order.InvoiceId is not null)
        {
            // A partner's tickets were sold in its name: their refund takes the third-party funds back (ADR 0022).
            var organisers = await Invoicing.InvoiceOnOrderPlaced.OrganisersAsync(handler, office, lines.Select(l => l.ShowId), ct);
            var credit = await services.GetRequiredService<IBillingCreditNotes>().IssueRefundCreditNoteAsync(office, new RefundCreditNoteRequest(
                $"ticketing-refund/{orderId}/{sessionId}",
                order.InvoiceId,
                [.. lines.GroupBy(l => (l.ShowId, l.ShowName, l.CategoryLabel, l.RateLabel, l.FaceValue, l.VatBasisPoints)).Select(g => new InvoiceLineRequest(
                    $"Remboursement — « {g.Key.ShowName} » {lineWord} — {g.Key.CategoryLabel}, {g.Key.RateLabel}", g.Count(), g.Key.FaceValue, VatRate.Of(g.Key.VatBasisPoints),
                    OnBehalfOf: organisers.GetValueOrDefault(g.Key.ShowId)))],
                creditNoteReason), ct);
            number = credit.Number;
        }

        var seed = DeterministicGuid.Create(causation, orderId);
        await handler.HandleAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId),
            new RefundCancelledSession(sessionId, reason, number, order.Paid is null ? 0 : faceValue, at),
            CommandContexts.ForSystem(office, actor, causation, seed), CommandOptions.ExistingStream, ct);
    }
}
