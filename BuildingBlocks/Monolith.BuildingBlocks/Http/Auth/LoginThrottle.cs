using System.Collections.Concurrent;

namespace Monolith.BuildingBlocks.Http.Auth;

public sealed class LoginThrottleOptions
{
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed sign-ins allowed per (tenant, e-mail) within <see cref="Window"/>.</summary>
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed sign-ins allowed per client IP address within <see cref="Window"/> (offices share an IP: keep it higher).</summary>
    public int MaxFailuresPerAddress { get; set; } = 50;
}

/// <summary>In-memory limiter of failed sign-ins (sliding window, time from <see cref="TimeProvider"/>). Once a key reaches its limit,
/// every attempt — even with the right password — is refused until the oldest failure leaves the window.
/// Per process: with several instances the limit is per instance.</summary>
public sealed class LoginThrottle(TimeProvider time, LoginThrottleOptions options)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait, or null when the attempt may proceed.</summary>
    public TimeSpan? RetryAfter(string tenantId, string email, string? address)
    {
        var now = time.GetUtcNow();
        var account = Wait(AccountKey(tenantId, email), options.MaxFailuresPerAccount, now);
        var ip = address is null ? null : Wait(AddressKey(address), options.MaxFailuresPerAddress, now);
        return (account, ip) switch
        {
            (null, null) => null,
            ({ } a, { } b) => a > b ? a : b,
            _ => account ?? ip,
        };
    }

    public void RecordFailure(string tenantId, string email, string? address)
    {
        var now = time.GetUtcNow();
        Add(AccountKey(tenantId, email), now);
        if (address is not null)
        {
            Add(AddressKey(address), now);
        }

        if (_failures.Count > 10_000)
        {
            Prune(now);
        }
    }

    public void RecordSuccess(string tenantId, string email) => _failures.TryRemove(AccountKey(tenantId, email), out _);

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var queue))
        {
            return null;
        }

        lock (queue)
        {
            Trim(queue, now);
            return queue.Count >= limit ? queue.Peek() + options.Window - now : null;
        }
    }

    private void Add(string key, DateTimeOffset now)
    {
        var queue = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            Trim(queue, now);
            queue.Enqueue(now);
        }
    }

    private void Trim(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && queue.Peek() + options.Window <= now)
        {
            queue.Dequeue();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, queue) in _failures)
        {
            lock (queue)
            {
                Trim(queue, now);
                if (queue.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private static string AccountKey(string tenantId, string email) => "account:" + tenantId + ":" + email.Trim().ToUpperInvariant();

    private static string AddressKey(string address) => "ip:" + address;
}
