using System.Collections.Immutable;
using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Ticketing.Contracts;

namespace Monolith.Modules.Ticketing.Sessions;

/// <summary>How seats are placed (Zonza "Billetterie" art. 3): numbered seats on a plan, zones (categories) without numbers, or free
/// placement in the whole venue (one category).</summary>
internal enum Seating
{
    Free,
    Zoned,
    Numbered,
}

/// <summary>A row of numbered seats <paramref name="From"/>..<paramref name="To"/> (seat ids <c>{Row}-{n}</c>).</summary>
internal sealed record RowPlan(string Row, int From, int To)
{
    public IEnumerable<string> SeatIds() => Enumerable.Range(From, To - From + 1).Select(n => $"{Row}-{n}");
}

/// <summary>A category (zone) of the session: its capacity, and its rows when seats are numbered (capacity = number of seats).</summary>
internal sealed record CategoryPlan(string Code, string Label, int Capacity, IReadOnlyList<RowPlan>? Rows = null);

/// <summary>One line of a hold: seats of a category at a rate.</summary>
internal sealed record HoldLine(string Category, string RateCode, int Quantity);

/// <summary>A line as held: the seats allocated (numbered seating) — empty for unnumbered categories.</summary>
internal sealed record HeldLine(string Category, string RateCode, int Quantity, IReadOnlyList<string> Seats);

internal enum HoldStatus
{
    Held,
    Sold,
    Released,
    Expired,
    Returned,
}

internal sealed record HoldInfo(string HoldId, IReadOnlyList<string> BuyerKeys, IReadOnlyList<HeldLine> Lines, DateTimeOffset ExpiresAt, HoldStatus Status, string? OrderId)
{
    public int Quantity => Lines.Sum(l => l.Quantity);
}

internal abstract record SessionCommand;

internal sealed record ScheduleSession(
    string SessionId,
    string ShowId,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    Seating Seating,
    IReadOnlyList<CategoryPlan> Categories,
    int? MinParticipants,
    int MinimumCheckHours,
    DateTimeOffset At) : SessionCommand;

/// <summary>Hold seats for a buyer until <paramref name="ExpiresAt"/>. <paramref name="BuyerKeys"/>: the buyer's identity keys (hashed
/// account, normalised e-mail…); <paramref name="PriorSeats"/>: seats that person already bought for this show in other sessions (the
/// buyer ledger), so that <paramref name="MaxPerPerson"/> is cumulative.</summary>
internal sealed record HoldSeats(
    string HoldId,
    IReadOnlyList<string> BuyerKeys,
    IReadOnlyList<HoldLine> Lines,
    int MaxPerPerson,
    int PriorSeats,
    DateTimeOffset At,
    DateTimeOffset ExpiresAt) : SessionCommand;

internal sealed record SellHold(string HoldId, string OrderId, DateTimeOffset At) : SessionCommand;

internal sealed record ReleaseHold(string HoldId, string Reason, DateTimeOffset At) : SessionCommand;

internal sealed record ExpireHolds(DateTimeOffset At) : SessionCommand;

/// <summary>Seats of a cancelled order go back on sale (exceptional customer cancellation); numbers already issued stay used.</summary>
internal sealed record ReturnSeats(string HoldId, string OrderId, DateTimeOffset At) : SessionCommand;

/// <summary>The session will not take place. With <paramref name="PostponementSessionId"/>, its buyers are offered that session instead
/// (their seats are moved there) and may ask a refund until <paramref name="RefundRequestsUntil"/> (office date, inclusive).</summary>
internal sealed record CancelSession(string Reason, bool MinimumNotReached, string? PostponementSessionId, DateTimeOffset At, DateOnly? RefundRequestsUntil = null) : SessionCommand;

internal abstract record SessionEvent;

internal sealed record SessionScheduled(
    string SessionId,
    string ShowId,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    Seating Seating,
    IReadOnlyList<CategoryPlan> Categories,
    int? MinParticipants,
    int MinimumCheckHours,
    DateTimeOffset At) : SessionEvent;

internal sealed record SeatsHeld(string HoldId, IReadOnlyList<string> BuyerKeys, IReadOnlyList<HeldLine> Lines, bool Separated, DateTimeOffset ExpiresAt, DateTimeOffset At) : SessionEvent;

internal sealed record HoldSold(string HoldId, string OrderId, DateTimeOffset At) : SessionEvent;

internal sealed record HoldReleased(string HoldId, string Reason, DateTimeOffset At) : SessionEvent;

internal sealed record HoldExpired(string HoldId, DateTimeOffset At) : SessionEvent;

internal sealed record SeatsReturned(string HoldId, string OrderId, DateTimeOffset At) : SessionEvent;

/// <summary>v2 adds <paramref name="RefundRequestsUntil"/> (absent, null, in earlier events: no postponement was offered then).</summary>
internal sealed record SessionCancelled(string Reason, bool MinimumNotReached, string? PostponementSessionId, DateTimeOffset At, DateOnly? RefundRequestsUntil = null) : SessionEvent;

internal sealed record SessionState(
    SessionScheduled? Plan,
    ImmutableDictionary<string, HoldInfo> Holds,
    ImmutableHashSet<string> ActiveHolds,
    ImmutableDictionary<string, int> Taken,
    ImmutableDictionary<string, int> Sold,
    ImmutableDictionary<string, string> SeatOwner,
    ImmutableDictionary<string, int> BuyerSeats,
    SessionCancelled? Cancelled)
{
    public static readonly SessionState Initial = new(
        null, ImmutableDictionary<string, HoldInfo>.Empty, ImmutableHashSet<string>.Empty, ImmutableDictionary<string, int>.Empty,
        ImmutableDictionary<string, int>.Empty, ImmutableDictionary<string, string>.Empty, ImmutableDictionary<string, int>.Empty, null);

    /// <summary>The active holds ordered by expiry (then id): finding the holds due at an instant reads only those, instead of
    /// scanning every active hold — every hold decision and availability read starts with that question (lazy expiry), so a scan
    /// made a flash sale quadratic. Derived from <see cref="ActiveHolds"/> by the fold; not part of any event.</summary>
    public ImmutableSortedSet<(DateTimeOffset ExpiresAt, string HoldId)> ActiveByExpiry { get; init; } = ImmutableSortedSet<(DateTimeOffset ExpiresAt, string HoldId)>.Empty.WithComparer(ExpiryOrder.Instance);

    /// <summary>Seats taken per row (numbered seating), so that seat allocation passes over full rows without looking at their seats.
    /// Derived from <see cref="SeatOwner"/> by the fold; not part of any event.</summary>
    public ImmutableDictionary<string, int> TakenInRow { get; init; } = ImmutableDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Whether some active hold is due (expired) at <paramref name="at"/>.</summary>
    public bool HasExpiredAt(DateTimeOffset at) => ActiveByExpiry.Count > 0 && ActiveByExpiry.Min.ExpiresAt <= at;

    public bool Exists => Plan is not null;

    public SessionScheduled Require() => Plan ?? throw new NotFoundException("Cette séance n'existe pas.");

    public CategoryPlan? Category(string code) =>
        Plan?.Categories.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    public int Capacity => Plan?.Categories.Sum(c => c.Capacity) ?? 0;

    public int TakenIn(string category) => Taken.GetValueOrDefault(category);

    public int AvailableIn(string category) => (Category(category)?.Capacity ?? 0) - TakenIn(category);

    public int SoldTotal => Sold.Values.Sum();

    public int BuyerCount(IEnumerable<string> keys) => keys.Select(k => BuyerSeats.GetValueOrDefault(k)).DefaultIfEmpty(0).Max();

    /// <summary>When sales close: the start of a dated session, the end of a ticket valid over a period.</summary>
    public DateTimeOffset SalesCloseAt => Require().EndsAt is { } end && end > Require().StartsAt ? end : Require().StartsAt;
}

/// <summary>Orders the expiry index: by expiry, then hold id (ordinal), so two holds expiring at the same instant are both kept.</summary>
internal sealed class ExpiryOrder : IComparer<(DateTimeOffset ExpiresAt, string HoldId)>
{
    public static readonly ExpiryOrder Instance = new();

    public int Compare((DateTimeOffset ExpiresAt, string HoldId) x, (DateTimeOffset ExpiresAt, string HoldId) y)
    {
        var byTime = x.ExpiresAt.UtcTicks.CompareTo(y.ExpiresAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.HoldId, y.HoldId);
    }
}

/// <summary>Stream <c>ticketing-session-{sessionId}</c>: a session and its scarce resource — capacity per category, numbered seats,
/// holds with their expiry, sales. Bounded by the session's capacity (each seat is held, sold, released a handful of times), so it is
/// short; every hold is one check-and-append here (see <c>SessionDesk</c>, ADR 0016).</summary>
internal static class Session
{
    public static string StreamId(string sessionId) => $"ticketing-session-{sessionId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(SessionScheduled)] = "ticketing.session-scheduled",
        [typeof(SeatsHeld)] = "ticketing.seats-held",
        [typeof(HoldSold)] = "ticketing.hold-sold",
        [typeof(HoldReleased)] = "ticketing.hold-released",
        [typeof(HoldExpired)] = "ticketing.hold-expired",
        [typeof(SeatsReturned)] = "ticketing.seats-returned",
        [typeof(SessionCancelled)] = "ticketing.session-cancelled",
    };

    /// <summary>The published facts of a decision: the cancellation (<see cref="TicketingSessionCancelled"/>). The office id is filled by
    /// the desk (the tenant of the stream).</summary>
    public static IEnumerable<TicketingSessionCancelled> Facts(string officeId, SessionState after, IReadOnlyList<SessionEvent> decided) =>
        decided.OfType<SessionCancelled>().Select(c => new TicketingSessionCancelled(officeId, after.Plan!.SessionId, after.Plan.ShowId, c.Reason, c.MinimumNotReached, c.At));

    public static readonly Decider<SessionCommand, SessionEvent, SessionState> Decider = new(Decide, Evolve, SessionState.Initial);

    internal static IReadOnlyList<SessionEvent> Decide(SessionCommand command, SessionState state)
    {
        switch (command)
        {
            case ScheduleSession c:
                return state.Exists ? (state.Plan!.StartsAt == c.StartsAt ? [] : throw new DomainRuleViolation("session.exists", "Une séance existe déjà avec cet identifiant.", isConflict: true))
                    : [Schedule(c)];
            case ExpireHolds c:
                state.Require();
                return Expired(state, c.At);
            case HoldSeats c:
                return Hold(c, state);
            case SellHold c:
                return Sell(c, state);
            case ReleaseHold c:
                state.Require();
                return state.Holds.TryGetValue(c.HoldId, out var h) && h.Status == HoldStatus.Held ? [new HoldReleased(c.HoldId, c.Reason, c.At)] : [];
            case ReturnSeats c:
                state.Require();
                return state.Holds.TryGetValue(c.HoldId, out var r) && r.Status == HoldStatus.Sold && r.OrderId == c.OrderId
                    ? [new SeatsReturned(c.HoldId, c.OrderId, c.At)] : [];
            case CancelSession c:
                state.Require();
                if (state.Cancelled is not null)
                {
                    return [];
                }

                if (c.PostponementSessionId is not null && (c.PostponementSessionId == state.Plan!.SessionId || c.RefundRequestsUntil is null))
                {
                    throw new DomainRuleViolation("session.postponement", "Un report se fait vers une autre séance, avec une date limite pour demander le remboursement.");
                }

                return [new SessionCancelled(c.Reason, c.MinimumNotReached, c.PostponementSessionId, c.At, c.RefundRequestsUntil)];
            default:
                throw new DomainRuleViolation("session.invalid-step", "Opération impossible sur cette séance.");
        }
    }

    private static SessionScheduled Schedule(ScheduleSession c)
    {
        if (c.Categories.Count == 0)
        {
            throw new DomainRuleViolation("session.no-category", "Indiquez au moins une catégorie de places.");
        }

        if (c.Seating == Seating.Free && c.Categories.Count != 1)
        {
            throw new DomainRuleViolation("session.free-placement", "En placement libre, la salle n'a qu'une catégorie.");
        }

        foreach (var category in c.Categories)
        {
            if (c.Seating == Seating.Numbered)
            {
                if (category.Rows is not { Count: > 0 } rows || rows.Any(r => r.To < r.From))
                {
                    throw new DomainRuleViolation("session.rows", $"La catégorie « {category.Label} » doit décrire ses rangs de places numérotées.");
                }

                if (rows.Sum(r => r.To - r.From + 1) != category.Capacity)
                {
                    throw new DomainRuleViolation("session.capacity", $"La capacité de « {category.Label} » doit égaler son nombre de sièges numérotés.");
                }
            }
            else if (category.Capacity < 1)
            {
                throw new DomainRuleViolation("session.capacity", $"La capacité de « {category.Label} » doit être d'au moins une place.");
            }
        }

        var seatIds = c.Categories.SelectMany(k => k.Rows ?? []).SelectMany(r => r.SeatIds()).ToList();
        if (seatIds.Count != seatIds.Distinct(StringComparer.Ordinal).Count())
        {
            throw new DomainRuleViolation("session.duplicate-seat", "Un même siège apparaît deux fois dans le plan de salle.");
        }

        if (c.MinParticipants is { } min && (min < 1 || min > c.Categories.Sum(k => k.Capacity)))
        {
            throw new DomainRuleViolation("session.minimum", "Le minimum de participants doit être compris entre 1 et la capacité.");
        }

        return new SessionScheduled(c.SessionId, c.ShowId, c.StartsAt, c.EndsAt, c.Seating, c.Categories, c.MinParticipants, c.MinimumCheckHours, c.At);
    }

    /// <summary>Holds whose time is up, as of <paramref name="at"/> (lazy expiry: every decision on the session starts with these).</summary>
    private static List<SessionEvent> Expired(SessionState state, DateTimeOffset at)
    {
        var expired = new List<SessionEvent>();
        if (!state.HasExpiredAt(at))
        {
            return expired;
        }

        foreach (var (expiresAt, holdId) in state.ActiveByExpiry)
        {
            if (expiresAt > at)
            {
                break;
            }

            expired.Add(new HoldExpired(holdId, at));
        }

        return expired;
    }

    private static IReadOnlyList<SessionEvent> Hold(HoldSeats c, SessionState state)
    {
        var plan = state.Require();
        if (state.Holds.ContainsKey(c.HoldId))
        {
            return []; // a retried hold
        }

        if (state.Cancelled is not null)
        {
            throw new DomainRuleViolation("session.cancelled", "Cette séance est annulée : elle n'est plus en vente.", isConflict: true);
        }

        if (c.At >= state.SalesCloseAt)
        {
            throw new DomainRuleViolation("session.sales-closed", "Les ventes sont closes pour cette séance.", isConflict: true);
        }

        var expired = Expired(state, c.At);
        var current = expired.Aggregate(state, Evolve);
        var quantity = c.Lines.Sum(l => l.Quantity);
        var already = current.BuyerCount(c.BuyerKeys) + c.PriorSeats;
        if (already + quantity > c.MaxPerPerson)
        {
            throw new DomainRuleViolation("limit.per-person",
                $"Au plus {c.MaxPerPerson} places par personne pour ce spectacle, toutes commandes confondues : vous en avez déjà {already}, vous pouvez encore en réserver {Math.Max(0, c.MaxPerPerson - already)}.");
        }

        var lines = new List<HeldLine>();
        var separated = false;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in c.Lines.GroupBy(l => l.Category, StringComparer.OrdinalIgnoreCase))
        {
            var category = current.Category(group.Key)
                ?? throw new DomainRuleViolation("category.unknown", $"La catégorie « {group.Key} » n'existe pas pour cette séance.");
            var wanted = group.Sum(l => l.Quantity);
            var available = current.AvailableIn(category.Code);
            if (wanted > available)
            {
                throw new DomainRuleViolation("session.sold-out", available == 0
                    ? $"Complet : il n'y a plus de place en « {category.Label} »."
                    : $"Il ne reste que {available} place(s) en « {category.Label} ».", isConflict: true);
            }

            IReadOnlyList<string> seats = [];
            if (category.Rows is { Count: > 0 } rows)
            {
                // Per-row counts are keyed by row name: used only when the plan's row names are unique (seat ids always are).
                var rowNames = plan.Categories.SelectMany(k => k.Rows ?? []).Select(r => r.Row).ToList();
                Func<string, int>? takenInRow = rowNames.Count == rowNames.Distinct(StringComparer.Ordinal).Count()
                    ? row => current.TakenInRow.GetValueOrDefault(row) + taken.Count(id => RowOf(id) == row)
                    : null;
                (seats, var split) = SeatAllocator.Allocate(rows, id => current.SeatOwner.ContainsKey(id) || taken.Contains(id), wanted, takenInRow);
                separated |= split;
                taken.UnionWith(seats);
            }

            var offset = 0;
            foreach (var line in group)
            {
                lines.Add(new HeldLine(category.Code, line.RateCode, line.Quantity, seats.Count == 0 ? [] : [.. seats.Skip(offset).Take(line.Quantity)]));
                offset += line.Quantity;
            }
        }

        return [.. expired, new SeatsHeld(c.HoldId, c.BuyerKeys, lines, separated, c.ExpiresAt, c.At)];
    }

    private static IReadOnlyList<SessionEvent> Sell(SellHold c, SessionState state)
    {
        state.Require();
        if (!state.Holds.TryGetValue(c.HoldId, out var hold))
        {
            throw new NotFoundException("Cette réservation de places n'existe pas.");
        }

        return hold switch
        {
            { Status: HoldStatus.Sold } when hold.OrderId == c.OrderId => [],
            { Status: HoldStatus.Sold or HoldStatus.Returned } => throw new DomainRuleViolation("hold.used", "Ces places sont déjà commandées.", isConflict: true),
            { Status: HoldStatus.Held } when hold.ExpiresAt > c.At && state.Cancelled is null => [new HoldSold(c.HoldId, c.OrderId, c.At)],
            _ when state.Cancelled is not null => throw new DomainRuleViolation("session.cancelled", "Cette séance est annulée : elle n'est plus en vente.", isConflict: true),
            _ => throw new DomainRuleViolation("hold.expired", "Le délai de réservation de vos places a expiré : elles ont été remises en vente. Refaites votre sélection.", isConflict: true),
        };
    }

    internal static SessionState Evolve(SessionState state, SessionEvent e)
    {
        switch (e)
        {
            case SessionScheduled s:
                return state with { Plan = s };
            case SeatsHeld h:
                {
                    var hold = new HoldInfo(h.HoldId, h.BuyerKeys, h.Lines, h.ExpiresAt, HoldStatus.Held, null);
                    return Take(state with
                    {
                        Holds = state.Holds.SetItem(h.HoldId, hold),
                        ActiveHolds = state.ActiveHolds.Add(h.HoldId),
                        ActiveByExpiry = state.ActiveByExpiry.Add((h.ExpiresAt, h.HoldId)),
                    }, hold, +1);
                }

            case HoldSold s when state.Holds.TryGetValue(s.HoldId, out var hold):
                {
                    var sold = state.Sold;
                    foreach (var line in hold.Lines)
                    {
                        sold = sold.SetItem(line.Category, sold.GetValueOrDefault(line.Category) + line.Quantity);
                    }

                    return state with
                    {
                        Holds = state.Holds.SetItem(s.HoldId, hold with { Status = HoldStatus.Sold, OrderId = s.OrderId }),
                        ActiveHolds = state.ActiveHolds.Remove(s.HoldId),
                        ActiveByExpiry = state.ActiveByExpiry.Remove((hold.ExpiresAt, s.HoldId)),
                        Sold = sold,
                    };
                }

            case HoldReleased r when state.Holds.TryGetValue(r.HoldId, out var hold) && hold.Status == HoldStatus.Held:
                return Take(state with
                {
                    Holds = state.Holds.SetItem(r.HoldId, hold with { Status = HoldStatus.Released }),
                    ActiveHolds = state.ActiveHolds.Remove(r.HoldId),
                    ActiveByExpiry = state.ActiveByExpiry.Remove((hold.ExpiresAt, r.HoldId)),
                }, hold, -1);
            case HoldExpired x when state.Holds.TryGetValue(x.HoldId, out var hold) && hold.Status == HoldStatus.Held:
                return Take(state with
                {
                    Holds = state.Holds.SetItem(x.HoldId, hold with { Status = HoldStatus.Expired }),
                    ActiveHolds = state.ActiveHolds.Remove(x.HoldId),
                    ActiveByExpiry = state.ActiveByExpiry.Remove((hold.ExpiresAt, x.HoldId)),
                }, hold, -1);
            case SeatsReturned r when state.Holds.TryGetValue(r.HoldId, out var hold) && hold.Status == HoldStatus.Sold:
                {
                    var sold = state.Sold;
                    foreach (var line in hold.Lines)
                    {
                        sold = sold.SetItem(line.Category, sold.GetValueOrDefault(line.Category) - line.Quantity);
                    }

                    return Take(state with { Holds = state.Holds.SetItem(r.HoldId, hold with { Status = HoldStatus.Returned }), Sold = sold }, hold, -1);
                }

            case SessionCancelled c:
                return state with { Cancelled = c };
            default:
                return state;
        }
    }

    /// <summary>Counts a hold's seats in (+1) or out (−1) of the taken seats, the seat owners and the buyer's seats.</summary>
    private static SessionState Take(SessionState state, HoldInfo hold, int sign)
    {
        var taken = state.Taken;
        var owners = state.SeatOwner;
        var rows = state.TakenInRow;
        foreach (var line in hold.Lines)
        {
            taken = taken.SetItem(line.Category, taken.GetValueOrDefault(line.Category) + (sign * line.Quantity));
            owners = sign > 0 ? owners.SetItems(line.Seats.Select(s => KeyValuePair.Create(s, hold.HoldId))) : owners.RemoveRange(line.Seats);
            foreach (var seat in line.Seats)
            {
                var row = RowOf(seat);
                rows = rows.SetItem(row, rows.GetValueOrDefault(row) + sign);
            }
        }

        var buyers = state.BuyerSeats;
        foreach (var key in hold.BuyerKeys)
        {
            buyers = buyers.SetItem(key, buyers.GetValueOrDefault(key) + (sign * hold.Quantity));
        }

        return state with { Taken = taken, SeatOwner = owners, TakenInRow = rows, BuyerSeats = buyers };
    }

    /// <summary>The row of a numbered seat id <c>{Row}-{n}</c> (see <see cref="RowPlan.SeatIds"/>).</summary>
    internal static string RowOf(string seatId)
    {
        var dash = seatId.LastIndexOf('-');
        return dash < 0 ? seatId : seatId[..dash];
    }
}
