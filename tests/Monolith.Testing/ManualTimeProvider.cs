namespace Monolith.Testing;

/// <summary>A clock the test sets and advances. Starts at <paramref name="start"/> (default 2025-01-15 09:00 UTC) in
/// Europe/Paris unless told otherwise. Timers are not supported: code under test takes "now" from it, it never waits on it.</summary>
public sealed class ManualTimeProvider(DateTimeOffset? start = null, TimeZoneInfo? localTimeZone = null) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _utcNow = (start ?? new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero)).ToUniversalTime();

    public TimeZoneInfo TimeZone { get; set; } = localTimeZone ?? TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public override TimeZoneInfo LocalTimeZone => TimeZone;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _utcNow;
        }
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            _utcNow = value.ToUniversalTime();
        }
    }

    public DateTimeOffset Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            _utcNow += by;
            return _utcNow;
        }
    }
}
