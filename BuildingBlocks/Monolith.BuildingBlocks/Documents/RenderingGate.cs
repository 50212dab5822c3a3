namespace Monolith.BuildingBlocks.Documents;

public sealed class RenderingGateOptions
{
    /// <summary>Renderings (each a headless browser) running at once.</summary>
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>Renderings waiting for a slot; beyond, the request is refused with 503 and Retry-After.</summary>
    public int MaxQueued { get; set; } = 8;

    /// <summary>Longest wait in the queue before giving up with 503.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What Retry-After tells a refused client.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>The server is busy with this kind of work: 503 with Retry-After (see ExceptionProblemMapper).</summary>
public sealed class ServiceBusyException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>Caps expensive renderings (PDF printing starts a browser): at most <see cref="RenderingGateOptions.MaxConcurrent"/> at once,
/// a bounded queue behind them, and a <see cref="ServiceBusyException"/> beyond.</summary>
public sealed class RenderingGate(RenderingGateOptions options)
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrent, options.MaxConcurrent);
    private int _waiting;

    public async Task<IDisposable> EnterAsync(CancellationToken ct = default)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            return new Slot(_slots);
        }

        if (Interlocked.Increment(ref _waiting) > options.MaxQueued)
        {
            Interlocked.Decrement(ref _waiting);
            throw Busy();
        }

        try
        {
            if (!await _slots.WaitAsync(options.MaxWait, ct))
            {
                throw Busy();
            }

            return new Slot(_slots);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private ServiceBusyException Busy() => new(
        "Trop de documents sont en cours d'impression : réessayez dans quelques secondes.", options.RetryAfter);

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
