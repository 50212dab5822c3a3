using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Deciders;

/// <summary>Who runs a command and under which expectations.
/// <paramref name="Expected"/>: the revision the client saw (from <c>If-Match</c>); when given, a mismatch surfaces as
/// <see cref="WrongExpectedRevisionException"/> (412) without retry. <paramref name="DeterministicIdSeed"/>: for reactors and jobs —
/// event ids become <see cref="DeterministicGuid.ForEvent"/>(seed, index), so a replay appends nothing new.</summary>
public sealed record CommandContext(
    string TenantId,
    string? UserId,
    Guid CorrelationId,
    Guid? CausationId = null,
    ExpectedRevision? Expected = null,
    Guid? DeterministicIdSeed = null)
{
    public EventMetadata ToMetadata() => new(TenantId, UserId, CorrelationId, CausationId);
}

/// <summary>Per-call options of <see cref="CommandHandler"/>. <paramref name="StreamMustExist"/>: an absent stream is
/// <see cref="NotFoundException"/> (commands on an existing resource). <paramref name="MaxRetries"/>: re-load and re-decide this many
/// times on a concurrency conflict when the caller gave no expected revision (0 disables retrying). <paramref name="CachedFold"/>: keep
/// the folded state and its revision in memory and, next time, read only the events appended since (a flat cost for a stream that grows
/// with the business, e.g. a numbering day) — an optimisation only: the append still checks the expected revision, and a conflict
/// (another process appended) re-reads from the cached revision. Only for states that hold no personal data (an erased subject key
/// must not survive in memory).</summary>
public sealed record CommandOptions(bool StreamMustExist = false, int MaxRetries = 3, bool CachedFold = false)
{
    public static CommandOptions Default { get; } = new();

    public static CommandOptions ExistingStream { get; } = new(StreamMustExist: true);
}

/// <summary>A folded stream: its state and the revision of its last event (-1 when the stream does not exist). The revision is the ETag.</summary>
public sealed record StreamState<TState>(TState State, long Revision)
{
    public bool Exists => Revision >= 0;

    /// <summary>The HTTP entity tag: the revision in double quotes (<c>"7"</c>).</summary>
    public string ETag => $"\"{Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";
}

/// <summary>Outcome of a command: the new state, the revision of the stream's last event (the new ETag), the events this call appended
/// (empty when the decision was "already done") and the global position of the last one (null when nothing was appended).</summary>
public sealed record CommandResult<TEvent, TState>(TState State, long Revision, IReadOnlyList<TEvent> NewEvents, long? LastPosition)
{
    public string ETag => $"\"{Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";
}
