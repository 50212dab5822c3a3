using System.Collections.Immutable;
using System.Globalization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.Modules.Subscriptions.Numbering;

// One numbering stream per office: "subscriptions-numbers-{tenant}". Numbers are continuous through the stream (never reset, never
// reused): {prefix}-{year of issue}-{sequence, 5 digits}, e.g. AB-2026-00042. Each number is allocated for a key
// ("{subscriptionId}/{accountId}"), so a retry gets the same number back and a user removed then re-added keeps theirs.

internal sealed record AllocateNumbers(IReadOnlyList<string> Keys, string Prefix, int Year, DateTimeOffset At);

internal abstract record NumberingEvent;
internal sealed record SubscriberNumberAllocated(string Key, long Sequence, string Number, DateTimeOffset At) : NumberingEvent;

internal sealed record NumberingState(long LastSequence, ImmutableDictionary<string, string> ByKey)
{
    public static readonly NumberingState Initial = new(0, ImmutableDictionary<string, string>.Empty);
}

internal static class SubscriberNumbering
{
    public static string StreamId(string tenantId) => StreamIds.For("subscriptions-numbers", tenantId);

    public static string Key(string subscriptionId, string accountId) => $"{subscriptionId}/{accountId}";

    public static string Format(string prefix, int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year:D4}-{sequence:D5}");

    public static string Normalize(string number) => number.Trim().ToUpperInvariant();

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(SubscriberNumberAllocated)] = "subscriptions.subscriber-number-allocated",
    };

    public static readonly Decider<AllocateNumbers, NumberingEvent, NumberingState> Decider = new(Decide, Evolve, NumberingState.Initial);

    internal static IReadOnlyList<NumberingEvent> Decide(AllocateNumbers c, NumberingState state)
    {
        var events = new List<NumberingEvent>();
        var next = state.LastSequence;
        foreach (var key in c.Keys.Distinct())
        {
            if (!state.ByKey.ContainsKey(key))
            {
                next++;
                events.Add(new SubscriberNumberAllocated(key, next, Format(c.Prefix, c.Year, next), c.At));
            }
        }

        return events;
    }

    internal static NumberingState Evolve(NumberingState state, NumberingEvent @event) => @event switch
    {
        SubscriberNumberAllocated e => new NumberingState(e.Sequence, state.ByKey.SetItem(e.Key, e.Number)),
        _ => state,
    };
}
