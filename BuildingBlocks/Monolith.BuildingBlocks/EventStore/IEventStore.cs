namespace Monolith.BuildingBlocks.EventStore;

/// <summary>The event store port, shaped on EventStoreDB's semantics. Adapters: SQLite (embedded default), PostgreSQL (server).
/// Every adapter must pass the contract suite in tests/Monolith.BuildingBlocks.Tests/EventStore.</summary>
public interface IEventStore
{
    /// <summary>Appends events to a stream in one transaction. Throws <see cref="WrongExpectedRevisionException"/> when the stream
    /// does not match <paramref name="expected"/>, unless every event id was already appended to this stream in the same order
    /// (an idempotent retry), in which case the original result is returned and nothing is written.</summary>
    Task<AppendResult> AppendAsync(string streamId, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default);

    /// <summary>Reads a stream. <paramref name="fromRevision"/> is inclusive; null means the start (forwards) or the end (backwards).
    /// An absent stream reads as an empty list.</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(
        string streamId,
        ReadDirection direction = ReadDirection.Forwards,
        long? fromRevision = null,
        int maxCount = int.MaxValue,
        CancellationToken ct = default);

    /// <summary>Reads the global log in position order, strictly after <paramref name="afterPosition"/> (0 = from the beginning).</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken ct = default);

    /// <summary>The position of the last event in the log, 0 when empty.</summary>
    Task<long> GetHeadPositionAsync(CancellationToken ct = default);

    /// <summary>Catch-up subscription to <c>$all</c>: yields every event after <paramref name="afterPosition"/>, then waits for new ones,
    /// never skipping a position. Ends when <paramref name="ct"/> is cancelled.</summary>
    IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(long afterPosition, CancellationToken ct);

    /// <summary>Walks the hash chain from the first event and reports the first position whose stored hash does not match.</summary>
    Task<ChainVerification> VerifyChainAsync(CancellationToken ct = default);

    /// <summary>Walks one office's keyed chain (its events only, in position order) and, when given, checks the anchor recorded
    /// outside the database: the anchored position must still hold the anchored office hash and event count (ADR 0021).</summary>
    Task<OfficeChainVerification> VerifyOfficeChainAsync(string officeId, ChainAnchor? anchor = null, CancellationToken ct = default);
}
