using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Bookings.Stays;
using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Bookings;

/// <summary>A stay paid with a gift voucher (séjour-cadeau): paid in full by the voucher whenever it is booked; only what the voucher
/// does not cover and the tourist tax are invoiced; the voucher is never refunded.</summary>
public class GiftStayDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Arrival = new(2026, 7, 10);
    private static readonly BookingCustomer Customer = new("cust-1", false, "Mme Pietri", "Route de Levie", "20124", "Zonza", "France", "pietri@example.test");

    private static readonly StayLodging Hotel = new("Hôtel U Sole", LodgingCategory.Hotel, 12_000, 1000, 0, 0, new TouristTaxRate(null, null, null, 0, true), null, null, false);

    private static readonly StayLodging Rental = new("Gîte U Castellu", LodgingCategory.Classified, 12_000, 1000, 0, 0, new TouristTaxRate(100, null, null, 10), null, null, false);

    private static StayBooked Book(StayLodging lodging, long voucher, int daysBefore = 60) =>
        (StayBooked)ShortStay.Decide(new BookStay("s1", Customer, lodging, Arrival, Arrival.AddDays(3), 2, 0, Arrival.AddDays(-daysBefore), TermsPresets.Zonza, At,
            new StayGift("g1", "KDO-G1", voucher)), StayState.Initial)[0];

    [Fact]
    public void A_gift_stay_booked_two_months_ahead_is_paid_in_full_by_the_voucher_not_with_a_deposit()
    {
        var b = Book(Hotel, 36_000);
        b.FullPayment.Should().BeTrue("a gift stay is paid in full, whatever the 30-day rule says");
        b.Deposit.Should().Be(36_000);
        b.Covered.Should().Be(36_000);
        b.DueAtBooking.Should().Be(0);
        var state = ShortStay.Decider.Fold([b]);
        state.Status.Should().Be(StayStatus.Settled, "nothing is left to invoice (a hotel: the tourist tax is paid on site)");
        state.PaidStay.Should().Be(36_000);
    }

    [Fact]
    public void A_voucher_larger_than_the_stay_covers_the_stay_and_the_difference_is_lost()
    {
        var b = Book(Hotel, 50_000);
        b.Covered.Should().Be(36_000);
        b.DueAtBooking.Should().Be(0);
    }

    [Fact]
    public void What_the_voucher_does_not_cover_and_the_tourist_tax_are_due_at_booking()
    {
        var b = Book(Rental, 30_000);
        b.TouristTax.Should().Be(660, "1,10 € × 2 adults × 3 nights");
        b.DueAtBooking.Should().Be(6_000 + 660);
        var state = ShortStay.Decider.Fold([b]);
        state.Status.Should().Be(StayStatus.Booked);
        state = ShortStay.Decider.Fold([b, .. ShortStay.Decide(new RecordStayPayment(false, Arrival.AddDays(-59), At), state)]);
        state.Status.Should().Be(StayStatus.Settled);
        state.PaidStay.Should().Be(36_000, "30 000 by the voucher, 6 000 paid");
    }

    [Fact]
    public void Cancelling_a_gift_stay_refunds_at_most_what_was_paid_besides_the_voucher()
    {
        var b = Book(Rental, 30_000);
        var paid = (StayPaymentReceived)ShortStay.Decide(new RecordStayPayment(false, Arrival.AddDays(-59), At), ShortStay.Decider.Fold([b]))[0];
        var cancelled = (StayCancelled)ShortStay.Decide(new CancelStay(Arrival.AddDays(-40), false, false, null, At), ShortStay.Decider.Fold([b, paid]))[0];
        cancelled.Charge.Fee.Should().Be(0, "40 days before: no fee");
        cancelled.Charge.Refund.Should().Be(6_000, "the 60 € paid besides the voucher; the voucher itself is never refunded");
        cancelled.TouristTaxRefund.Should().Be(660);

        var late = (StayCancelled)ShortStay.Decide(new CancelStay(Arrival.AddDays(-20), false, false, null, At), ShortStay.Decider.Fold([b, paid]))[0];
        late.Charge.Fee.Should().Be(18_000, "50 % from 21 to 15 days");
        late.Charge.Refund.Should().Be(6_000, "the voucher (300 €) absorbs the 180 € fee");
    }
}
