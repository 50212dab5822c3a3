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
/// one refund record on the order.</summary>
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
        var (session, _) = await scopedServices.GetRequiredService<SessionDesk>().ReadAsync(office, sessionId, ct);
        var orders = session.Holds.Values.Where(h => h.Status == HoldStatus.Sold && h.OrderId is not null).Select(h => h.OrderId!).Distinct().Order(StringComparer.Ordinal);
        foreach (var orderId in orders)
        {
            await RefundAsync(scopedServices, handler, office, orderId, sessionId, cancelled, e.EventId, ct);
        }
    }

    private async Task RefundAsync(IServiceProvider services, CommandHandler handler, string office, string orderId, string sessionId, SessionCancelled cancelled,
        Guid causation, CancellationToken ct)
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
            var credit = await services.GetRequiredService<IBillingCreditNotes>().IssueRefundCreditNoteAsync(office, new RefundCreditNoteRequest(
                $"ticketing-refund/{orderId}/{sessionId}",
                order.InvoiceId,
                [.. lines.GroupBy(l => (l.ShowName, l.CategoryLabel, l.RateLabel, l.FaceValue, l.VatBasisPoints)).Select(g => new InvoiceLineRequest(
                    $"Remboursement — « {g.Key.ShowName} » annulé — {g.Key.CategoryLabel}, {g.Key.RateLabel}", g.Count(), g.Key.FaceValue, VatRate.Of(g.Key.VatBasisPoints)))],
                "Annulation de la séance par l'organisateur : " + cancelled.Reason), ct);
            number = credit.Number;
        }

        var seed = DeterministicGuid.Create(causation, orderId);
        await handler.HandleAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId),
            new RefundCancelledSession(sessionId, cancelled.Reason, number, order.Paid is null ? 0 : faceValue, cancelled.At),
            CommandContexts.ForSystem(office, Name, causation, seed), CommandOptions.ExistingStream, ct);
    }
}
