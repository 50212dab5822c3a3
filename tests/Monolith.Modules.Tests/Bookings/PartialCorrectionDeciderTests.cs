using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;
using Monolith.Testing;
using InvoiceCorrections = Monolith.Modules.Bookings.GroupBookings.Cancelling.InvoiceCorrections;
using InvoiceCredit = Monolith.Modules.Bookings.GroupBookings.Cancelling.InvoiceCredit;

namespace Monolith.Modules.Tests.Bookings;

/// <summary>A cancellation that keeps part of the money decides, in its event, the billing credit notes that leave invoiced exactly what
/// is kept: per invoice (final first, then deposit), per VAT rate and per partner provider.</summary>
public class PartialCorrectionDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Start = new(2026, 7, 15);
    private static readonly BookingCustomer Customer = new("cust-1", true, "Collège de Zonza", "Route de Levie", "20124", "Zonza", "France", "college@zonza.test");

    private static readonly ServiceLine Visit = new("Visite guidée", Start, "2 h", 1200, 2000, true, 0, false, false, null, null, null, false);

    private static readonly ServiceLine Lunch = new("Déjeuner corse", Start, null, 2500, 1000, true, 0, false, false, null, "prov-funtanonu", "Restaurant U Funtanonu", true);

    private static DeciderSpec<GroupBookingCommand, GroupBookingEvent, GroupBookingState> Given(params GroupBookingEvent[] events) =>
        DeciderSpec.For(GroupBooking.Decider).Given(events);

    /// <summary>Quoted for <paramref name="adults"/>, signed, deposit invoice attached and paid; with <paramref name="finalCount"/> the final
    /// count on the deadline and the final invoice attached with the lines it carries.</summary>
    private static List<GroupBookingEvent> Booking(BookingTerms terms, IReadOnlyList<ServiceLine> services, int adults, DateOnly end, bool finalCount)
    {
        var events = new List<GroupBookingEvent>();
        void Run(GroupBookingCommand c) => events.AddRange(GroupBooking.Decide(c, GroupBooking.Decider.Fold(events)));
        Run(new IssueQuote("b1", Customer, "Sortie", Start, end, false, new Party(adults, 0, false), services, new DateOnly(2026, 5, 4), new DateOnly(2026, 5, 30), terms,
            null, At));
        Run(new SignQuote("Mme Santoni", new DateOnly(2026, 5, 10), At));
        Run(new AttachDepositInvoice("inv-deposit", "FA-2026-0001", At));
        Run(new RecordDepositReceived(new DateOnly(2026, 5, 12), At));
        if (finalCount)
        {
            var s = GroupBooking.Decider.Fold(events);
            Run(new RecordParticipantCount(CountKind.Final, new Party(adults, 0, false), s.Deadlines.Final, At));
            s = GroupBooking.Decider.Fold(events);
            Run(new AttachFinalInvoice("inv-final", "FA-2026-0002", 0, 0, At, [.. s.Price.Lines]));
        }

        return events;
    }

    private static PricedLine Office(string label, long amount, int rate) => new(label, null, 1, amount, rate, null, false);

    private static PricedLine Partner(string label, long amount, int rate) =>
        new(label, null, 1, amount, rate, "Restaurant U Funtanonu", true, ProviderId: "prov-funtanonu");

    [Fact]
    public void Zonza_five_days_before_after_the_final_invoice_keeps_half_the_services_and_the_file_fees_and_credits_the_rest_of_the_final_invoice()
    {
        // 30 people → 29 paying: visit 34 800 (20 %), lunch 72 500 (10 %, the restaurant's); deposit 8 700 + 18 125 + 1 200 file fees.
        var given = Booking(TermsPresets.Zonza, [Visit, Lunch], 30, Start, finalCount: true);
        var cancelled = Decide(given, new CancelByCustomer(Start.AddDays(-5), false, false, null, At));
        cancelled.Charge.Fee.Should().Be(53_650);
        cancelled.Corrections.Should().BeEquivalentTo(new[]
        {
            new InvoiceCredit("inv-final", "FA-2026-0002",
            [
                Office("Annulation reçue le 10/07/2026 : part non retenue — TVA 20 %", 17_400, 2000),
                Partner("Annulation reçue le 10/07/2026 : part non retenue", 36_250, 1000),
            ]),
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Zonza_free_cancellation_credits_the_deposit_services_per_rate_and_provider_and_keeps_the_file_fees()
    {
        var given = Booking(TermsPresets.Zonza, [Visit, Lunch], 30, Start, finalCount: false);
        var cancelled = Decide(given, new CancelByCustomer(Start.AddDays(-20), false, false, null, At));
        cancelled.Charge.Rule.Should().Be("free");
        var credit = cancelled.Corrections.Should().ContainSingle().Subject;
        credit.InvoiceId.Should().Be("inv-deposit");
        credit.Lines.Select(l => (l.VatRateBasisPoints, l.ProviderId, l.Total)).Should().Equal((2000, null, 8_700), (1000, "prov-funtanonu", 18_125));
        credit.Total.Should().Be(26_825, "the deposit without the 12 € file fees, never refunded");
    }

    [Fact]
    public void Zonza_ten_days_before_without_a_final_invoice_keeps_the_deposit_as_invoiced_and_credits_nothing()
    {
        var given = Booking(TermsPresets.Zonza, [Visit, Lunch], 30, Start, finalCount: false);
        var cancelled = Decide(given, new CancelByCustomer(Start.AddDays(-10), false, false, null, At));
        cancelled.Charge.Percent.Should().Be(25);
        cancelled.Corrections.Should().BeNull("25 % of the services plus the file fees is the deposit invoiced");
    }

    [Fact]
    public void Zonza_five_days_before_with_only_the_deposit_invoiced_invoices_the_rest_of_the_fee_per_rate_and_provider()
    {
        // The final count not given yet: only the deposit (25 % + file fees) is invoiced; the 50 % fee keeps 17 400 + 36 250.
        var given = Booking(TermsPresets.Zonza, [Visit, Lunch], 30, Start, finalCount: false);
        var cancelled = Decide(given, new CancelByCustomer(Start.AddDays(-5), false, false, null, At));

        cancelled.Charge.Fee.Should().Be(53_650);
        cancelled.Corrections.Should().BeNull("the deposit invoice carries less than the fee on every part");
        cancelled.FeeInvoiceLines!.Select(l => (l.VatRateBasisPoints, l.ProviderId, l.ThirdPartyFunds, l.Total)).Should()
            .Equal((2000, null, false, 17_400L - 8_700), (1000, "prov-funtanonu", true, 36_250L - 18_125));
        cancelled.FeeInvoiced.Should().Be(26_825, "the fee (536,50 €) less the deposit's services (268,25 €)");
    }

    [Fact]
    public void Zonza_ten_days_before_with_only_the_deposit_invoiced_invoices_nothing_more()
    {
        var given = Booking(TermsPresets.Zonza, [Visit, Lunch], 30, Start, finalCount: false);
        Decide(given, new CancelByCustomer(Start.AddDays(-10), false, false, null, At)).FeeInvoiceLines.Should().BeNull("the 25 % fee is the deposit invoiced");
    }

    [Fact]
    public void Pays_Fertois_deposit_kept_invoices_nothing_more()
    {
        var given = Booking(TermsPresets.PaysFertois, [Visit, Lunch], 30, Start, finalCount: false);
        Decide(given, new CancelByCustomer(Start.AddDays(-5), false, false, null, At)).FeeInvoiceLines.Should().BeNull();
    }

    [Fact]
    public void The_fee_invoice_billing_issued_is_attached_to_the_booking()
    {
        var given = Booking(TermsPresets.Zonza, [Visit, Lunch], 30, Start, finalCount: false);
        given.Add(Decide(given, new CancelByCustomer(Start.AddDays(-5), false, false, null, At)));
        Given([.. given]).When(new AttachCancellationFeeInvoice("inv-fee", "FA-2026-0003", At))
            .Then(new CancellationFeeInvoiceAttached("b1", "inv-fee", "FA-2026-0003", At));
    }

    [Fact]
    public void Another_fee_invoice_for_a_booking_already_charged_one_is_refused()
    {
        var given = Booking(TermsPresets.Zonza, [Visit, Lunch], 30, Start, finalCount: false);
        given.Add(Decide(given, new CancelByCustomer(Start.AddDays(-5), false, false, null, At)));
        given.Add(new CancellationFeeInvoiceAttached("b1", "inv-fee", "FA-2026-0003", At));
        Given([.. given]).When(new AttachCancellationFeeInvoice("inv-other", "FA-2026-0004", At)).ThenThrows<DomainRuleViolation>("booking.cancellation-fee-invoiced");
    }

    [Fact]
    public void A_fee_invoice_is_refused_when_the_cancellation_kept_nothing_beyond_the_invoices()
    {
        var given = Booking(TermsPresets.Zonza, [Visit, Lunch], 30, Start, finalCount: true);
        given.Add(Decide(given, new CancelByCustomer(Start.AddDays(-5), false, false, null, At)));
        Given([.. given]).When(new AttachCancellationFeeInvoice("inv-fee", "FA-2026-0003", At)).ThenThrows<DomainRuleViolation>("booking.invalid-step");
    }

    [Fact]
    public void A_no_show_keeps_everything_invoiced()
    {
        var given = Booking(TermsPresets.Zonza, [Visit, Lunch], 30, Start, finalCount: true);
        Decide(given, new CancelByCustomer(Start, true, false, null, At)).Corrections.Should().BeNull();
    }

    [Fact]
    public void Pays_Fertois_deposit_kept_after_the_final_invoice_credits_the_final_invoice_per_rate_and_provider()
    {
        // Pays Fertois: 30 % deposit, no file fees; cancelled 5 days before → the deposit is kept, the final invoice is credited.
        var given = Booking(TermsPresets.PaysFertois, [Visit, Lunch], 30, Start, finalCount: true);
        var cancelled = Decide(given, new CancelByCustomer(Start.AddDays(-5), false, false, null, At));
        cancelled.Charge.Rule.Should().Be("deposit-kept");
        var credit = cancelled.Corrections.Should().ContainSingle().Subject;
        credit.InvoiceId.Should().Be("inv-final");
        credit.Lines.Select(l => (l.VatRateBasisPoints, l.ProviderId, l.Total)).Should().Equal((2000, null, 34_800 - 10_440), (1000, "prov-funtanonu", 72_500 - 21_750));
    }

    [Fact]
    public void Exceptional_circumstances_cancel_the_invoices_whole_so_no_partial_correction_is_decided()
    {
        var given = Booking(TermsPresets.Zonza, [Visit, Lunch], 30, Start, finalCount: true);
        Decide(given, new CancelByCustomer(Start.AddDays(-5), false, true, "Incendie", At)).Corrections.Should().BeNull();
    }

    [Fact]
    public void Force_majeure_on_the_second_day_credits_the_second_days_services_from_the_final_invoice_then_the_deposit_invoice()
    {
        // Pays Fertois, two days, 20 people (no free place): visit on day 1 (24 000, 20 %), the restaurant's lunch on day 2 (50 000, 10 %).
        var lunch = Lunch with { Date = Start.AddDays(1) };
        var given = Booking(TermsPresets.PaysFertois, [Visit, lunch], 20, Start.AddDays(1), finalCount: true);
        var cancelled = (CancelledByOffice)GroupBooking.Decide(new CancelByOffice(OfficeCancellationReason.ForceMajeure, Start.AddDays(1), 0, "Route coupée", At, Start),
            GroupBooking.Decider.Fold(given))[0];
        cancelled.Performed.Should().Be(24_000, "the day-1 visit, 20 × 12 €");
        cancelled.Paid.Should().Be(7_200 + 15_000, "the 30 % deposit");
        cancelled.Refund.Should().Be(0, "the deposit paid does not cover the visit performed");
        cancelled.Corrections.Should().BeEquivalentTo(new[]
        {
            new InvoiceCredit("inv-final", "FA-2026-0002", [Partner("Force majeure : prestations non réalisées après le 15/07/2026", 35_000, 1000)]),
            new InvoiceCredit("inv-deposit", "FA-2026-0001", [Partner("Force majeure : prestations non réalisées après le 15/07/2026", 15_000, 1000)]),
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Force_majeure_performed_through_a_day_outside_the_booking_is_refused()
    {
        var given = Booking(TermsPresets.PaysFertois, [Visit], 20, Start, finalCount: false);
        Given([.. given]).When(new CancelByOffice(OfficeCancellationReason.ForceMajeure, Start, 0, null, At, Start.AddDays(3)))
            .ThenThrows<DomainRuleViolation>("office-cancellation.performed-through");
    }

    [Fact]
    public void Force_majeure_with_nothing_left_to_credit_decides_an_empty_correction_so_the_invoices_are_not_cancelled_whole()
    {
        var given = Booking(TermsPresets.PaysFertois, [Visit], 20, Start, finalCount: false);
        var cancelled = (CancelledByOffice)GroupBooking.Decide(new CancelByOffice(OfficeCancellationReason.ForceMajeure, Start, 0, null, At, Start),
            GroupBooking.Decider.Fold(given))[0];
        cancelled.Corrections.Should().NotBeNull().And.BeEmpty("the one-day visit was performed: the deposit invoice stays");
    }

    [Fact]
    public void An_amount_is_spread_over_the_parts_to_the_cent()
    {
        var a = new InvoiceCorrections.Part(2000, null, false);
        var b = new InvoiceCorrections.Part(1000, "p", false);
        var c = new InvoiceCorrections.Part(550, null, false);
        var shares = InvoiceCorrections.Allocate(101, new Dictionary<InvoiceCorrections.Part, long> { [a] = 100, [b] = 100, [c] = 100 });
        shares.Values.Sum().Should().Be(101);
        shares.Values.Should().BeEquivalentTo([34L, 34L, 33L]);
        InvoiceCorrections.Allocate(53_651, new Dictionary<InvoiceCorrections.Part, long> { [a] = 34_800, [b] = 72_500 }).Should()
            .BeEquivalentTo(new Dictionary<InvoiceCorrections.Part, long> { [a] = 17_400, [b] = 36_251 });
    }

    private static CancelledByCustomer Decide(List<GroupBookingEvent> given, CancelByCustomer command) =>
        (CancelledByCustomer)GroupBooking.Decide(command, GroupBooking.Decider.Fold(given))[0];
}
