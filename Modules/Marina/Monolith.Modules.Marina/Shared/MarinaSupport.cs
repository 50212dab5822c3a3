using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Tenancy;

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
    /// <summary>Legacy setting (<c>Marina:PortalUrl</c>): the portal's address. Links now come from the platform's one
    /// <c>Portal:BaseUrl</c> / <c>Portal:Offices:&lt;officeId&gt;</c> (<see cref="PortalUrls"/>), like every module's; this value is only
    /// used when <c>Portal:BaseUrl</c> is not set, with a warning at start.</summary>
    public string? PortalUrl { get; set; }

    /// <summary>The office portal's addresses Marina's e-mails link to (set by <see cref="ResolvePortal"/>).</summary>
    internal PortalUrls Portal { get; private set; } = new(PortalUrls.DefaultBaseUrl);

    /// <summary>True when the legacy <c>Marina:PortalUrl</c> decides the links (no <c>Portal:BaseUrl</c>).</summary>
    internal bool LegacyPortalUrlUsed { get; private set; }

    /// <summary>An absolute link to <paramref name="pathAndQuery"/> on the office's portal.</summary>
    internal string PortalLink(string officeId, string pathAndQuery) => Portal.Link(officeId, pathAndQuery);

    /// <summary><c>Portal:*</c> (checked: absolute http(s) URLs) unless only the legacy <c>Marina:PortalUrl</c> is set.</summary>
    internal MarinaOptions ResolvePortal(IConfiguration configuration)
    {
        var platform = PortalUrls.From(configuration);
        if (string.IsNullOrWhiteSpace(PortalUrl) || !string.IsNullOrWhiteSpace(configuration[$"{PortalUrls.Section}:BaseUrl"]))
        {
            Portal = platform;
            return this;
        }

        try
        {
            var offices = configuration.GetSection($"{PortalUrls.Section}:Offices").GetChildren().ToDictionary(c => c.Key, c => c.Value ?? "", StringComparer.Ordinal);
            Portal = new PortalUrls(PortalUrl, offices);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"Configuration 'Marina:PortalUrl' (legacy; use 'Portal:BaseUrl'): {e.Message}", e);
        }

        LegacyPortalUrlUsed = true;
        return this;
    }

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

/// <summary>Warns at start that the legacy <c>Marina:PortalUrl</c> is set (it decides Marina's links only without <c>Portal:BaseUrl</c>).</summary>
internal sealed partial class LegacyPortalUrlWarning(MarinaOptions options, ILogger<LegacyPortalUrlWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.LegacyPortalUrlUsed)
        {
            LogLegacyUsed(logger, options.PortalUrl);
        }
        else if (!string.IsNullOrWhiteSpace(options.PortalUrl))
        {
            LogLegacyIgnored(logger, options.PortalUrl);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Configuration 'Marina:PortalUrl' ({Url}) is deprecated: Marina's e-mail links use it because 'Portal:BaseUrl' is not set. Set 'Portal:BaseUrl' (shared by every module) and remove 'Marina:PortalUrl'.")]
    private static partial void LogLegacyUsed(ILogger logger, string? url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Configuration 'Marina:PortalUrl' ({Url}) is deprecated and ignored: 'Portal:BaseUrl' decides every module's links. Remove 'Marina:PortalUrl'.")]
    private static partial void LogLegacyIgnored(ILogger logger, string? url);
}
