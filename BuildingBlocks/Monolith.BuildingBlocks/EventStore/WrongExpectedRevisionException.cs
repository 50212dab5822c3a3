namespace Monolith.BuildingBlocks.EventStore;

/// <summary>Optimistic concurrency conflict: the stream is not at the revision the writer expected. Ends as 409 or 412, never 500.</summary>
public sealed class WrongExpectedRevisionException(string streamId, ExpectedRevision expected, long actualLastRevision)
    : Exception($"Stream '{streamId}' was expected at {expected} but is at {(actualLastRevision < 0 ? "no stream" : actualLastRevision.ToString(System.Globalization.CultureInfo.InvariantCulture))}.")
{
    public string StreamId { get; } = streamId;
    public ExpectedRevision Expected { get; } = expected;

    /// <summary>-1 when the stream does not exist.</summary>
    public long ActualLastRevision { get; } = actualLastRevision;
}
