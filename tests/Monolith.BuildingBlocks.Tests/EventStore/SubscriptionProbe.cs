using System.Threading.Channels;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Tests.EventStore;

/// <summary>Runs a subscription in the background and lets a test take what it delivered, waiting with a timeout.</summary>
public sealed class SubscriptionProbe : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<RecordedEvent> _received = Channel.CreateUnbounded<RecordedEvent>();

    private SubscriptionProbe(IEventStore store, long afterPosition)
    {
        Completion = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in store.SubscribeToAllAsync(afterPosition, _stop.Token))
                {
                    await _received.Writer.WriteAsync(e);
                }

                _received.Writer.Complete();
            }
            catch (Exception ex)
            {
                _received.Writer.Complete(ex);
                throw;
            }
        });
    }

    /// <summary>Completes when the subscription's sequence ends.</summary>
    public Task Completion { get; }

    public static SubscriptionProbe Start(IEventStore store, long afterPosition) => new(store, afterPosition);

    public async Task<IReadOnlyList<RecordedEvent>> TakeAsync(int count)
    {
        var events = new List<RecordedEvent>(count);
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (events.Count < count)
            {
                events.Add(await _received.Reader.ReadAsync(timeout.Token));
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The subscription delivered {events.Count} of {count} events within {Timeout}.");
        }

        return events;
    }

    /// <summary>True if something is delivered right now (used to check nothing extra arrived).</summary>
    public bool TryTakeDelivered(out RecordedEvent? e) => _received.Reader.TryRead(out e);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Completion.WaitAsync(Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Completion.WaitAsync(Timeout);
        }
        catch (Exception) when (Completion.IsFaulted || Completion.IsCanceled)
        {
            // already reported by the test that observed it
        }

        _stop.Dispose();
    }
}
