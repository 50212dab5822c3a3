using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Billing.Numbering;

// The days of one office, series and year ("billing-numbering-{office}-{series}-{year}-days", ADR 0010): one event per numbering day,
// in order, with the first number the day hands out. It answers "which day is open now" (its last event) and "which day holds number n"
// (a binary search over its events) without reading any document; it grows by one small event per day with documents (≤ 366 a year).

internal abstract record NumberingDaysCommand;

/// <summary>Lists <paramref name="Day"/> as the series' next day, after <paramref name="After"/> (null: the first day of the year), whose
/// first number is <paramref name="FirstSequence"/>. Listing a day already listed is "already done".</summary>
internal sealed record ListNumberingDay(string OfficeId, string Series, DateOnly Day, DateOnly? After, int FirstSequence, DateTimeOffset At) : NumberingDaysCommand;

internal abstract record NumberingDaysEvent;

internal sealed record NumberingDayListed(string OfficeId, string Series, DateOnly Day, DateOnly? PreviousDay, int FirstSequence, DateTimeOffset ListedAt)
    : NumberingDaysEvent;

internal sealed record NumberingDaysState(DateOnly? LastDay, int Count)
{
    public static readonly NumberingDaysState Initial = new(null, 0);
}

internal static class NumberingDays
{
    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(NumberingDayListed)] = "billing.numbering-day-listed",
    };

    public static readonly Decider<NumberingDaysCommand, NumberingDaysEvent, NumberingDaysState> Decider = new(Decide, Evolve, NumberingDaysState.Initial);

    internal static IReadOnlyList<NumberingDaysEvent> Decide(NumberingDaysCommand command, NumberingDaysState state) => command switch
    {
        ListNumberingDay c when state.LastDay == c.Day => [],
        ListNumberingDay c when state.LastDay != c.After => throw new NumberingMoved(c.Day, state.LastDay),
        ListNumberingDay c when c.After is { } after && c.Day <= after => throw new NumberingMoved(c.Day, state.LastDay),
        ListNumberingDay c => [new NumberingDayListed(c.OfficeId, c.Series, c.Day, c.After, c.FirstSequence, c.At)],
        _ => throw new DomainRuleViolation("billing.invalid-command", "This command is not possible on the days of a numbering series."),
    };

    internal static NumberingDaysState Evolve(NumberingDaysState state, NumberingDaysEvent @event) => @event switch
    {
        NumberingDayListed e => new NumberingDaysState(e.Day, state.Count + 1),
        _ => state,
    };
}

/// <summary>Another issuer moved the series to another day first: resolve the open day again.</summary>
internal sealed class NumberingMoved(DateOnly day, DateOnly? lastDay)
    : DomainRuleViolation("numbering.moved", $"The day {day:yyyy-MM-dd} cannot follow {lastDay:yyyy-MM-dd} in the series.", isConflict: true);
