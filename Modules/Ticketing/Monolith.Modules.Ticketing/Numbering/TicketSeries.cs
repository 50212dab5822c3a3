using System.Collections.Immutable;
using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Ticketing.Numbering;

internal abstract record SeriesCommand;

/// <summary>Take the next <paramref name="Count"/> numbers for an order; the same order asking again gets the same numbers.</summary>
internal sealed record AssignNumbers(string OrderId, int Count, DateTimeOffset At) : SeriesCommand;

internal abstract record SeriesEvent;

internal sealed record NumbersAssigned(string OrderId, long First, int Count, DateTimeOffset At) : SeriesEvent
{
    public long Last => First + Count - 1;
}

internal sealed record SeriesState(long Last, ImmutableDictionary<string, NumbersAssigned> ByOrder)
{
    public static readonly SeriesState Initial = new(0, ImmutableDictionary.Create<string, NumbersAssigned>(StringComparer.Ordinal));
}

/// <summary>Stream <c>ticketing-series-{sessionId}-{priceCategory}</c>: the uninterrupted series of ticket numbers of one price category
/// of one session (CGI annex IV art. 50 sexies B). Numbers are taken in one append with the expected revision, so two concurrent sales
/// never get the same number and none is skipped; a cancelled ticket keeps its number. The stream is bounded by the session's capacity
/// (one event per order), so it needs no period closing; the day's first and last numbers are closed in the daily statement. Its fold is
/// kept by the command handler (<see cref="CommandOptions.CachedFold"/>): numbering an order reads only the events since the last one,
/// so the cost per order stays flat as the session sells (ADR 0016, fifth pass).</summary>
internal static class TicketSeries
{
    public static string StreamId(string sessionId, string priceCategory) => $"ticketing-series-{sessionId}-{priceCategory}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(NumbersAssigned)] = "ticketing.ticket-numbers-assigned",
    };

    public static readonly Decider<SeriesCommand, SeriesEvent, SeriesState> Decider = new(Decide, Evolve, SeriesState.Initial);

    internal static IReadOnlyList<SeriesEvent> Decide(SeriesCommand command, SeriesState state) => command switch
    {
        AssignNumbers c when state.ByOrder.ContainsKey(c.OrderId) => [],
        AssignNumbers c when c.Count < 1 => throw new DomainRuleViolation("series.count", "Au moins un billet."),
        AssignNumbers c => [new NumbersAssigned(c.OrderId, state.Last + 1, c.Count, c.At)],
        _ => throw new DomainRuleViolation("series.invalid-step", "Opération impossible."),
    };

    internal static SeriesState Evolve(SeriesState state, SeriesEvent e) => e switch
    {
        NumbersAssigned n => new SeriesState(n.Last, state.ByOrder.SetItem(n.OrderId, n)),
        _ => state,
    };
}
