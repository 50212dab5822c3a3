using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>Runs every registered <see cref="IProjection"/>, each in its own loop. A batch of events is applied in one
/// <c>BEGIN IMMEDIATE</c> transaction that writes the read-model rows and the new checkpoint together: a crash mid-batch rolls
/// both back and the restart resumes from the last committed checkpoint, so nothing is applied twice.
/// A failing event is retried alone in fresh transactions up to <see cref="ProjectionOptions.MaxAttempts"/> times, then parked
/// in <c>platform_dead_letters</c> and only that projection stops (status <c>stopped</c>), until an operator retries, skips or rebuilds.</summary>
public sealed class ProjectionRunner(
    IEnumerable<IProjection> projections,
    IEventStore store,
    ProjectionCheckpointStore checkpoints,
    ProjectionSignals signals,
    PlatformStartupGate gate,
    IOptions<ProjectionOptions> options,
    ILogger<ProjectionRunner> logger,
    IServiceProvider services,
    ISubscriberLeases? leases = null) : BackgroundService
{
    private readonly IReadOnlyList<IProjection> _projections = projections.ToList();
    private readonly ProjectionOptions _options = options.Value;
    private readonly IEventDecoder? _decoder = services.GetService<IEventDecoder>();
    private readonly ISubscriberLeases _leases = leases ?? new LocalSubscriberLeases();

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
        await Task.WhenAll(_projections.Select(p => Task.Run(
            () => checkpoints.Placement.IsOnServer(p.Name)
                ? RunWhileLeasedAsync(loop, p, stoppingToken)
                : loop.RunAsync(p.Name, SubscriberKinds.Projection, p.Handles, (cp, batch, ct) => ProcessAsync(p, cp, batch, ct), stoppingToken),
            CancellationToken.None)));
    }

    /// <summary>A projection whose rows are on the PostgreSQL server runs on one host at a time: while this host holds its lease.
    /// Its checkpoint is on the server too (same transaction as its rows), so whoever takes the lease over resumes exactly there.</summary>
    private async Task RunWhileLeasedAsync(SubscriberLoop loop, IProjection projection, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            ISubscriberLease lease;
            try
            {
                lease = await _leases.AcquireAsync(projection.Name, stoppingToken);
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
                    await loop.RunAsync(projection.Name, SubscriberKinds.Projection, projection.Handles, (cp, batch, ct) => ProcessAsync(projection, cp, batch, ct), running.Token);
                }
                catch (OperationCanceledException) when (running.IsCancellationRequested)
                {
                    // stopping, or the lease was lost: let it go and, unless stopping, try to take it again
                }
            }
        }
    }

    private async Task<long?> ProcessAsync(IProjection projection, SubscriberCheckpoint checkpoint, IReadOnlyList<RecordedEvent> batch, CancellationToken ct)
    {
        var position = checkpoint.Position;
        while (true)
        {
            var outcome = await TryApplyAsync(projection, position, batch, ct, mayYield: true);
            if (outcome.Error is null)
            {
                if (outcome.Moved)
                {
                    return null;
                }

                if (outcome.Applied >= batch.Count)
                {
                    return batch[^1].Position;
                }

                // Committed part of the batch to let a command writer in: go on with the rest in a new transaction.
                position = batch[outcome.Applied - 1].Position;
                batch = batch.Skip(outcome.Applied).ToList();
                continue;
            }

            await IsolateAsync(projection, position, batch, outcome, ct);
            return null;
        }
    }

    /// <summary>Something in the batch failed and everything was rolled back. Go again one event per transaction up to the failing
    /// one, each with a bounded number of attempts, so the culprit is isolated and parked with its exact position.</summary>
    private async Task IsolateAsync(IProjection projection, long position, IReadOnlyList<RecordedEvent> batch, ApplyOutcome outcome, CancellationToken ct)
    {
        logger.LogWarning(outcome.Error, "Projection {Name} failed on position {Position}; retrying event by event",
            projection.Name, batch[outcome.FailedIndex].Position);
        for (var i = 0; i <= outcome.FailedIndex; i++)
        {
            var e = batch[i];

            // the batch run already was the failing event's first attempt
            var attempts = i == outcome.FailedIndex ? 1 : 0;
            var error = i == outcome.FailedIndex ? outcome.Error : null;
            while (attempts < _options.MaxAttempts)
            {
                attempts++;
                var single = await TryApplyAsync(projection, position, [e], ct, mayYield: false);
                if (single.Moved)
                {
                    return;
                }

                error = single.Error;
                if (error is null)
                {
                    break;
                }
            }

            if (error is not null)
            {
                logger.LogError(error, "Projection {Name} parked the event at position {Position} ({Type}) after {Attempts} attempts and stopped",
                    projection.Name, e.Position, e.Type, attempts);
                await checkpoints.ParkAsync(projection.Name, position, e, error, attempts, ct);
                signals.NotifyChanged();
                return;
            }

            position = e.Position;
        }
    }

    /// <summary>Applies the batch in one transaction with its checkpoint. With <paramref name="mayYield"/>, on the SQLite file, it may stop
    /// early — after an event, once it has held the gate for <see cref="ProjectionOptions.YieldAfter"/> and a command writer waits — and
    /// commits what it applied (<see cref="ApplyOutcome.Applied"/> events, checkpoint at the last of them).</summary>
    private async Task<ApplyOutcome> TryApplyAsync(IProjection projection, long expectedPosition, IReadOnlyList<RecordedEvent> batch, CancellationToken ct,
        bool mayYield)
    {
        var database = checkpoints.Placement.For(projection.Name);
        using var gate = await database.EnterWriteAsync(ct);
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        if (!await ProjectionCheckpointStore.IsStillAtAsync(connection, tx, projection.Name, expectedPosition, ct))
        {
            return ApplyOutcome.CheckpointMoved;
        }

        var context = new ProjectionContext(projection.Name, connection, tx, _decoder);
        var lease = mayYield ? gate as IWriteGateLease : null;
        var applied = batch.Count;
        for (var i = 0; i < batch.Count; i++)
        {
            var e = batch[i];
            if (!projection.Handles(e.Type))
            {
                continue;
            }

            try
            {
                await projection.ApplyAsync(e, context, ct);
            }
            catch (Exception ex) when (!SubscriberLoop.IsCancellation(ex, ct))
            {
                await RollbackQuietlyAsync(tx);
                return new ApplyOutcome(false, i, ex, 0);
            }

            if (lease is not null && i < batch.Count - 1 && lease.CommandWritersWaiting && lease.Held >= _options.YieldAfter)
            {
                applied = i + 1;
                break;
            }
        }

        await checkpoints.AdvanceAsync(connection, tx, projection.Name, batch[applied - 1].Position, ct);
        await tx.CommitAsync(ct);
        signals.NotifyChanged();
        return new ApplyOutcome(false, -1, null, applied);
    }

    private static async Task RollbackQuietlyAsync(System.Data.Common.DbTransaction tx)
    {
        try
        {
            await tx.RollbackAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // SQLite already rolled the transaction back on its own (e.g. after SQLITE_FULL)
        }
        catch (System.Data.Common.DbException)
        {
            // same (or the connection broke: the server rolls back)
        }
    }

    /// <param name="Applied">Events of the batch committed (all of them unless the transaction yielded to a command writer).</param>
    private sealed record ApplyOutcome(bool Moved, int FailedIndex, Exception? Error, int Applied)
    {
        public static ApplyOutcome CheckpointMoved { get; } = new(true, -1, null, 0);
    }
}
