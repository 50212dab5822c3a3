using System.Collections.Concurrent;

namespace Monolith.BuildingBlocks.EventStore.Sqlite;

/// <summary>In-process "something was appended" signal, one per database file, shared by every <see cref="SqliteEventStore"/>
/// over that file so a subscription wakes as soon as any writer of this process commits. Waiters take <see cref="NextAppend"/>
/// BEFORE reading, so an append that commits between their read and their wait is never missed.</summary>
internal sealed class AppendNotifier
{
    private static readonly ConcurrentDictionary<string, AppendNotifier> ByPath = new(StringComparer.Ordinal);

    private TaskCompletionSource _next = NewSource();

    public static AppendNotifier For(string databasePath) => ByPath.GetOrAdd(databasePath, static _ => new AppendNotifier());

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task NextAppend => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    /// <summary>The highest position committed to this file by any store of this process (0 before the first commit). A store's
    /// in-memory tail that reaches it holds everything this process wrote.</summary>
    public long KnownHead => Interlocked.Read(ref _head);

    private long _head;

    /// <summary>Records a commit's last position (before <see cref="Notify"/>).</summary>
    public void Committed(long lastPosition)
    {
        long seen;
        while (lastPosition > (seen = Interlocked.Read(ref _head)) && Interlocked.CompareExchange(ref _head, lastPosition, seen) != seen)
        {
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
