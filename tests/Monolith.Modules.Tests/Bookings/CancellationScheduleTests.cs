using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;

namespace Monolith.Modules.Tests.Bookings;

/// <summary>Every boundary day of every schedule of both presets: the day before, the day of and the day after each boundary, and the
/// no-show. Days are calendar days between the receipt of the written cancellation and the arrival (office calendar).</summary>
public class CancellationScheduleTests
{
    private static readonly DateOnly Arrival = new(2026, 7, 15);
    private const long Total = 400_000; // 4 000,00 € of services
    private const long FileFees = 1_200;

    [Theory]
    [InlineData(15, 0)]
    [InlineData(14, 25)]
    [InlineData(13, 25)]
    [InlineData(9, 25)]
    [InlineData(8, 25)]
    [InlineData(7, 50)]
    [InlineData(6, 50)]
    [InlineData(4, 50)]
    [InlineData(3, 50)]
    [InlineData(2, 100)]
    [InlineData(1, 100)]
    [InlineData(0, 100)]
    [InlineData(-1, 100)]
    public void Zonza_without_lodging(int daysBefore, int expectedPercent)
    {
        var charge = Cancel(TermsPresets.Zonza, withLodging: false, daysBefore);
        charge.DaysBefore.Should().Be(daysBefore);
        charge.Percent.Should().Be(expectedPercent);
        charge.Fee.Should().Be(Total * expectedPercent / 100);
        charge.RetainedFileFees.Should().Be(FileFees, "file fees are never refunded");
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
    [InlineData(1, 100)]
    [InlineData(0, 100)]
    [InlineData(-1, 100)]
    public void Zonza_with_lodging_and_short_stays(int daysBefore, int expectedPercent)
    {
        var charge = Cancel(TermsPresets.Zonza, withLodging: true, daysBefore);
        charge.Percent.Should().Be(expectedPercent);
        charge.Fee.Should().Be(Total * expectedPercent / 100);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Zonza_no_show_is_charged_in_full_even_when_reported_long_before(bool withLodging)
    {
        var charge = CancellationFees.Compute(TermsPresets.Zonza, withLodging, Arrival, Arrival.AddDays(-40), noShow: true, Total, FileFees, 101_200, 101_200, null, false);
        charge.Percent.Should().Be(100);
        charge.Rule.Should().Be("no-show");
        charge.StillOwed.Should().Be(Total + FileFees - 101_200);
        charge.Refund.Should().Be(0);
    }

    [Fact]
    public void Zonza_refund_is_what_was_paid_above_the_fee_and_the_file_fees()
    {
        // 25 % deposit + 12 € file fees paid; cancelled 20 days before without lodging: free, only the file fees are kept.
        var paid = 100_000 + FileFees;
        var charge = CancellationFees.Compute(TermsPresets.Zonza, false, Arrival, Arrival.AddDays(-20), false, Total, FileFees, paid, paid, null, false);
        charge.Should().BeEquivalentTo(new { Percent = 0, Fee = 0L, RetainedFileFees = FileFees, Refund = 100_000L, StillOwed = 0L });

        // 5 days before: 50 % = 2 000 € + file fees, 1 012 € paid → 1 000 € still owed.
        var late = CancellationFees.Compute(TermsPresets.Zonza, false, Arrival, Arrival.AddDays(-5), false, Total, FileFees, paid, paid, null, false);
        late.Should().BeEquivalentTo(new { Percent = 50, Fee = 200_000L, Refund = 0L, StillOwed = 200_000L + FileFees - paid });
    }

    [Fact]
    public void Exceptional_and_unavoidable_circumstances_waive_every_fee_and_refund_everything_file_fees_included()
    {
        var charge = CancellationFees.Compute(TermsPresets.Zonza, true, Arrival, Arrival.AddDays(-2), false, Total, FileFees, 101_200, 101_200, null, exceptionalCircumstances: true);
        charge.Should().BeEquivalentTo(new { Percent = 0, Fee = 0L, RetainedFileFees = 0L, Refund = 101_200L, StillOwed = 0L, Rule = "exceptional-circumstances" });
    }

    [Theory]
    [InlineData("2026-06-14", "deposit-to-credit-note")] // the day before the one-month boundary: more than one month
    [InlineData("2026-06-15", "deposit-kept")] // exactly one month: not "more than"
    [InlineData("2026-06-16", "deposit-kept")]
    [InlineData("2026-07-15", "deposit-kept")]
    public void Pays_Fertois_more_than_one_month_before_turns_the_deposit_into_a_credit_note_else_it_is_kept(string receivedOn, string rule)
    {
        var deposit = 120_000L;
        var paidOn = new DateOnly(2026, 3, 10);
        var charge = CancellationFees.Compute(TermsPresets.PaysFertois, false, Arrival, DateOnly.Parse(receivedOn, System.Globalization.CultureInfo.InvariantCulture), false,
            Total, 0, deposit, deposit, paidOn, false);
        charge.Rule.Should().Be(rule);
        if (rule == "deposit-to-credit-note")
        {
            charge.Should().BeEquivalentTo(new { Fee = 0L, CreditNote = deposit, CreditNoteExpiresOn = (DateOnly?)new DateOnly(2027, 3, 10), Refund = 0L, StillOwed = 0L });
        }
        else
        {
            charge.Should().BeEquivalentTo(new { Fee = deposit, CreditNote = 0L, CreditNoteExpiresOn = (DateOnly?)null, Refund = 0L, StillOwed = 0L });
        }
    }

    [Theory]
    [InlineData("2026-02-27", "deposit-to-credit-note")]
    [InlineData("2026-02-28", "deposit-kept")]
    [InlineData("2026-03-01", "deposit-kept")]
    public void Pays_Fertois_one_month_before_a_month_end_arrival_is_the_last_day_of_the_shorter_month(string receivedOn, string rule)
    {
        var arrival = new DateOnly(2026, 3, 31);
        var charge = CancellationFees.Compute(TermsPresets.PaysFertois, false, arrival, DateOnly.Parse(receivedOn, System.Globalization.CultureInfo.InvariantCulture), false,
            Total, 0, 120_000, 120_000, new DateOnly(2026, 1, 5), false);
        charge.Rule.Should().Be(rule);
    }

    [Fact]
    public void Pays_Fertois_no_show_keeps_the_deposit()
    {
        var charge = CancellationFees.Compute(TermsPresets.PaysFertois, false, Arrival, Arrival.AddDays(-60), noShow: true, Total, 0, 120_000, 120_000, null, false);
        charge.Should().BeEquivalentTo(new { Rule = "no-show", Fee = 120_000L, CreditNote = 0L });
    }

    [Fact]
    public void Pays_Fertois_late_cancellation_with_the_deposit_unpaid_leaves_it_owed()
    {
        var charge = CancellationFees.Compute(TermsPresets.PaysFertois, false, Arrival, Arrival.AddDays(-3), false, Total, 0, 120_000, 0, null, false);
        charge.StillOwed.Should().Be(120_000);
    }

    private static CancellationCharge Cancel(BookingTerms terms, bool withLodging, int daysBefore) =>
        CancellationFees.Compute(terms, withLodging, Arrival, Arrival.AddDays(-daysBefore), false, Total, FileFees, 101_200, 101_200, null, false);
}
