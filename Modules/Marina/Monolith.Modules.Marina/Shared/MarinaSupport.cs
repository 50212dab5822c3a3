using System.Globalization;

namespace Monolith.Modules.Marina.Shared;

internal static class Day
{
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Parse(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string French(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>"19/12/2016 à 11:55" in the office's time zone (from Offices' <c>IOfficeCalendars</c>).</summary>
    public static string DateAndTime(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("dd/MM/yyyy 'à' HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>Settings (<c>Marina:*</c>).</summary>
internal sealed class MarinaOptions
{
    /// <summary>The portal's address, for links in e-mails.</summary>
    public string PortalUrl { get; set; } = "https://portail.example.test";

    /// <summary>Calendar days between the pre-notification and the collection (SEPA default 14).</summary>
    public int PreNotificationDays { get; set; } = DirectDebits.DebitRun.DefaultNoticeDays;

    /// <summary>Days before the collection date the run is sealed into its pain.008 file (the bank needs it at least one business day ahead).</summary>
    public int SealDaysBefore { get; set; } = 3;

    /// <summary>Every portal registration answer takes at least this long, success or not, so its timing tells nothing.</summary>
    public TimeSpan RegistrationMinimumDuration { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Registration attempts allowed per e-mail, and per client address, within <see cref="RegistrationWindow"/>.</summary>
    public int RegistrationAttemptsPerEmail { get; set; } = 5;

    public int RegistrationAttemptsPerAddress { get; set; } = 20;

    public TimeSpan RegistrationWindow { get; set; } = TimeSpan.FromHours(1);
}
