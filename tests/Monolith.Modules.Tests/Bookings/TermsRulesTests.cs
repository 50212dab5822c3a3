using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;

namespace Monolith.Modules.Tests.Bookings;

public class TermsRulesTests
{
    private static readonly DateOnly Start = new(2026, 7, 15);

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1, 0, 500)]
    [InlineData(2, 0, 1200)]
    [InlineData(5, 0, 1200)]
    [InlineData(1, 1, 2000)]
    [InlineData(3, 2, 2000)]
    public void Zonza_file_fees(int services, int nights, long expected) =>
        FileFees.For(TermsPresets.Zonza, services, nights).Should().Be(expected);

    [Fact]
    public void Pays_Fertois_has_no_file_fees() => FileFees.For(TermsPresets.PaysFertois, 3, 2).Should().Be(0);

    [Theory]
    [InlineData(10, 0)]
    [InlineData(20, 0)] // 20 people: 19 paying + 1 free would break "from 20 paying"
    [InlineData(21, 1)] // 20 paying + 1 free
    [InlineData(22, 1)]
    [InlineData(41, 1)]
    [InlineData(42, 2)]
    [InlineData(43, 2)]
    [InlineData(63, 3)]
    public void Free_places_one_per_twenty_paying(int people, int free) =>
        FreePlaces.ForGroup(TermsPresets.Zonza, people).Should().Be(free);

    [Theory]
    [InlineData(7, 3, 0)]
    [InlineData(8, 3, 1)]
    [InlineData(9, 3, 1)]
    [InlineData(15, 3, 1)]
    [InlineData(16, 3, 2)]
    [InlineData(17, 3, 2)]
    [InlineData(32, 3, 3)] // 4 earned, only 3 adults present
    public void School_groups_one_free_accompanying_adult_per_eight_children(int children, int adults, int free) =>
        FreePlaces.ForSchool(TermsPresets.PaysFertois, children, adults).Should().Be(free);

    [Fact]
    public void Group_deposit_is_the_percentage_of_the_services_plus_the_file_fees_due_at_signing_for_Zonza()
    {
        var d = Deposits.ForGroup(TermsPresets.Zonza, 400_000, 1_200, new DateOnly(2026, 5, 2), Start);
        d.Should().BeEquivalentTo(new DepositDue(101_200, 25, new DateOnly(2026, 5, 2), false));
    }

    [Theory]
    [InlineData("2026-04-01", "2026-06-15")] // signed early: due one month before the service
    [InlineData("2026-06-15", "2026-06-15")]
    [InlineData("2026-06-20", "2026-06-20")] // signed later than that: due at once
    public void Pays_Fertois_deposit_is_due_at_the_latest_one_month_before(string signedOn, string dueOn)
    {
        var d = Deposits.ForGroup(TermsPresets.PaysFertois, 333_333, 0, Day(signedOn), Start);
        d.Amount.Should().Be(100_000, "30 % of 3 333,33 € rounded to the cent");
        d.DueOn.Should().Be(Day(dueOn));
    }

    [Theory]
    [InlineData(31, 25_000, false)]
    [InlineData(30, 100_000, true)]
    [InlineData(29, 100_000, true)]
    public void Short_stay_deposit_at_the_30_day_boundary(int daysBefore, long amount, bool full)
    {
        var d = Deposits.ForShortStay(TermsPresets.Zonza, 100_000, Start.AddDays(-daysBefore), Start);
        d.Amount.Should().Be(amount);
        d.FullPayment.Should().Be(full);
    }

    [Fact]
    public void Participant_deadlines_Zonza_without_and_with_lodging()
    {
        Deadlines.Participants(TermsPresets.Zonza, Start, false).Should().Be(new ParticipantDeadlines(Start.AddDays(-14), Start.AddDays(-7)));
        Deadlines.Participants(TermsPresets.Zonza, Start, true).Should().Be(new ParticipantDeadlines(Start.AddDays(-30), Start.AddDays(-21)));
        Deadlines.Participants(TermsPresets.PaysFertois, Start, true).Should().Be(new ParticipantDeadlines(null, Start.AddDays(-7)));
    }

    [Theory]
    [InlineData(8, true)]
    [InlineData(7, true)] // at the deadline
    [InlineData(6, false)] // a day late
    public void Transfer_up_to_seven_days_before_the_start(int daysBefore, bool allowed) =>
        Deadlines.TransferAllowed(TermsPresets.Zonza, Start, Start.AddDays(-daysBefore)).Should().Be(allowed);

    [Theory]
    [InlineData(0, 2)] // a day trip: 48 hours
    [InlineData(1, 7)] // 2 days: 7 days (the traveller-friendly reading of the overlapping bands)
    [InlineData(5, 7)] // 6 days
    [InlineData(6, 20)] // 7 days: over six days
    [InlineData(13, 20)]
    public void Office_cancellation_notice_by_trip_length(int extraDays, int noticeDays) =>
        Deadlines.OfficeCancellationDeadline(TermsPresets.Zonza, Start, Start.AddDays(extraDays)).Should().Be(Start.AddDays(-noticeDays));

    [Fact]
    public void Claims_windows()
    {
        var end = Start.AddDays(2);
        Deadlines.ClaimsDeadline(TermsPresets.PaysFertois, Start.AddDays(1), end).Should().Be(Start.AddDays(3), "3 days from the start of the disputed service");
        Deadlines.ClaimsDeadline(TermsPresets.Zonza, Start.AddDays(1), end).Should().Be(end.AddDays(7), "7 days after the end");
    }

    [Theory]
    [InlineData(108_000, false)] // exactly +8 %
    [InlineData(108_001, true)] // just above
    [InlineData(95_000, false)] // a decrease
    public void Price_revision_above_eight_percent_lets_the_customer_cancel_free(long newTotal, bool mayCancel) =>
        PriceRevision.Check(TermsPresets.Zonza, 100_000, newTotal, Start, Start.AddDays(-25)).CustomerMayCancelFree.Should().Be(mayCancel);

    [Theory]
    [InlineData(21, true)]
    [InlineData(20, true)]
    [InlineData(19, false)]
    public void Price_revision_notified_at_least_twenty_days_before(int daysBefore, bool inTime) =>
        PriceRevision.Check(TermsPresets.Zonza, 100_000, 104_000, Start, Start.AddDays(-daysBefore)).InTime.Should().Be(inTime);

    [Fact]
    public void Tourist_tax_classified_category_minors_exempt_with_departmental_surcharge()
    {
        // 3-star: 1,50 € per person-night + 10 % = 1,65 €; 2 adults (2 minors exempt), 3 nights.
        var line = TouristTax.Compute(new TouristTaxRate(150, null, null, 10), 12_000, adults: 2, minors: 2, nights: 3)!;
        line.Should().Be(new TouristTaxLine(165, 2, 3, 990));
    }

    [Fact]
    public void Tourist_tax_unclassified_is_a_percentage_of_the_nightly_price_per_person_capped()
    {
        // 5 % of (100 € / 4 occupants = 25 €) = 1,25 €, under the 4,30 € cap, + 10 % = 1,38 € (1,375 rounded); 2 adults, 2 nights.
        TouristTax.Compute(new TouristTaxRate(null, 500, 430, 10), 10_000, 2, 2, 2)!.Should().Be(new TouristTaxLine(138, 2, 2, 552));
        // 5 % of 1 000 € for 1 person = 50 € → capped at 4,30 €, no surcharge.
        TouristTax.Compute(new TouristTaxRate(null, 500, 430, 0), 100_000, 1, 0, 1)!.Amount.Should().Be(430);
    }

    [Fact]
    public void Tourist_tax_is_no_line_for_hotels_where_it_is_paid_on_site() =>
        TouristTax.Compute(new TouristTaxRate(150, null, null, 10, PaidOnSite: true), 12_000, 2, 0, 3).Should().BeNull();

    [Fact]
    public void Presets_round_trip_through_the_terms_settings()
    {
        foreach (var preset in TermsPresets.All.Values)
        {
            var parsed = BookingTermsSettings.Parse(3, BookingTermsSettings.ToSettings(preset));
            parsed.Should().BeEquivalentTo(preset with { Version = 3 });
        }
    }

    [Fact]
    public void Terms_without_booking_settings_or_with_an_unreadable_schedule_are_refused_with_a_french_message()
    {
        var none = () => BookingTermsSettings.Parse(1, new Dictionary<string, string> { ["billing.payment-term-days"] = "30" });
        none.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("bookings.no-terms");
        var bad = () => BookingTermsSettings.Parse(1, new Dictionary<string, string> { ["bookings.cancellation.schedule"] = "14 à 8 : 25 %" });
        bad.Should().Throw<DomainRuleViolation>().Which.Message.Should().Contain("illisible");
    }

    private static DateOnly Day(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
