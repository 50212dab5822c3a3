using Monolith.BuildingBlocks.Facts;

namespace Monolith.Modules.Bookings.Contracts;

/// <summary>(The office is the tenant of the fact: <c>FactContext.TenantId</c>.) A group booking became firm: the signed quote's deposit was received (paid, or covered by a credit note).</summary>
public sealed record GroupBookingConfirmed(string BookingId, string Reference, string CustomerId, DateOnly Start, DateOnly End, long Total,
    DateOnly ConfirmedOn) : IIntegrationEvent
{
    public const string WireName = "bookings.published-group-booking-confirmed";
}

/// <summary>A signed group booking was cancelled, by the customer or by the office; <paramref name="Refund"/> is what is owed back to
/// the customer, <paramref name="CreditNote"/> what became a credit note.</summary>
public sealed record GroupBookingCancelled(string BookingId, string Reference, string CustomerId, string By, DateOnly On, long Refund,
    long CreditNote) : IIntegrationEvent
{
    public const string WireName = "bookings.published-group-booking-cancelled";
}

/// <summary>The facts the Bookings module publishes.</summary>
public static class BookingsFacts
{
    public static readonly Type[] All = [typeof(GroupBookingConfirmed), typeof(GroupBookingCancelled)];
}
