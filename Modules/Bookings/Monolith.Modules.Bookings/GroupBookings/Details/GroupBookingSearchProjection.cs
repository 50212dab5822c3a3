using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Modules.Bookings.GroupBookings.Details;

/// <summary><c>bookings_group_booking_search</c>: each group booking's title, reference, customer name and id, normalised
/// (<see cref="ListSearch.Normalize"/>) for the staff list's search; a transfer rewrites the customer's part.</summary>
internal sealed class GroupBookingSearchProjection : IProjection
{
    public string Name => "bookings.group-booking-search";

    public bool Handles(string eventType) => eventType is "bookings.quote-issued" or "bookings.booking-transferred";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        switch (await ctx.DecodeAsync(e, ct))
        {
            case QuoteIssued q:
                var booking = ListSearch.Normalize(q.Title, q.Reference);
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO bookings_group_booking_search (booking_id, office_id, booking_text, search_text) VALUES (@BookingId, @office, @booking, @search)
                    ON CONFLICT (booking_id) DO UPDATE SET booking_text = excluded.booking_text, search_text = excluded.search_text
                    """,
                    new { q.BookingId, office = e.Metadata.TenantId, booking, search = booking + " " + ListSearch.Normalize(q.Customer.Name, q.Customer.CustomerId) },
                    ctx.Transaction);
                break;
            case BookingTransferred t:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE bookings_group_booking_search SET search_text = booking_text || ' ' || @customer WHERE booking_id = @BookingId AND office_id = @office",
                    new { t.BookingId, office = e.Metadata.TenantId, customer = ListSearch.Normalize(t.To.Name, t.To.CustomerId) },
                    ctx.Transaction);
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM bookings_group_booking_search", transaction: ctx.Transaction);
}
