using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Ticketing.Numbering;
using Monolith.Modules.Ticketing.Orders;

namespace Monolith.Modules.Ticketing.Tickets;

/// <summary>After confirmation and payment (<c>ticketing.order-paid</c>, Zonza art. 4.1), every seat gets its ticket: the next numbers
/// of the series of its price category for its session (taken per order, idempotent by order: a replay gets the same numbers), then the
/// order records the tickets. The e-mail with the PDFs follows from <c>ticketing.tickets-issued</c>.</summary>
internal sealed class IssueTicketsOnPaid : IReactor
{
    public string Name => "ticketing.issue-tickets-on-paid";

    public bool Handles(string eventType) => eventType == "ticketing.order-paid";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        var orderId = e.StreamId["ticketing-order-".Length..];
        var handler = scopedServices.GetRequiredService<CommandHandler>();
        var clock = scopedServices.GetRequiredService<OfficeClock>();
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), office, mustExist: true, ct: ct)).State;
        if (order.Tickets is not null)
        {
            return;
        }

        var tickets = await IssueAsync(handler, office, order.Placed!, clock.Now, e.EventId, ct);
        var today = OfficeClock.LocalDate(clock.Now, await clock.RequireOfficeAsync(office, ct));
        await handler.HandleAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), new IssueTickets(tickets, today, clock.Now),
            CommandContexts.ForSystem(office, Name, e.EventId, e.EventId), CommandOptions.ExistingStream, ct);
    }

    internal static async Task<IReadOnlyList<IssuedTicket>> IssueAsync(CommandHandler handler, string office, OrderPlaced placed, DateTimeOffset now, Guid causation, CancellationToken ct)
    {
        var tickets = new List<IssuedTicket>();
        var groups = placed.Lines.Select((line, index) => (line, index)).GroupBy(x => (x.line.SessionId, x.line.PriceCategory));
        foreach (var group in groups)
        {
            var members = group.ToList();
            // Many orders of one session may be paid at the same moment: the series append retries on conflict (it is one short
            // stream), so numbers stay contiguous.
            var series = await handler.HandleAsync(TicketSeries.Decider, TicketSeries.StreamId(group.Key.SessionId, group.Key.PriceCategory),
                new AssignNumbers(placed.OrderId, members.Count, now), CommandContexts.ForSystem(office, "ticketing.numbering", causation),
                new CommandOptions(MaxRetries: 200, CachedFold: true), ct);
            var assigned = series.State.ByOrder[placed.OrderId];
            for (var i = 0; i < members.Count; i++)
            {
                var (line, index) = members[i];
                tickets.Add(new IssuedTicket(TicketToken.TicketId(placed.OrderId, index), index, line.SessionId, line.ShowId, line.Category, line.RateCode,
                    line.PriceCategory, assigned.First + i, line.FaceValue, line.VatBasisPoints, line.Seat));
            }
        }

        return [.. tickets.OrderBy(t => t.Line)];
    }
}
