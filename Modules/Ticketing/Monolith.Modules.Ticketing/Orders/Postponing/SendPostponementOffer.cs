using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Ticketing.Sessions;

namespace Monolith.Modules.Ticketing.Orders.Postponing;

/// <summary>Once a postponement is offered on an order, the buyer is told by e-mail: the new date, that the tickets stay valid, and how
/// to ask the refund before the deadline — once per order and session (the notifier's business key).</summary>
internal sealed class SendPostponementOffer : IReactor
{
    public string Name => "ticketing.send-postponement-offer";

    public bool Handles(string eventType) => eventType == "ticketing.order-postponement-offered";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        if (await scopedServices.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct) is not PostponementOffered offered)
        {
            return;
        }

        var office = e.Metadata.TenantId;
        var orderId = e.StreamId["ticketing-order-".Length..];
        var handler = scopedServices.GetRequiredService<CommandHandler>();
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), office, mustExist: true, ct: ct)).State;
        var desk = scopedServices.GetRequiredService<SessionDesk>();
        var (from, _) = await desk.ReadAsync(office, offered.SessionId, ct);
        var (to, _) = await desk.ReadAsync(office, offered.ToSessionId, ct);
        var profile = await scopedServices.GetRequiredService<IOfficeDirectory>().GetOfficeAsync(office, ct);
        var zone = OfficeCalendar.ZoneOf(profile?.TimeZone);
        var placed = order.Placed!;
        var line = placed.Lines.First(l => l.SessionId == offered.SessionId);
        await scopedServices.GetRequiredService<INotifier>().SendAsync(new NotificationRequest(
            office,
            $"ticketing-order-{orderId}/postponement-{offered.SessionId}",
            "ticketing.postponement-email",
            PostponementEmail.Model(
                placed.Buyer.Name,
                profile?.Name ?? office,
                line.ShowName,
                from.Cancelled?.Reason ?? "",
                OfficeClock.Local(from.Plan!.StartsAt, zone),
                OfficeClock.Local(to.Plan!.StartsAt, zone),
                offered.RefundUntil,
                placed.Lines.Count(l => l.SessionId == offered.SessionId),
                placed.Lines.Where(l => l.SessionId == offered.SessionId).Sum(l => l.FaceValue),
                placed.OrderId[..8].ToUpperInvariant()),
            [placed.Buyer.Email]), ct);
    }
}

/// <summary>The model of <c>ticketing.postponement-email</c> (also used by the template sample suite).</summary>
internal static class PostponementEmail
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static object Model(string name, string office, string show, string reason, DateTime fromLocal, DateTime toLocal, DateOnly refundUntil, int count,
        long faceValue, string orderReference) => new
        {
            name,
            office,
            show,
            reason,
            fromDate = fromLocal.ToString("dddd d MMMM yyyy 'à' HH'h'mm", French),
            toDate = toLocal.ToString("dddd d MMMM yyyy 'à' HH'h'mm", French),
            refundUntil = refundUntil.ToString("dddd d MMMM yyyy", French),
            count,
            faceValue = TicketingProblems.Euros(faceValue),
            orderReference,
        };
}
