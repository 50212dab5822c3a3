using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>Runs every registered <see cref="IReactor"/>, each in its own loop with its own checkpoint row. At-least-once: the
/// checkpoint is saved after each successful reaction (events a reactor does not handle are passed over and saved at the end of the
/// batch), so a crash between the reaction and the save replays the event — reactions must be idempotent (deterministic ids).
/// A failing reaction is retried up to <see cref="ProjectionOptions.MaxAttempts"/> times, then parked and the reactor stops.
/// <para>With several hosts on one database (PostgreSQL engine), each reactor runs on exactly one host at a time: its loop runs only
/// while this host holds the reactor's lease (<see cref="ISubscriberLeases"/>); a host that takes a lease over first moves its own
/// checkpoint up to the position the previous holder recorded.</para></summary>
public sealed class ReactorRunner(
    IEnumerable<IReactor> reactors,
    IEventStore store,
    SqliteConnectionFactory connections,
    ProjectionCheckpointStore checkpoints,
    ProjectionSignals signals,
    PlatformStartupGate gate,
    IOptions<ProjectionOptions> options,
    ILogger<ReactorRunner> logger,
    IServiceScopeFactory scopes,
    ISubscriberLeases? leases = null) : BackgroundService
{
    private readonly IReadOnlyList<IReactor> _reactors = reactors.ToList();
    private readonly ProjectionOptions _options = options.Value;
    private readonly ISubscriberLeases _leases = leases ?? new LocalSubscriberLeases();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ISubscriberLease> _held = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await gate.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var loop = new SubscriberLoop(store, checkpoints, signals, _options, logger);
        await Task.WhenAll(_reactors.Select(r => Task.Run(() => RunWhileLeasedAsync(loop, r, stoppingToken), CancellationToken.None)));
    }

    private async Task RunWhileLeasedAsync(SubscriberLoop loop, IReactor reactor, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            ISubscriberLease lease;
            try
            {
                lease = await _leases.AcquireAsync(reactor.Name, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            await using (lease)
            {
                using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                try
                {
                    await checkpoints.EnsureRegisteredAsync(reactor.Name, SubscriberKinds.Reactor, running.Token);
                    await CatchUpToRecordedAsync(reactor.Name, lease.RecordedPosition, running.Token);
                    _held[reactor.Name] = lease;
                    await loop.RunAsync(reactor.Name, SubscriberKinds.Reactor, reactor.Handles, (cp, batch, ct) => ProcessAsync(reactor, cp, batch, ct), running.Token);
                }
                catch (OperationCanceledException) when (running.IsCancellationRequested)
                {
                    // stopping, or the lease was lost: let it go and, unless stopping, try to take it again
                }
                finally
                {
                    _held.TryRemove(reactor.Name, out _);
                }
            }
        }
    }

    /// <summary>A new holder whose own checkpoint is behind what the previous holder recorded resumes from the record.</summary>
    private async Task CatchUpToRecordedAsync(string name, long recorded, CancellationToken ct)
    {
        if (recorded <= 0 || await checkpoints.GetAsync(name, ct) is not { Status: SubscriberStatus.Running } current || current.Position >= recorded)
        {
            return;
        }

        logger.LogInformation("Reactor {Name} resumes at position {Position}, recorded by the previous lease holder", name, recorded);
        await SaveAsync(name, current.Position, recorded, ct);
    }

    private async Task<long?> ProcessAsync(IReactor reactor, SubscriberCheckpoint checkpoint, IReadOnlyList<RecordedEvent> batch, CancellationToken ct)
    {
        var saved = checkpoint.Position;
        var seen = checkpoint.Position;
        foreach (var e in batch)
        {
            if (reactor.Handles(e.Type))
            {
                var attempts = 0;
                Exception? error = null;
                while (attempts < _options.MaxAttempts)
                {
                    attempts++;
                    error = await TryReactAsync(reactor, e, ct);
                    if (error is null)
                    {
                        break;
                    }

                    logger.LogWarning(error, "Reactor {Name} failed on position {Position} (attempt {Attempt})", reactor.Name, e.Position, attempts);
                }

                if (error is not null)
                {
                    if (seen != saved && !await SaveAsync(reactor.Name, saved, seen, ct))
                    {
                        return null;
                    }

                    logger.LogError(error, "Reactor {Name} parked the event at position {Position} ({Type}) after {Attempts} attempts and stopped",
                        reactor.Name, e.Position, e.Type, attempts);
                    await checkpoints.ParkAsync(reactor.Name, seen, e, error, attempts, ct);
                    signals.NotifyChanged();
                    return null;
                }

                if (!await SaveAsync(reactor.Name, saved, e.Position, ct))
                {
                    return null;
                }

                saved = e.Position;
            }

            seen = e.Position;
        }

        if (seen != saved && !await SaveAsync(reactor.Name, saved, seen, ct))
        {
            return null;
        }

        return seen;
    }

    private async Task<Exception?> TryReactAsync(IReactor reactor, RecordedEvent e, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await reactor.ReactAsync(e, scope.ServiceProvider, ct);
            return null;
        }
        catch (Exception ex) when (!SubscriberLoop.IsCancellation(ex, ct))
        {
            return ex;
        }
    }

    /// <summary>Moves the checkpoint from <paramref name="expected"/> to <paramref name="position"/>; false when an operator
    /// moved or stopped it meanwhile (the loop then starts over from the new checkpoint).</summary>
    private async Task<bool> SaveAsync(string name, long expected, long position, CancellationToken ct)
    {
        using (await connections.EnterWriteAsync(ct))
        {
            await using var connection = await connections.OpenAsync(ct);
            await using var tx = connection.BeginWrite();
            if (!await ProjectionCheckpointStore.IsStillAtAsync(connection, tx, name, expected, ct))
            {
                return false;
            }

            await checkpoints.AdvanceAsync(connection, tx, name, position, ct);
            await tx.CommitAsync(ct);
        }

        signals.NotifyChanged();
        if (_held.TryGetValue(name, out var lease))
        {
            await lease.RecordAsync(position, ct);
        }

        return true;
    }
}
