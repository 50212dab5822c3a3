using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Facts;

/// <summary>Reacts to a published fact of another module (registered with <c>m.React&lt;TFact, THandler&gt;()</c>; resolved from a
/// fresh DI scope per fact, so it may take any service). Delivery is at-least-once: run commands with <see cref="FactContext.Command"/>,
/// whose event ids derive from the fact's id, so a replay appends nothing. A <see cref="DomainRuleViolation"/> that will not go away by
/// retrying should be caught and logged (or turned into a command that records the refusal): an exception parks the fact and stops
/// the reactor until an operator retries it.</summary>
public interface IReactTo<in TFact>
    where TFact : IIntegrationEvent
{
    Task ReactAsync(TFact fact, FactContext context, CancellationToken ct);
}

/// <summary>Where a published fact sits in the log, and the ids a reaction derives from it.</summary>
public sealed record FactContext(Guid EventId, long Position, string StreamId, string TenantId, DateTimeOffset RecordedAt, string Reactor)
{
    public static FactContext From(RecordedEvent e, string reactor)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.EventId, e.Position, e.StreamId, e.Metadata.TenantId, e.RecordedAt, reactor);
    }

    /// <summary>The context of a command run in reaction: the fact's tenant, the reactor as user, the fact as causation, and event ids
    /// derived from (fact id, reactor, <paramref name="step"/>) — use one step name per command when a reaction runs several.</summary>
    public CommandContext Command(string step = "") =>
        new(TenantId, Reactor, EventId, EventId, null, Id(step));

    /// <summary>A deterministic id derived from the fact, the reactor and <paramref name="name"/> (e.g. a payment id).</summary>
    public Guid Id(string name = "") => DeterministicGuid.Create(EventId, $"{Reactor}/{name}");
}
