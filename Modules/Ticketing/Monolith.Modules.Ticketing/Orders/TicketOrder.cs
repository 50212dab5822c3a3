using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.Modules.Ticketing.Contracts;
using Monolith.Modules.Ticketing.Shows;

namespace Monolith.Modules.Ticketing.Orders;

/// <summary>The buyer as they gave themselves (personal data, erasable).</summary>
internal sealed record Buyer(string Name, string Email, string? Phone, string? Street, string? PostalCode, string? City);

/// <summary>A hold turned into this order.</summary>
internal sealed record HoldRef(string SessionId, string HoldId);

/// <summary>One seat of the order, priced: face value TTC at the show's VAT rate; <paramref name="PriceCategory"/> = seat category and
/// rate (the legal numbering series); <paramref name="Fee"/>: the handling fee of this seat (none on a free rate), invoiced apart at 20 %
/// and never refunded.</summary>
internal sealed record OrderLine(
    string SessionId,
    string ShowId,
    string ShowName,
    DateTimeOffset StartsAt,
    string Category,
    string CategoryLabel,
    string RateCode,
    string RateLabel,
    RateKind RateKind,
    string? Seat,
    long FaceValue,
    int VatBasisPoints,
    string? ProofRequired,
    long Fee)
{
    public string PriceCategory => $"{Category}.{RateCode}".ToLowerInvariant();
}

/// <summary>A ticket (contremarque) as issued: its number in the series of its price category for its session, and what the legal
/// register needs of its line (CGI annex IV art. 50 sexies B: show, session, number, category, price paid).</summary>
internal sealed record IssuedTicket(
    string TicketId,
    int Line,
    string SessionId,
    string ShowId,
    string Category,
    string RateCode,
    string PriceCategory,
    long Number,
    long FaceValue,
    int VatBasisPoints,
    string? Seat);

internal abstract record OrderCommand;

internal sealed record PlaceOrder(
    string OrderId,
    string BuyerId,
    Buyer Buyer,
    IReadOnlyList<string> BuyerKeys,
    IReadOnlyList<HoldRef> Holds,
    IReadOnlyList<OrderLine> Lines,
    IReadOnlyList<string?> Holders,
    string Channel,
    DateTimeOffset At,
    string OfficeId = "") : OrderCommand;

internal sealed record AttachInvoice(string InvoiceId, string InvoiceNumber) : OrderCommand;

internal sealed record MarkPaid(DateOnly PaidOn, string Reference, DateTimeOffset At, string OfficeId = "") : OrderCommand;

internal sealed record IssueTickets(IReadOnlyList<IssuedTicket> Tickets, DateOnly IssuedOn, DateTimeOffset At) : OrderCommand;

/// <summary>The organiser cancelled the session: the face value of its tickets is refunded to the original buyer by credit note; fees kept.</summary>
internal sealed record RefundCancelledSession(string SessionId, string Reason, string? CreditNoteNumber, long FaceValueRefunded, DateTimeOffset At) : OrderCommand;

internal abstract record OrderEvent;

internal sealed record OrderPlaced(
    string OrderId,
    [property: DataSubject] string BuyerId,
    [property: PersonalData] Buyer Buyer,
    IReadOnlyList<string> BuyerKeys,
    IReadOnlyList<HoldRef> Holds,
    IReadOnlyList<OrderLine> Lines,
    [property: PersonalData] IReadOnlyList<string?> Holders,
    long FaceValueTotal,
    long FeesTotal,
    string Channel,
    DateTimeOffset At) : OrderEvent
{
    public long Total => FaceValueTotal + FeesTotal;
}

internal sealed record InvoiceAttached(string InvoiceId, string InvoiceNumber) : OrderEvent;

internal sealed record OrderPaid(DateOnly PaidOn, string Reference, DateTimeOffset At) : OrderEvent;

internal sealed record TicketsIssued(string OrderId, IReadOnlyList<IssuedTicket> Tickets, DateOnly IssuedOn, DateTimeOffset At) : OrderEvent;

internal sealed record SessionTicketsRefunded(string SessionId, string Reason, string? CreditNoteNumber, long FaceValueRefunded, DateTimeOffset At) : OrderEvent;

internal enum OrderStatus
{
    None,
    AwaitingPayment,
    Paid,
    Ticketed,
}

internal sealed record OrderState(
    OrderPlaced? Placed,
    OrderStatus Status,
    string? InvoiceId,
    string? InvoiceNumber,
    OrderPaid? Paid,
    TicketsIssued? Tickets,
    IReadOnlyList<SessionTicketsRefunded> Refunds)
{
    public static readonly OrderState Initial = new(null, OrderStatus.None, null, null, null, null, []);

    public bool Exists => Placed is not null;
}

/// <summary>Stream <c>ticketing-order-{orderId}</c>: an order made of converted holds, its invoice, its payment and its tickets.</summary>
internal static class TicketOrder
{
    public static string StreamId(string orderId) => $"ticketing-order-{orderId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(OrderPlaced)] = "ticketing.order-placed",
        [typeof(InvoiceAttached)] = "ticketing.order-invoice-attached",
        [typeof(OrderPaid)] = "ticketing.order-paid",
        [typeof(TicketsIssued)] = "ticketing.tickets-issued",
        [typeof(SessionTicketsRefunded)] = "ticketing.session-tickets-refunded",
    };

    public static readonly Decider<OrderCommand, OrderEvent, OrderState> Decider = new(Decide, Evolve, OrderState.Initial)
    {
        // "paid" is defined here, once: other modules learn it from the published fact.
        Publish = (command, _, events, after) => events.OfType<OrderPaid>().Select(p => new TicketOrderPaid(
            command switch { MarkPaid m => m.OfficeId, PlaceOrder o => o.OfficeId, _ => "" },
            after.Placed!.OrderId, after.InvoiceId, after.Placed.FaceValueTotal, after.Placed.FeesTotal, p.PaidOn)),
    };

    internal static IReadOnlyList<OrderEvent> Decide(OrderCommand command, OrderState state) => (command, state) switch
    {
        (PlaceOrder, { Exists: true }) => [], // the same holds converted again: the order already exists
        (PlaceOrder c, _) => Place(c),
        (_, { Exists: false }) => throw new NotFoundException("Cette commande n'existe pas."),
        (AttachInvoice, { InvoiceId: not null }) => [],
        (AttachInvoice c, _) => [new InvoiceAttached(c.InvoiceId, c.InvoiceNumber)],
        (MarkPaid, { Paid: not null }) => [],
        (MarkPaid c, _) => [new OrderPaid(c.PaidOn, c.Reference, c.At)],
        (IssueTickets, { Tickets: not null }) => [],
        (IssueTickets, { Paid: null }) => throw new DomainRuleViolation("order.unpaid",
            "Les billets ne sont remis qu'après confirmation et réception du paiement.", isConflict: true),
        (IssueTickets c, _) when c.Tickets.Count != state.Placed!.Lines.Count => throw new DomainRuleViolation("order.tickets", "Un billet par place commandée."),
        (IssueTickets c, _) => [new TicketsIssued(state.Placed!.OrderId, c.Tickets, c.IssuedOn, c.At)],
        (RefundCancelledSession c, _) when state.Refunds.Any(r => r.SessionId == c.SessionId) => [],
        (RefundCancelledSession c, _) => [new SessionTicketsRefunded(c.SessionId, c.Reason, c.CreditNoteNumber, c.FaceValueRefunded, c.At)],
        _ => throw new DomainRuleViolation("order.invalid-step", "Opération impossible sur cette commande."),
    };

    private static IReadOnlyList<OrderEvent> Place(PlaceOrder c)
    {
        if (c.Lines.Count == 0)
        {
            throw new DomainRuleViolation("order.empty", "La commande ne contient aucune place.");
        }

        var faceValue = c.Lines.Sum(l => l.FaceValue);
        var fees = c.Lines.Sum(l => l.Fee);
        var placed = new OrderPlaced(c.OrderId, c.BuyerId, c.Buyer, c.BuyerKeys, c.Holds, c.Lines, c.Holders, faceValue, fees, c.Channel, c.At);
        return placed.Total == 0
            ? [placed, new OrderPaid(DateOnly.FromDateTime(c.At.UtcDateTime), "gratuit", c.At)] // nothing to pay: free tickets are issued at once
            : [placed];
    }

    internal static OrderState Evolve(OrderState state, OrderEvent e) => e switch
    {
        OrderPlaced p => state with { Placed = p, Status = OrderStatus.AwaitingPayment },
        InvoiceAttached i => state with { InvoiceId = i.InvoiceId, InvoiceNumber = i.InvoiceNumber },
        OrderPaid p => state with { Paid = p, Status = OrderStatus.Paid },
        TicketsIssued t => state with { Tickets = t, Status = OrderStatus.Ticketed },
        SessionTicketsRefunded r => state with { Refunds = [.. state.Refunds, r] },
        _ => state,
    };
}
