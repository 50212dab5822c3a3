using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>The loop shared by every projection and reactor worker: read the checkpoint, read the next batch of the global log after
/// it, hand it to the subscriber-specific processing, and when caught up (or stopped) wait for a new event, an admin wake-up or the
/// idle poll interval. The checkpoint is only ever moved by the processing, to positions of events it actually read.</summary>
internal sealed class SubscriberLoop(
    IEventStore store,
    ProjectionCheckpointStore checkpoints,
    ProjectionSignals signals,
    ProjectionOptions options,
    ILogger logger)
{
    public delegate Task ProcessBatch(SubscriberCheckpoint checkpoint, IReadOnlyList<RecordedEvent> batch, CancellationToken ct);

    public async Task RunAsync(string name, string kind, ProcessBatch process, CancellationToken stoppingToken)
    {
        await checkpoints.EnsureRegisteredAsync(name, kind, stoppingToken);
        logger.LogInformation("{Kind} {Name} started", kind, name);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wake = signals.Arm(name);
                var checkpoint = await checkpoints.GetAsync(name, stoppingToken)
                    ?? throw new InvalidOperationException($"Checkpoint row of {kind} '{name}' disappeared.");
                if (checkpoint.Status == SubscriberStatus.Stopped)
                {
                    await wake.WaitAsync(stoppingToken);
                    continue;
                }

                var batch = await store.ReadAllAsync(checkpoint.Position, options.BatchSize, stoppingToken);
                if (batch.Count == 0)
                {
                    await WaitForWorkAsync(checkpoint.Position, wake, stoppingToken);
                    continue;
                }

                await process(checkpoint, batch, stoppingToken);
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

        logger.LogInformation("{Kind} {Name} stopped", kind, name);
    }

    private async Task WaitForWorkAsync(long position, Task wake, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var next = FirstEventAfterAsync(position, cts.Token);
        var poll = Task.Delay(options.IdlePollInterval, cts.Token);
        await Task.WhenAny(wake, next, poll);
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
    }

    private async Task FirstEventAfterAsync(long position, CancellationToken ct)
    {
        await foreach (var _ in store.SubscribeToAllAsync(position, ct))
        {
            return;
        }
    }

    /// <summary>True when an exception means "the host is stopping", not "the handler failed".</summary>
    public static bool IsCancellation(Exception ex, CancellationToken ct) => ex is OperationCanceledException && ct.IsCancellationRequested;
}
