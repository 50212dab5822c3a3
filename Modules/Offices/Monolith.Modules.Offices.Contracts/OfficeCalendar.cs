namespace Monolith.Modules.Offices.Contracts;

/// <summary>THE office calendar: an office's "today", the date of an instant and deadlines are dates in the office's time zone
/// (an IANA id, <see cref="DefaultTimeZone"/> unless the office changed it). Every module asks here; none converts times itself.</summary>
public sealed record OfficeCalendar(string OfficeId, string TimeZone, DateTimeOffset Now)
{
    public const string DefaultTimeZone = "Europe/Paris";

    /// <summary>Today in the office.</summary>
    public DateOnly Today => DateOf(Now, TimeZone);

    /// <summary>The office-local date of <paramref name="instant"/>.</summary>
    public DateOnly DateOfInstant(DateTimeOffset instant) => DateOf(instant, TimeZone);

    /// <summary>The date <paramref name="days"/> calendar days after today (a payment deadline, a due date).</summary>
    public DateOnly DaysFromToday(int days) => Today.AddDays(days);

    /// <summary>True once <paramref name="deadline"/> is over: the office's today is after it (a deadline is met all day long).</summary>
    public bool IsPast(DateOnly deadline) => Today > deadline;

    /// <summary>The office-local date of an instant in <paramref name="timeZone"/> (for code that already holds the time zone, e.g. a
    /// stream that recorded its office's zone). The one conversion every module uses.</summary>
    public static DateOnly DateOf(DateTimeOffset instant, string? timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(ZoneOf(timeZone))).DateTime);

    /// <summary>An office's time zone as recorded, or <see cref="DefaultTimeZone"/> when it recorded none.</summary>
    public static string ZoneOf(string? timeZone) => string.IsNullOrWhiteSpace(timeZone) ? DefaultTimeZone : timeZone;
}

/// <summary>The office calendar of an office now (from <see cref="TimeProvider"/>) or at a given instant.</summary>
public interface IOfficeCalendars
{
    /// <summary>The office's calendar now. An office unknown to the directory gets <see cref="OfficeCalendar.DefaultTimeZone"/>.</summary>
    Task<OfficeCalendar> ForAsync(string officeId, CancellationToken ct = default);

    /// <summary>The office's calendar as it was (or will be) at <paramref name="now"/> (a job's fire time, an event's time).</summary>
    Task<OfficeCalendar> ForAsync(string officeId, DateTimeOffset now, CancellationToken ct = default);
}

/// <summary><see cref="IOfficeCalendars"/> over the office directory (the office's time zone) and <see cref="TimeProvider"/> (now).
/// The Offices module registers it; tests may build it over their own directory and clock.</summary>
public sealed class OfficeCalendars(IOfficeDirectory offices, TimeProvider time) : IOfficeCalendars
{
    public Task<OfficeCalendar> ForAsync(string officeId, CancellationToken ct = default) => ForAsync(officeId, time.GetUtcNow(), ct);

    public async Task<OfficeCalendar> ForAsync(string officeId, DateTimeOffset now, CancellationToken ct = default) =>
        new(officeId, (await offices.GetOfficeAsync(officeId, ct))?.TimeZone ?? OfficeCalendar.DefaultTimeZone, now);
}

/// <summary>Short forms of <see cref="IOfficeCalendars"/> for the common questions.</summary>
public static class OfficeCalendarsExtensions
{
    /// <summary>Today in the office (its time zone, now from <see cref="TimeProvider"/>).</summary>
    public static async Task<DateOnly> TodayAsync(this IOfficeCalendars calendars, string officeId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        return (await calendars.ForAsync(officeId, ct)).Today;
    }

    /// <summary>The office-local date of <paramref name="instant"/> (an event's time, a job's fire time).</summary>
    public static async Task<DateOnly> DateOfAsync(this IOfficeCalendars calendars, string officeId, DateTimeOffset instant, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        return (await calendars.ForAsync(officeId, instant, ct)).Today;
    }

    /// <summary>The office's time zone (an IANA id; <see cref="OfficeCalendar.DefaultTimeZone"/> for an office the directory does not know).</summary>
    public static async Task<TimeZoneInfo> TimeZoneAsync(this IOfficeCalendars calendars, string officeId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        return TimeZoneInfo.FindSystemTimeZoneById((await calendars.ForAsync(officeId, ct)).TimeZone);
    }
}
