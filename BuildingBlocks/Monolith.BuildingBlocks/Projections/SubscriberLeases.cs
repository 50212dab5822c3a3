namespace Monolith.BuildingBlocks.Projections;

/// <summary>Decides which host runs a reactor when several hosts share one event log: a reactor runs only while its host holds the
/// reactor's lease. On SQLite (one host per file) the lease is always granted; on PostgreSQL it is a session advisory lock
/// (<see cref="PostgreSqlSubscriberLeases"/>), released when the host stops or its connection dies, then taken over by another host.</summary>
public interface ISubscriberLeases
{
    /// <summary>Waits until this host holds the lease of <paramref name="name"/>.</summary>
    Task<ISubscriberLease> AcquireAsync(string name, CancellationToken ct);
}

public interface ISubscriberLease : IAsyncDisposable
{
    /// <summary>Cancelled when the lease is lost (its connection died): the holder must stop at once.</summary>
    CancellationToken Lost { get; }

    /// <summary>The last position the previous holders recorded for this subscriber (0 when none); a new holder resumes from it
    /// when its own checkpoint is behind.</summary>
    long RecordedPosition { get; }

    /// <summary>Records how far the holder has processed, for whoever takes over.</summary>
    Task RecordAsync(long position, CancellationToken ct);
}

/// <summary>One host per database: every lease is granted at once and never lost.</summary>
public sealed class LocalSubscriberLeases : ISubscriberLeases
{
    public Task<ISubscriberLease> AcquireAsync(string name, CancellationToken ct) => Task.FromResult<ISubscriberLease>(new Lease());

    private sealed class Lease : ISubscriberLease
    {
        public CancellationToken Lost => CancellationToken.None;

        public long RecordedPosition => 0;

        public Task RecordAsync(long position, CancellationToken ct) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
