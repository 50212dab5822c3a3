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

/// <summary>The session was cancelled and postponed to <paramref name="ToSessionId"/>: the order's seats for it were moved there
/// (<paramref name="ToHoldIds"/> on the new session); the buyer keeps the tickets for the new date, or asks a refund until
/// <paramref name="RefundUntil"/> (office date, inclusive).</summary>
internal sealed record OfferPostponement(string SessionId, string ToSessionId, IReadOnlyList<string> ToHoldIds, DateOnly RefundUntil, DateTimeOffset At) : OrderCommand;

/// <summary>The buyer keeps the tickets for the new date (also what silence means once the deadline has passed).</summary>
internal sealed record KeepPostponedTickets(string SessionId, DateTimeOffset At) : OrderCommand;

/// <summary>The buyer refuses the new date and asks the refund, on <paramref name="RequestedOn"/> (office date).</summary>
internal sealed record DeclinePostponement(string SessionId, DateOnly RequestedOn, DateTimeOffset At) : OrderCommand;

/// <summary>A nominative ticket passes to another holder, where the organiser allows it (<paramref name="TransfersAllowed"/>), at a price
/// of no more than its face value (no resale above face value). <paramref name="Admitted"/>: the ticket was already scanned.</summary>
internal sealed record TransferTicket(string TicketId, string NewHolder, long Price, bool TransfersAllowed, bool Admitted, DateTimeOffset At) : OrderCommand;

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

internal sealed record PostponementOffered(string SessionId, string ToSessionId, IReadOnlyList<string> ToHoldIds, DateOnly RefundUntil, DateTimeOffset At) : OrderEvent;

internal sealed record PostponementKept(string SessionId, DateTimeOffset At) : OrderEvent;

internal sealed record PostponementDeclined(string SessionId, DateOnly RequestedOn, DateTimeOffset At) : OrderEvent;

internal sealed record TicketTransferred(string TicketId, int Line, [property: DataSubject] string BuyerId, [property: PersonalData] string? FromHolder, [property: PersonalData] string NewHolder, long Price, DateTimeOffset At) : OrderEvent;

internal enum PostponementChoice
{
    Pending,
    Kept,
    Declined,
}

/// <summary>A postponement offered for one session of the order and what the buyer chose.</summary>
internal sealed record Postponement(string SessionId, string ToSessionId, IReadOnlyList<string> ToHoldIds, DateOnly RefundUntil, PostponementChoice Choice);

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
    IReadOnlyList<SessionTicketsRefunded> Refunds,
    IReadOnlyList<Postponement>? Postponements = null,
    IReadOnlyDictionary<int, string>? TransferredHolders = null)
{
    /// <summary>The holder of the ticket of <paramref name="line"/> now: the last transfer's, else the name given at the order.</summary>
    public string? HolderOf(int line) =>
        TransferredHolders is not null && TransferredHolders.TryGetValue(line, out var holder) ? holder
        : Placed is not null && Placed.Holders.Count > line ? Placed.Holders[line] : null;

    public static readonly OrderState Initial = new(null, OrderStatus.None, null, null, null, null, [], []);

    public bool Exists => Placed is not null;

    public Postponement? PostponementOf(string sessionId) => Postponements?.FirstOrDefault(p => p.SessionId == sessionId);

    /// <summary>The session a ticket of <paramref name="sessionId"/> admits to: the new date of a postponement the buyer did not decline.</summary>
    public string AdmitsTo(string sessionId) =>
        PostponementOf(sessionId) is { Choice: not PostponementChoice.Declined } p ? p.ToSessionId : sessionId;
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
        [typeof(PostponementOffered)] = "ticketing.order-postponement-offered",
        [typeof(PostponementKept)] = "ticketing.order-postponement-kept",
        [typeof(PostponementDeclined)] = "ticketing.order-postponement-declined",
        [typeof(TicketTransferred)] = "ticketing.ticket-transferred",
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
        (RefundCancelledSession c, _) when state.PostponementOf(c.SessionId) is { Choice: not PostponementChoice.Declined } =>
            throw new DomainRuleViolation("order.postponed", "Ces billets ont été reportés à une nouvelle date : le remboursement se demande avant la date limite.", isConflict: true),
        (RefundCancelledSession c, _) => [new SessionTicketsRefunded(c.SessionId, c.Reason, c.CreditNoteNumber, c.FaceValueRefunded, c.At)],
        (OfferPostponement c, _) when state.PostponementOf(c.SessionId) is not null || state.Refunds.Any(r => r.SessionId == c.SessionId) => [],
        (OfferPostponement c, _) => [new PostponementOffered(c.SessionId, c.ToSessionId, c.ToHoldIds, c.RefundUntil, c.At)],
        (KeepPostponedTickets c, _) => Keep(c, state),
        (DeclinePostponement c, _) => Decline(c, state),
        (TransferTicket c, _) => Transfer(c, state),
        _ => throw new DomainRuleViolation("order.invalid-step", "Opération impossible sur cette commande."),
    };

    private static IReadOnlyList<OrderEvent> Keep(KeepPostponedTickets c, OrderState state) => state.PostponementOf(c.SessionId) switch
    {
        null => throw new NotFoundException("Aucun report n'est proposé pour cette séance dans cette commande."),
        { Choice: PostponementChoice.Kept } => [],
        { Choice: PostponementChoice.Declined } => throw new DomainRuleViolation("postponement.declined",
            "Vous avez déjà demandé le remboursement de ces billets : ils ne sont plus valables pour la nouvelle date.", isConflict: true),
        _ => [new PostponementKept(c.SessionId, c.At)],
    };

    private static IReadOnlyList<OrderEvent> Decline(DeclinePostponement c, OrderState state) => state.PostponementOf(c.SessionId) switch
    {
        null => throw new NotFoundException("Aucun report n'est proposé pour cette séance dans cette commande."),
        { Choice: PostponementChoice.Declined } => [],
        { } p when c.RequestedOn > p.RefundUntil => throw new DomainRuleViolation("postponement.deadline",
            $"Le délai pour demander le remboursement s'est terminé le {p.RefundUntil.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)} : vos billets restent valables pour la nouvelle date."),
        _ => [new PostponementDeclined(c.SessionId, c.RequestedOn, c.At)],
    };

    private static IReadOnlyList<OrderEvent> Transfer(TransferTicket c, OrderState state)
    {
        var ticket = state.Tickets?.Tickets.FirstOrDefault(t => t.TicketId == c.TicketId)
            ?? throw new NotFoundException("Ce billet n'existe pas dans cette commande.");
        var holder = c.NewHolder.Trim();
        if (string.Equals(state.HolderOf(ticket.Line), holder, StringComparison.Ordinal))
        {
            return []; // the same transfer again
        }

        if (!c.TransfersAllowed)
        {
            throw new DomainRuleViolation("ticket.transfer-not-allowed", "L'organisateur n'autorise pas la cession des billets de ce spectacle.", isConflict: true);
        }

        if (state.Placed!.Holders.Count <= ticket.Line || string.IsNullOrWhiteSpace(state.Placed.Holders[ticket.Line]))
        {
            throw new DomainRuleViolation("ticket.not-nominative", "Seul un billet nominatif se cède : celui-ci ne porte pas de nom.");
        }

        if (state.Refunds.Any(r => r.SessionId == ticket.SessionId) || c.Admitted)
        {
            throw new DomainRuleViolation("ticket.transfer-used", "Ce billet a été remboursé ou a déjà servi : il ne peut plus être cédé.", isConflict: true);
        }

        if (c.Price < 0 || c.Price > ticket.FaceValue)
        {
            throw new DomainRuleViolation("ticket.transfer-above-face-value",
                $"La revente d'un billet au-dessus de son prix facial est interdite : au plus {(ticket.FaceValue / 100m).ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))} €.");
        }

        return [new TicketTransferred(c.TicketId, ticket.Line, state.Placed.BuyerId, state.HolderOf(ticket.Line), holder, c.Price, c.At)];
    }

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
        PostponementOffered o => state with { Postponements = [.. state.Postponements ?? [], new Postponement(o.SessionId, o.ToSessionId, o.ToHoldIds, o.RefundUntil, PostponementChoice.Pending)] },
        PostponementKept k => WithChoice(state, k.SessionId, PostponementChoice.Kept),
        TicketTransferred t => state with { TransferredHolders = new Dictionary<int, string>(state.TransferredHolders ?? new Dictionary<int, string>()) { [t.Line] = t.NewHolder } },
        PostponementDeclined d => WithChoice(state, d.SessionId, PostponementChoice.Declined),
        _ => state,
    };

    private static OrderState WithChoice(OrderState state, string sessionId, PostponementChoice choice) =>
        state with { Postponements = [.. (state.Postponements ?? []).Select(p => p.SessionId == sessionId ? p with { Choice = choice } : p)] };
}
