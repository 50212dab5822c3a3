namespace Monolith.Modules.Subscriptions.Subscriptions;

/// <summary>Calendar rules of a subscription year (dates in the office's time zone).</summary>
internal static class SubscriptionPeriods
{
    /// <summary>A year that starts on <paramref name="start"/> ends on start + 1 year − 1 day, inclusive (10/03/2026 → 09/03/2027;
    /// 01/03/2027 → 29/02/2028). A year starting on 29 February ends on 28 February of the next year.</summary>
    public static DateOnly EndOf(DateOnly start) =>
        start is { Month: 2, Day: 29 } ? new DateOnly(start.Year + 1, 2, 28) : start.AddYears(1).AddDays(-1);

    /// <summary>A renewal starts the day after the current end, whenever the manager renews: no day is lost.</summary>
    public static (DateOnly Start, DateOnly End) RenewalAfter(DateOnly currentEnd)
    {
        var start = currentEnd.AddDays(1);
        return (start, EndOf(start));
    }

}
