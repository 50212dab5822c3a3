using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>A process manager: turns events into commands (often in another module). Delivery is at-least-once: the checkpoint is
/// saved after the reaction succeeds, so after a crash or a replay the same event is seen again. A reaction must therefore be
/// idempotent, typically by deriving the ids of what it appends from the source event id (deterministic ids + the store's
/// idempotent append).</summary>
public interface IReactor
{
    /// <summary>Unique stable name (shares the checkpoint table with projections, so it must differ from every projection name).</summary>
    string Name { get; }

    bool Handles(string eventType);

    /// <param name="scopedServices">A fresh DI scope per event (disposed after the reaction).</param>
    Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct);
}
