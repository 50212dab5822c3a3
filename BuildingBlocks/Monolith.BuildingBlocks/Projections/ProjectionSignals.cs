using System.Collections.Concurrent;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>In-process signals between the runners, the admin service and waiters: "wake up, your checkpoint row changed"
/// per subscriber, and "some checkpoint moved" for <see cref="IProjectionAdmin.WaitForCatchUpAsync"/>.
/// Signals only speed things up: every waiter also re-reads the database on a bounded interval.</summary>
public sealed class ProjectionSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _wake = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Basis, long Ahead)> _ahead = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSource();

    /// <summary>A subscriber passed over, in memory, events it does not handle up to <paramref name="ahead"/> while its row says
    /// <paramref name="basis"/> (see <see cref="SubscriberLoop"/>).</summary>
    public void SetAhead(string name, long basis, long ahead)
    {
        _ahead[name] = (basis, ahead);
        NotifyChanged();
    }

    public void ClearAhead(string name) => _ahead.TryRemove(name, out _);

    /// <summary>Where a subscriber of this process really is: its row, or further when it passed over unhandled events since.</summary>
    public long EffectivePosition(SubscriberCheckpoint row) =>
        row.Status == SubscriberStatus.Running && _ahead.TryGetValue(row.Name, out var a) && a.Basis == row.Position ? Math.Max(a.Ahead, row.Position) : row.Position;

    /// <summary>Returns a task completed by the next <see cref="Wake"/> of <paramref name="name"/> (or an already completed one
    /// if a wake happened since the last call). Call it before reading the state the wake is about, so no wake is lost.</summary>
    public Task Arm(string name)
    {
        while (true)
        {
            var current = _wake.GetOrAdd(name, _ => NewSource());
            if (!current.Task.IsCompleted)
            {
                return current.Task;
            }

            var fresh = NewSource();
            if (_wake.TryUpdate(name, fresh, current))
            {
                return fresh.Task;
            }
        }
    }

    public void Wake(string name)
    {
        _wake.GetOrAdd(name, _ => NewSource()).TrySetResult();
        NotifyChanged();
    }

    /// <summary>A task completed the next time any checkpoint moves or any subscriber stops.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public void NotifyChanged() => Interlocked.Exchange(ref _changed, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Opened by <see cref="PlatformStartup"/> once the platform tables exist and the module migrations ran; the runners wait
/// on it before their first read, so the order of hosted-service registration cannot make them project into missing tables.</summary>
public sealed class PlatformStartupGate
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public void Open() => _ready.TrySetResult();

    public void Fail(Exception error) => _ready.TrySetException(error);

    public Task WaitAsync(CancellationToken ct) => _ready.Task.WaitAsync(ct);
}
