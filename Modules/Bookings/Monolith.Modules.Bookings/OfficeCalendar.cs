using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings;

/// <summary>"Today" and dates in the office's calendar (its time zone, Europe/Paris by default): every deadline and "days before
/// arrival" is a calendar date there.</summary>
internal sealed class OfficeCalendar(IOfficeDirectory offices, TimeProvider time)
{
    public async Task<DateOnly> TodayAsync(string officeId, CancellationToken ct) => await DateOfAsync(officeId, time.GetUtcNow(), ct);

    public async Task<DateOnly> DateOfAsync(string officeId, DateTimeOffset instant, CancellationToken ct)
    {
        var zone = (await offices.GetOfficeAsync(officeId, ct))?.TimeZone;
        return Monolith.Modules.Offices.Contracts.OfficeCalendar.DateOf(instant, zone);
    }

    public DateTimeOffset Now => time.GetUtcNow();
}
