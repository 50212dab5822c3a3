namespace Monolith.BuildingBlocks.Deciders;

/// <summary>An aggregate as pure functions: <c>Decide(command, state) → events</c> and <c>Evolve(state, event) → state</c>.
/// An empty list from Decide means "already done" (idempotent). Time comes inside the command, never from a static clock.</summary>
public sealed record Decider<TCommand, TEvent, TState>(
    Func<TCommand, TState, IReadOnlyList<TEvent>> Decide,
    Func<TState, TEvent, TState> Evolve,
    TState InitialState)
    where TEvent : notnull
{
    public TState Fold(IEnumerable<TEvent> events) => events.Aggregate(InitialState, Evolve);
}
