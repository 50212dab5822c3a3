using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>The loop shared by every projection and reactor worker: read the checkpoint, read the next batch of the global log after
/// it, hand it to the subscriber-specific processing, and when caught up (or stopped) wait for a new event, an admin wake-up or the
/// idle poll interval. The checkpoint is only ever moved to positions of events the subscriber actually read.
/// <para>A batch with no event the subscriber handles is not committed: the loop moves on in memory (published through
/// <see cref="ProjectionSignals"/> so waiters and status see it) and persists the position with the next handled batch, or once
/// <see cref="ProjectionOptions.CheckpointFlushInterval"/> has passed, or when it stops. Otherwise every subscriber would commit once
/// per append of any module, and on the embedded SQLite file all those commits compete for its one writer (ADR 0016). A crash only
/// re-reads, and passes over again, events the subscriber does not handle.</para></summary>
internal sealed class SubscriberLoop(
    IEventStore store,
    ProjectionCheckpointStore checkpoints,
    ProjectionSignals signals,
    ProjectionOptions options,
    ILogger logger)
{
    /// <summary>Processes a batch read after the checkpoint; returns the position the processing itself moved the checkpoint row to, with
    /// the subscriber still running — or null when it cannot say (it stopped early, parked an event, or found the row moved by someone
    /// else): then the loop reads the row again.</summary>
    public delegate Task<long?> ProcessBatch(SubscriberCheckpoint checkpoint, IReadOnlyList<RecordedEvent> batch, CancellationToken ct);

    public async Task RunAsync(string name, string kind, Func<string, bool> handles, ProcessBatch process, CancellationToken stoppingToken)
    {
        await checkpoints.EnsureRegisteredAsync(name, kind, stoppingToken);
        logger.LogInformation("{Kind} {Name} started", kind, name);
        PassedOver? passed = null;

        // The row as this loop last wrote or read it, while nothing says it changed: saves reading it again after every batch — with some
        // forty subscribers, after every commit (ADR 0016, sixth pass). Dropped on an operator's wake-up, at the idle poll (another
        // process may have moved it) and whenever the processing cannot vouch for it; the processing still checks the row inside its
        // transaction, so a stale copy costs one read, never a wrong write.
        SubscriberCheckpoint? trusted = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wake = signals.Arm(name);
                var checkpoint = trusted ?? await checkpoints.GetAsync(name, stoppingToken)
                    ?? throw new InvalidOperationException($"Checkpoint row of {kind} '{name}' disappeared.");
                trusted = null;
                if (passed is not null && (checkpoint.Position != passed.Basis || checkpoint.Status != SubscriberStatus.Running))
                {
                    // the processing, a flush or an operator moved the row: it is the truth again
                    passed = null;
                    signals.ClearAhead(name);
                }

                if (checkpoint.Status == SubscriberStatus.Stopped)
                {
                    await wake.WaitAsync(stoppingToken);
                    continue;
                }

                var from = passed?.Position ?? checkpoint.Position;
                var batch = await store.ReadAllAsync(from, options.BatchSize, stoppingToken);
                if (batch.Count == 0)
                {
                    var due = passed is null ? options.IdlePollInterval : passed.Since + options.CheckpointFlushInterval - DateTimeOffset.UtcNow;
                    if (passed is not null && due <= TimeSpan.Zero)
                    {
                        await FlushAsync(name, passed, stoppingToken);
                        passed = null;
                        continue;
                    }

                    if (await WaitForWorkAsync(from, wake, due < options.IdlePollInterval ? due : options.IdlePollInterval, stoppingToken))
                    {
                        trusted = checkpoint; // woken by a new event only: the row is as read
                    }

                    continue;
                }

                if (!batch.Any(e => handles(e.Type)))
                {
                    passed = new PassedOver(checkpoint.Position, batch[^1].Position, passed?.Since ?? DateTimeOffset.UtcNow);
                    signals.SetAhead(name, passed.Basis, passed.Position);
                    if (DateTimeOffset.UtcNow - passed.Since >= options.CheckpointFlushInterval)
                    {
                        await FlushAsync(name, passed, stoppingToken);
                        passed = null;
                    }
                    else
                    {
                        trusted = checkpoint; // nothing written
                    }

                    continue;
                }

                // The row is still at the basis: the processing moves it (expected = row) past everything read, handled or not.
                if (await process(checkpoint, batch, stoppingToken) is { } moved)
                {
                    trusted = checkpoint with { Position = moved, Error = null, FailedPosition = null };
                }

                if (passed is not null)
                {
                    passed = null;
                    signals.ClearAhead(name);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{Kind} {Name}: infrastructure error, retrying in {Backoff}", kind, name, options.ErrorBackoff);
                try
                {
                    await Task.Delay(options.ErrorBackoff, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        if (passed is not null)
        {
            try
            {
                await FlushAsync(name, passed, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "{Kind} {Name}: the position passed over was not saved on stop (it is read again at start)", kind, name);
            }
        }

        logger.LogInformation("{Kind} {Name} stopped", kind, name);
    }

    /// <summary>Persists a position passed over in memory, if the row is still where it was (else the row wins).</summary>
    private async Task FlushAsync(string name, PassedOver passed, CancellationToken ct)
    {
        await checkpoints.TryMoveAsync(name, passed.Basis, passed.Position, ct);
        signals.ClearAhead(name);
        signals.NotifyChanged();
    }

    /// <summary>Waits for a new event after <paramref name="position"/>, an operator's wake-up or the idle poll; true when a new event
    /// came first.</summary>
    private async Task<bool> WaitForWorkAsync(long position, Task wake, TimeSpan idle, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var next = FirstEventAfterAsync(position, cts.Token);
        var poll = Task.Delay(idle, cts.Token);
        var first = await Task.WhenAny(wake, next, poll);
        var byNewEvent = first == next && next.IsCompletedSuccessfully && !wake.IsCompleted;
        await cts.CancelAsync();
        try
        {
            await next;
        }
        catch (OperationCanceledException)
        {
            // expected: we cancelled the subscription once something happened
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Subscription used to wait for new events ended with an error");
        }

        stoppingToken.ThrowIfCancellationRequested();
        return byNewEvent;
    }

    private async Task FirstEventAfterAsync(long position, CancellationToken ct)
    {
        await foreach (var _ in store.SubscribeToAllAsync(position, ct))
        {
            return;
        }
    }

    /// <summary>Events up to <see cref="Position"/> read and not handled, while the row still says <see cref="Basis"/>; first passed
    /// over at <see cref="Since"/>.</summary>
    private sealed record PassedOver(long Basis, long Position, DateTimeOffset Since);

    /// <summary>True when an exception means "the host is stopping", not "the handler failed".</summary>
    public static bool IsCancellation(Exception ex, CancellationToken ct) => ex is OperationCanceledException && ct.IsCancellationRequested;
}
