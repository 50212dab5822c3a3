using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Ticketing.Sessions;

namespace Monolith.Modules.Ticketing;

/// <summary>Settings (section <c>Ticketing</c>). <see cref="HoldMinutes"/>: how long seats stay held during checkout (default 15);
/// <see cref="SigningKey"/>: base64 key (≥ 32 bytes) signing the QR codes — set it in production (the development default is public).</summary>
internal sealed class TicketingOptions
{
    public const string DevelopmentSigningKey = "ZGV2ZWxvcG1lbnQtb25seS10aWNrZXQtc2lnbmluZy1rZXktMzJi";

    public int HoldMinutes { get; set; } = 15;

    public string SigningKey { get; set; } = DevelopmentSigningKey;
}

/// <summary>The office's calendar (its time zone, Europe/Paris by default) decides "today" and the ticket's printed dates.</summary>
internal sealed class OfficeClock(IOfficeDirectory offices, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string Zone, DateTimeOffset Until)> _zones = new(StringComparer.Ordinal);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The office's time zone; null when the office does not exist (cached a minute).</summary>
    public async Task<string?> TimeZoneAsync(string officeId, CancellationToken ct = default)
    {
        if (_zones.TryGetValue(officeId, out var cached) && cached.Until > time.GetUtcNow())
        {
            return cached.Zone;
        }

        var office = await offices.GetOfficeAsync(officeId, ct);
        if (office is null)
        {
            return null;
        }

        var zone = OfficeCalendar.ZoneOf(office.TimeZone);
        _zones[officeId] = (zone, time.GetUtcNow().AddMinutes(1));
        return zone;
    }

    public async Task<string> RequireOfficeAsync(string officeId, CancellationToken ct = default) =>
        await TimeZoneAsync(officeId, ct) ?? throw new NotFoundException("Cet office de tourisme n'existe pas.");

    public async Task<DateOnly> TodayAsync(string officeId, CancellationToken ct = default) =>
        LocalDate(time.GetUtcNow(), await RequireOfficeAsync(officeId, ct));

    public static DateOnly LocalDate(DateTimeOffset at, string zone) => Monolith.Modules.Offices.Contracts.OfficeCalendar.DateOf(at, zone);

    public static DateTime Local(DateTimeOffset at, string zone) => TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime;
}

internal static class TicketingProblems
{
    /// <summary>429 with <c>Retry-After</c>: the session is too busy right now; the buyer tries again (nothing was held).</summary>
    public static ProblemHttpResult Busy(HttpContext http, SessionBusyException busy)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(busy.RetryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = PlatformProblems.Make(StatusCodes.Status429TooManyRequests, ProblemTypes.TooManyRequests,
            "Trop de demandes simultanées.", busy.Message);
        problem.Extensions["code"] = "session.busy";
        return TypedResults.Problem(problem);
    }

    public static string Euros(long cents) => (cents / 100m).ToString("N2", CultureInfo.GetCultureInfo("fr-FR")) + " €";
}
