namespace Monolith.BuildingBlocks.Projections;

/// <summary>Tuning of the projection and reactor runners. Bind with <c>AddProjections(o => ...)</c>.</summary>
public sealed class ProjectionOptions
{
    /// <summary>Events read and applied per transaction.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>On the embedded SQLite file, a batch's transaction that has held the write gate at least this long commits what it has
    /// applied so far as soon as a command writer is waiting (and goes on in a new transaction), so a buyer's append never waits behind
    /// a whole batch of read-model rows (ADR 0016, sixth pass). The slice keeps read models moving under sustained command load.</summary>
    public TimeSpan YieldAfter { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How many times a failing event is tried (the first try included) before it is parked and its subscriber stopped.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Health is Degraded when a running subscriber is more than this many positions behind the head.</summary>
    public long LagDegradedThreshold { get; set; } = 1000;

    /// <summary>When caught up, a worker waits for the store's subscription to yield a new event, or this long at most before reading again.</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A subscriber reading batches with no event it handles moves on in memory and saves its checkpoint at most this often
    /// (or with its next handled batch, or when it stops), instead of one commit per batch.</summary>
    public TimeSpan CheckpointFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait after an infrastructure error (database unavailable...) before the worker tries again.</summary>
    public TimeSpan ErrorBackoff { get; set; } = TimeSpan.FromSeconds(1);
}
