using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Bookings.Stays;
using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Bookings;

/// <summary>A short stay's cancellation decides, in its event, how billing corrects the stay's invoices: credit notes of what is not kept
/// (the balance invoice first, then the invoice at booking; the tourist tax of nights never stayed in full), or a "frais d'annulation"
/// invoice for a fee above what the attached invoices carry.</summary>
public class StayCorrectionDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Arrival = new(2026, 7, 10);
    private static readonly BookingCustomer Customer = new("cust-1", false, "M. Pietri", "Route de Levie", "20124", "Zonza", "France", "pietri@example.test");

    // Unclassified rental, 3 nights × 120 € (10 %) = 360 €; 2 adults + 1 minor: tourist tax 2 × 3 × 2,20 € = 13,20 €.
    private static readonly StayLodging Rental = new("Gîte U Castellu", LodgingCategory.Unclassified, 12_000, 1000, 1500, 30_000,
        new TouristTaxRate(null, 500, 400, 10), "prov-castellu", "Gîtes U Castellu", true);

    /// <summary>Booked 60 days ahead: the invoice at booking (25 % = 90 € + the tax) and the balance invoice (270 €) attached.</summary>
    private static List<StayEvent> Booked(bool balanceAttached = true, StayGift? gift = null)
    {
        var events = new List<StayEvent>();
        void Run(StayCommand c) => events.AddRange(ShortStay.Decide(c, ShortStay.Decider.Fold(events)));
        Run(new BookStay("s1", Customer, Rental, Arrival, Arrival.AddDays(3), 2, 1, Arrival.AddDays(-60), TermsPresets.Zonza, At, gift));
        Run(new AttachStayInvoice(false, "inv-booking", "FA-2026-0001", At));
        if (balanceAttached && gift is null)
        {
            Run(new AttachStayInvoice(true, "inv-balance", "FA-2026-0002", At));
        }

        return events;
    }

    private static StayCancelled Cancel(List<StayEvent> given, int daysBefore, bool noShow = false, bool exceptional = false) =>
        (StayCancelled)ShortStay.Decide(new CancelStay(Arrival.AddDays(-daysBefore), noShow, exceptional, exceptional ? "Incendie" : null, At),
            ShortStay.Decider.Fold(given))[0];

    private static IEnumerable<(string Invoice, int Rate, string? Provider, bool TouristTax, long Total)> Lines(StayCancelled c) =>
        (c.Corrections ?? []).SelectMany(x => x.Lines.Select(l => (x.InvoiceId, l.VatRateBasisPoints, l.ProviderId, l.TouristTax, l.Total)));

    [Fact]
    public void Cancelled_ten_days_before_keeps_75_percent_and_credits_the_rest_from_the_balance_invoice_and_the_tourist_tax_from_the_invoice_at_booking()
    {
        var cancelled = Cancel(Booked(), 10);

        cancelled.Charge.Fee.Should().Be(27_000);
        Lines(cancelled).Should().Equal(("inv-balance", 1000, "prov-castellu", false, 9_000L), ("inv-booking", 0, null, true, 1_320L));
        cancelled.FeeInvoiceLines.Should().BeNull("both invoices carry the whole stay");
    }

    [Fact]
    public void A_no_show_keeps_the_whole_stay_but_credits_the_tourist_tax_of_nights_never_stayed()
    {
        var cancelled = Cancel(Booked(), 0, noShow: true);

        Lines(cancelled).Should().Equal(("inv-booking", 0, null, true, 1_320L));
        cancelled.TouristTaxRefund.Should().Be(0, "nothing was paid yet");
    }

    [Fact]
    public void Cancelled_31_days_before_credits_everything_but_nothing_is_kept()
    {
        var cancelled = Cancel(Booked(), 31);

        cancelled.Charge.Fee.Should().Be(0);
        Lines(cancelled).Should().Equal(("inv-balance", 1000, "prov-castellu", false, 27_000L), ("inv-booking", 1000, "prov-castellu", false, 9_000L),
            ("inv-booking", 0, null, true, 1_320L));
    }

    [Fact]
    public void A_fee_above_the_attached_invoices_is_invoiced_in_the_lodgings_rate_and_provider()
    {
        var cancelled = Cancel(Booked(balanceAttached: false), 5);

        cancelled.Charge.Fee.Should().Be(36_000);
        var fee = cancelled.FeeInvoiceLines.Should().ContainSingle().Subject;
        (fee.VatRateBasisPoints, fee.ProviderId, fee.ThirdPartyFunds, fee.Total).Should().Be((1000, "prov-castellu", true, 27_000L));
        Lines(cancelled).Should().Equal(("inv-booking", 0, null, true, 1_320L));
    }

    [Fact]
    public void A_gift_stay_cancelled_within_the_vouchers_amount_credits_the_whole_complement_and_the_tax()
    {
        // The voucher (200 €) covers more than the 25 % fee (90 €): the complement invoiced (160 €) is credited, the voucher is never refunded.
        var cancelled = Cancel(Booked(gift: new StayGift("g1", "KDO-G1", 20_000)), 25);

        cancelled.Charge.Fee.Should().Be(9_000);
        cancelled.Charge.Refund.Should().Be(0);
        Lines(cancelled).Should().Equal(("inv-booking", 1000, "prov-castellu", false, 16_000L), ("inv-booking", 0, null, true, 1_320L));
    }

    [Fact]
    public void The_fee_invoice_billing_issued_is_attached_to_the_stay()
    {
        var given = Booked(balanceAttached: false);
        given.Add(Cancel(given, 5));

        DeciderSpec.For(ShortStay.Decider).Given([.. given]).When(new AttachStayCancellationFeeInvoice("inv-fee", "FA-2026-0003", At))
            .Then(new StayCancellationFeeInvoiceAttached("s1", "inv-fee", "FA-2026-0003", At));
    }

    [Fact]
    public void The_fee_invoice_attached_again_by_a_replay_changes_nothing()
    {
        var given = Booked(balanceAttached: false);
        given.Add(Cancel(given, 5));
        given.Add(new StayCancellationFeeInvoiceAttached("s1", "inv-fee", "FA-2026-0003", At));

        DeciderSpec.For(ShortStay.Decider).Given([.. given]).When(new AttachStayCancellationFeeInvoice("inv-fee", "FA-2026-0003", At)).Then();
    }

    [Fact]
    public void A_fee_invoice_is_refused_when_the_cancellation_kept_nothing_beyond_the_invoices()
    {
        var given = Booked();
        given.Add(Cancel(given, 10));

        DeciderSpec.For(ShortStay.Decider).Given([.. given]).When(new AttachStayCancellationFeeInvoice("inv-fee", "FA-2026-0003", At))
            .ThenThrows<DomainRuleViolation>("stay.invalid-step");
    }
}
