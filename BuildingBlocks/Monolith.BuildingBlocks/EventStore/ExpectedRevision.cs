namespace Monolith.BuildingBlocks.EventStore;

/// <summary>What the writer believes about the stream, as in EventStoreDB's <c>StreamState</c>/<c>StreamRevision</c>.
/// Revisions are zero-based: the first event of a stream has revision 0.</summary>
public readonly record struct ExpectedRevision
{
    public enum ExpectationKind { Any, NoStream, StreamExists, Exact }

    private ExpectedRevision(ExpectationKind kind, long value)
    {
        Kind = kind;
        Value = value;
    }

    public ExpectationKind Kind { get; }

    /// <summary>The revision of the last event in the stream (only for <see cref="ExpectationKind.Exact"/>).</summary>
    public long Value { get; }

    public static ExpectedRevision Any { get; } = new(ExpectationKind.Any, -1);
    public static ExpectedRevision NoStream { get; } = new(ExpectationKind.NoStream, -1);
    public static ExpectedRevision StreamExists { get; } = new(ExpectationKind.StreamExists, -1);

    public static ExpectedRevision Exact(long revision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        return new(ExpectationKind.Exact, revision);
    }

    /// <summary>-1 (no stream) maps to <see cref="NoStream"/>, anything else to <see cref="Exact"/>.</summary>
    public static ExpectedRevision FromLastRevision(long lastRevision) =>
        lastRevision < 0 ? NoStream : Exact(lastRevision);

    public override string ToString() => Kind == ExpectationKind.Exact ? Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : Kind.ToString();
}
