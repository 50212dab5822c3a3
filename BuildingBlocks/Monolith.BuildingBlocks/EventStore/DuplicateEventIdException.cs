namespace Monolith.BuildingBlocks.EventStore;

/// <summary>An append reused event ids in a way that is not an idempotent retry: some ids of the batch exist and others do not,
/// they exist in another order, or an id already belongs to another stream. Nothing was written. This is a programming error in
/// the caller (ids must be fresh, or the exact batch replayed), not a concurrency conflict.</summary>
public sealed class DuplicateEventIdException(string streamId, Guid eventId, string? existingStreamId, string reason)
    : InvalidOperationException($"Cannot append to stream '{streamId}': event id {eventId} {reason}.")
{
    /// <summary>The stream the caller tried to append to.</summary>
    public string StreamId { get; } = streamId;

    /// <summary>The first offending event id of the batch.</summary>
    public Guid EventId { get; } = eventId;

    /// <summary>The stream that already holds <see cref="EventId"/>, null when the id is duplicated within the batch itself.</summary>
    public string? ExistingStreamId { get; } = existingStreamId;
}
