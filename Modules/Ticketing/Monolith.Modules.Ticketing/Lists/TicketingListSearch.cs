using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Ticketing.Orders;
using Monolith.Modules.Ticketing.Shows;

namespace Monolith.Modules.Ticketing.Lists;

/// <summary><c>ticketing_show_search</c> (a show's name, organiser and id) and <c>ticketing_order_search</c> (the buyer's name and e-mail,
/// the order id), normalised with <see cref="ListSearch.Normalize"/> for the staff lists' search.</summary>
internal sealed class TicketingListSearchProjection : IProjection
{
    public string Name => "ticketing.list-search";

    public bool Handles(string eventType) => eventType is "ticketing.show-created" or "ticketing.order-placed";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case ShowCreated s:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO ticketing_show_search (office_id, show_id, search_text) VALUES (@office, @ShowId, @search)
                    ON CONFLICT (office_id, show_id) DO UPDATE SET search_text = excluded.search_text
                    """,
                    new { office, s.ShowId, search = ListSearch.Normalize(s.Name, s.Organiser.Name, s.ShowId) }, ctx.Transaction);
                break;
            case OrderPlaced p:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO ticketing_order_search (office_id, order_id, search_text) VALUES (@office, @OrderId, @search)
                    ON CONFLICT (office_id, order_id) DO UPDATE SET search_text = excluded.search_text
                    """,
                    new { office, p.OrderId, search = ListSearch.Normalize(p.Buyer.Name, p.Buyer.Email, p.OrderId) }, ctx.Transaction);
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM ticketing_show_search; DELETE FROM ticketing_order_search;", transaction: ctx.Transaction);
}

/// <summary>A date range of the office's calendar as UTC instants as the read models store them (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>):
/// from the start of <c>from</c> (inclusive) to the start of the day after <c>to</c> (exclusive).</summary>
internal static class OfficeDayRange
{
    public static (string? From, string? Until) Of(DateOnly? from, DateOnly? to, OfficeCalendar calendar)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(OfficeCalendar.ZoneOf(calendar.TimeZone));
        return (from is { } f ? Start(f, zone) : null, to is { } t ? Start(t.AddDays(1), zone) : null);
    }

    private static string Start(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var utc = TimeZoneInfo.ConvertTimeToUtc(local, zone);
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
