namespace Monolith.BuildingBlocks.Deciders;

/// <summary>An aggregate as pure functions: <c>Decide(command, state) → events</c> and <c>Evolve(state, event) → state</c>.
/// An empty list from Decide means "already done" (idempotent). Time comes inside the command, never from a static clock.</summary>
public sealed record Decider<TCommand, TEvent, TState>(
    Func<TCommand, TState, IReadOnlyList<TEvent>> Decide,
    Func<TState, TEvent, TState> Evolve,
    TState InitialState)
    where TEvent : notnull
{
    /// <summary>The published facts (<see cref="Facts.IIntegrationEvent"/>) a decision makes true, from the command, the state before,
    /// the events decided and the state after; <see cref="CommandHandler"/> appends them right after those events, in the same append
    /// (one transaction) and the same stream. Folding skips them. Null: the stream publishes nothing.</summary>
    public Func<TCommand, TState, IReadOnlyList<TEvent>, TState, IEnumerable<Facts.IIntegrationEvent>>? Publish { get; init; }

    public TState Fold(IEnumerable<TEvent> events) => events.Aggregate(InitialState, Evolve);
}
