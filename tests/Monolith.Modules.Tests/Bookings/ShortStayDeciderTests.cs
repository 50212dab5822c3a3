using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Bookings.Stays;
using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Bookings;

/// <summary>Short stays and furnished rentals (Zonza "Courts séjours").</summary>
public class ShortStayDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Arrival = new(2026, 7, 10);
    private static readonly BookingCustomer Customer = new("cust-1", false, "M. Pietri", "Route de Levie", "20124", "Zonza", "France", "pietri@example.test");

    // Unclassified rental: 5 % of the nightly price per occupant, capped at 4,00 €, + 10 % departmental surcharge.
    private static readonly StayLodging Rental = new("Gîte U Castellu", LodgingCategory.Unclassified, 12_000, 1000, 1500, 30_000,
        new TouristTaxRate(null, 500, 400, 10), null, null, false);

    private static StayBooked Booked(int daysBefore, int adults = 2, int minors = 1, StayLodging? lodging = null) =>
        (StayBooked)ShortStay.Decide(new BookStay("s1", Customer, lodging ?? Rental, Arrival, Arrival.AddDays(3), adults, minors, Arrival.AddDays(-daysBefore),
            TermsPresets.Zonza, At), StayState.Initial)[0];

    private static DeciderSpec<StayCommand, StayEvent, StayState> Given(params StayEvent[] events) => DeciderSpec.For(ShortStay.Decider).Given(events);

    [Theory]
    [InlineData(31, 9000, false)] // more than 30 days: 25 % of 3 × 120 €
    [InlineData(30, 36_000, true)] // 30 days: the full price at booking
    [InlineData(29, 36_000, true)]
    public void Deposit_at_the_30_day_boundary(int daysBefore, long due, bool full)
    {
        var b = Booked(daysBefore);
        b.Deposit.Should().Be(due);
        b.FullPayment.Should().Be(full);
    }

    [Fact]
    public void The_tourist_tax_is_its_own_line_per_adult_per_night_minors_exempt()
    {
        var b = Booked(40);

        // 120 € / 3 occupants = 40 € × 5 % = 2,00 € (under the 4,00 € cap) + 10 % = 2,20 € × 2 adults × 3 nights.
        var tax = b.Lines.Single(l => l.TouristTax);
        tax.Quantity.Should().Be(6);
        tax.UnitPriceTtc.Should().Be(220);
        tax.VatRateBasisPoints.Should().Be(0, "the tax is outside the scope of VAT");
        b.TouristTax.Should().Be(1320);
        b.StayTotal.Should().Be(36_000, "the tax is not part of the stay's price");
    }

    [Fact]
    public void A_hotel_collects_the_tourist_tax_on_site() =>
        Booked(40, lodging: Rental with { Category = LodgingCategory.Hotel }).Lines.Should().NotContain(l => l.TouristTax);

    [Fact]
    public void One_person_alone_pays_the_single_occupancy_supplement()
    {
        Booked(40, adults: 1, minors: 0).StayTotal.Should().Be(3 * 12_000 + 3 * 1500);
        Booked(40, adults: 2, minors: 0).StayTotal.Should().Be(3 * 12_000);
    }

    [Theory]
    [InlineData(31, 0)]
    [InlineData(30, 25)]
    [InlineData(29, 25)]
    [InlineData(23, 25)]
    [InlineData(22, 25)]
    [InlineData(21, 50)]
    [InlineData(20, 50)]
    [InlineData(16, 50)]
    [InlineData(15, 50)]
    [InlineData(14, 75)]
    [InlineData(13, 75)]
    [InlineData(8, 75)]
    [InlineData(7, 75)]
    [InlineData(6, 100)]
    [InlineData(5, 100)]
    [InlineData(0, 100)]
    public void Cancellation_follows_the_schedule_with_lodging_and_refunds_the_tourist_tax(int daysBefore, int percent)
    {
        var b = Booked(60);
        var paid = new StayPaymentReceived("s1", false, b.Deposit + b.TouristTax, Arrival.AddDays(-60), At);
        var cancelled = Given(b, paid).When(new CancelStay(Arrival.AddDays(-daysBefore), false, false, null, At)).State.Cancellation!;

        cancelled.Charge.Percent.Should().Be(percent);
        cancelled.Charge.Fee.Should().Be(36_000 * percent / 100);
        cancelled.TouristTaxRefund.Should().Be(b.TouristTax);
    }

    private static readonly SecurityDepositReceived DepositHeld = new("s1", 30_000, Arrival, At);

    [Fact]
    public void A_security_deposit_withheld_without_a_reason_is_refused() =>
        Given(Booked(40), DepositHeld).When(new ReturnSecurityDeposit(Arrival.AddDays(4), 5000, null, At)).ThenThrows<DomainRuleViolation>("stay.security-deposit-reason");

    [Fact]
    public void No_more_than_the_security_deposit_can_be_withheld() =>
        Given(Booked(40), DepositHeld).When(new ReturnSecurityDeposit(Arrival.AddDays(4), 30_001, "Vaisselle cassée", At))
            .ThenThrows<DomainRuleViolation>("stay.security-deposit-withheld");

    [Fact]
    public void The_security_deposit_is_returned_minus_what_is_withheld_with_a_reason() =>
        Given(Booked(40), DepositHeld).When(new ReturnSecurityDeposit(Arrival.AddDays(4), 5000, "Vaisselle cassée", At))
            .Then(new SecurityDepositReturned("s1", 25_000, 5000, "Vaisselle cassée", Arrival.AddDays(4), At));

    [Fact]
    public void A_no_show_refunds_the_tourist_tax_paid_no_night_was_stayed()
    {
        var b = Booked(60);
        var paid = new StayPaymentReceived("s1", false, b.Deposit + b.TouristTax, Arrival.AddDays(-60), At);
        Given(b, paid).When(new CancelStay(Arrival, true, false, null, At)).State.Cancellation!.TouristTaxRefund.Should().Be(b.TouristTax);
    }
}
