using System.Collections.Concurrent;

namespace Monolith.BuildingBlocks.Http.Auth;

public sealed class LoginThrottleOptions
{
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed sign-ins allowed per (tenant, e-mail) within <see cref="Window"/>.</summary>
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed sign-ins allowed per (tenant, client IP address) within <see cref="Window"/>: an office's staff share one
    /// address behind its NAT, and another office behind the same address is not locked out with it.</summary>
    public int MaxFailuresPerAddress { get; set; } = 50;

    /// <summary>Failed sign-ins allowed per client IP address across every tenant within <see cref="Window"/>: the ceiling against
    /// one address spraying every office; higher than <see cref="MaxFailuresPerAddress"/> so a shared address is not a shared lockout.</summary>
    public int MaxFailuresPerAddressGlobally { get; set; } = 500;
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
        var officeAddress = address is null ? null : Wait(AddressKey(tenantId, address), options.MaxFailuresPerAddress, now);
        var globalAddress = address is null ? null : Wait(GlobalAddressKey(address), options.MaxFailuresPerAddressGlobally, now);
        return new[] { account, officeAddress, globalAddress }.Max();
    }

    public void RecordFailure(string tenantId, string email, string? address)
    {
        var now = time.GetUtcNow();
        Add(AccountKey(tenantId, email), now);
        if (address is not null)
        {
            Add(AddressKey(tenantId, address), now);
            Add(GlobalAddressKey(address), now);
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

    private static string AddressKey(string tenantId, string address) => "ip:" + tenantId + ":" + address;

    private static string GlobalAddressKey(string address) => "ip:*:" + address;
}
