using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Ticketing.Orders;

namespace Monolith.Modules.Ticketing.Tickets;

/// <summary>Once the tickets are issued, the buyer gets them by e-mail (Zonza art. 4.2), one PDF per ticket — once per order (the
/// notifier's business key), whatever the replays.</summary>
internal sealed class SendTicketsOnIssued : IReactor
{
    public string Name => "ticketing.send-tickets-on-issued";

    public bool Handles(string eventType) => eventType == "ticketing.tickets-issued";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        var orderId = e.StreamId["ticketing-order-".Length..];
        var handler = scopedServices.GetRequiredService<CommandHandler>();
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), office, mustExist: true, ct: ct)).State;
        if (order.Tickets is null)
        {
            return;
        }

        var documents = scopedServices.GetRequiredService<TicketDocument>();
        var attachments = new List<EmailAttachment>();
        foreach (var ticket in order.Tickets.Tickets)
        {
            var rendered = await documents.RenderAsync(office, order, ticket, ct);
            attachments.Add(new EmailAttachment(rendered.FileName, rendered.ContentType, rendered.Content));
        }

        var profile = await scopedServices.GetRequiredService<IOfficeDirectory>().GetOfficeAsync(office, ct);
        var zone = OfficeCalendar.ZoneOf(profile?.TimeZone);
        var placed = order.Placed!;
        var french = CultureInfo.GetCultureInfo("fr-FR");
        await scopedServices.GetRequiredService<INotifier>().SendAsync(new NotificationRequest(
            office,
            $"ticketing-order-{orderId}/tickets",
            "ticketing.tickets-email",
            new
            {
                name = placed.Buyer.Name,
                office = profile?.Name ?? office,
                show = string.Join(", ", placed.Lines.Select(l => l.ShowName).Distinct()),
                count = order.Tickets.Tickets.Count,
                separated = false,
                tickets = order.Tickets.Tickets.Select(t =>
                {
                    var line = placed.Lines[t.Line];
                    return new
                    {
                        number = t.Number,
                        show = line.ShowName,
                        sessionDate = OfficeClock.Local(line.StartsAt, zone).ToString("dddd d MMMM yyyy 'à' HH'h'mm", french),
                        category = line.CategoryLabel,
                        seat = t.Seat,
                        rate = line.RateLabel,
                        price = TicketingProblems.Euros(t.FaceValue),
                    };
                }),
            },
            [placed.Buyer.Email],
            attachments), ct);
    }
}
