using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.BuildingBlocks.Tests.Deciders;

/// <summary>A small sample aggregate for the handler tests: a customer's tab at the tourist office shop.</summary>
public static class Tab
{
    public abstract record Command;
    public sealed record Open(string TabId, string CustomerId, string CustomerName) : Command;
    public sealed record AddItem(string Label, decimal Amount) : Command;
    public sealed record Close(DateOnly On) : Command;

    public abstract record Event;
    public sealed record Opened(string TabId, [DataSubject] string CustomerId, [PersonalData] string CustomerName) : Event;
    public sealed record ItemAdded(string Label, decimal Amount) : Event;
    public sealed record Closed(DateOnly On, decimal Total) : Event;

    public sealed record State(bool IsOpen, bool IsClosed, decimal Total, int Items, string? CustomerName)
    {
        public static State Initial { get; } = new(false, false, 0m, 0, null);
    }

    public static IReadOnlyList<Event> Decide(Command command, State state) => (command, state) switch
    {
        (Open, { IsOpen: true } or { IsClosed: true }) => [],
        (Open o, _) => [new Opened(o.TabId, o.CustomerId, o.CustomerName)],
        (AddItem, { IsOpen: false }) => throw new DomainRuleViolation("tab.not-open", "La note n'est pas ouverte."),
        (AddItem a, _) when a.Amount <= 0 => throw new DomainRuleViolation("tab.amount-not-positive", "Le montant doit être positif."),
        (AddItem a, _) => [new ItemAdded(a.Label, a.Amount)],
        (Close, { IsClosed: true }) => [],
        (Close c, { IsOpen: true }) => [new ItemAdded("Service", 0.5m), new Closed(c.On, state.Total + 0.5m)],
        _ => throw new DomainRuleViolation("tab.invalid-step", "Étape impossible."),
    };

    public static State Evolve(State state, Event @event) => @event switch
    {
        Opened o => state with { IsOpen = true, CustomerName = o.CustomerName },
        ItemAdded i => state with { Total = state.Total + i.Amount, Items = state.Items + 1 },
        Closed => state with { IsOpen = false, IsClosed = true },
        _ => state,
    };

    public static Decider<Command, Event, State> Decider { get; } = new(Decide, Evolve, State.Initial);

    public static void EventNames(EventTypeRegistry r) => r
        .Register<Opened>("shop.tab-opened")
        .Register<ItemAdded>("shop.tab-item-added")
        .Register<Closed>("shop.tab-closed");
}
