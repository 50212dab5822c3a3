namespace Monolith.BuildingBlocks.EventStore;

/// <summary>Who, for whom and why an event was written. Every event carries its tenant.</summary>
public sealed record EventMetadata(
    string TenantId,
    string? UserId = null,
    Guid? CorrelationId = null,
    Guid? CausationId = null,
    int SchemaVersion = 1);

/// <summary>An event to append. <paramref name="EventId"/> makes appends idempotent: re-appending the same ids is a success that writes nothing.
/// <paramref name="Data"/> is the JSON payload exactly as it will be stored (personal fields already encrypted).</summary>
public sealed record EventData(Guid EventId, string Type, string Data, EventMetadata Metadata);

/// <summary>An event as stored: its global position in the log (<c>$all</c>), its revision in its stream, the time the store recorded it
/// its link in the tamper-evidence hash chain and its link in its office's keyed chain (<see cref="OfficeHash"/>; null for events
/// stored before the keyed chain existed, ADR 0021).</summary>
public sealed record RecordedEvent(
    long Position,
    string StreamId,
    long Revision,
    Guid EventId,
    string Type,
    string Data,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt,
    string Hash,
    string? OfficeHash = null);

/// <summary>Result of an append: the revision of the stream's last event and the global position of the last event written.</summary>
public sealed record AppendResult(long LastRevision, long LastPosition);

public enum ReadDirection { Forwards, Backwards }

/// <summary>Outcome of walking the hash chain. <see cref="FirstBrokenPosition"/> is null when the chain is intact.</summary>
public sealed record ChainVerification(bool Intact, long EventsChecked, long? FirstBrokenPosition, string? Reason);
