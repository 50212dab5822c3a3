using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Closures;
using Monolith.Modules.Billing.Contracts;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Billing;

public class PeriodClosuresTests
{
    private const string Office = "port-sainte-marie";
    private static readonly DateTimeOffset At = new(2026, 3, 2, 0, 30, 0, TimeSpan.Zero);

    private static ClosureTotals Sales(long ttc)
    {
        var totals = new ClosureTotalsBuilder();
        totals.Invoice(VatBreakdown.OfTtc([(ttc, VatRate.Standard)]));
        totals.Payment(PaymentMethod.Cash, ttc, 0, 0);
        return totals.Build();
    }

    private static PeriodClosed Day(DateOnly day, ClosureTotals totals, PerpetualTotals grand, long position = 10) =>
        new(Office, ClosureKind.Day, day.ToString("yyyy-MM-dd"), day, day, totals, grand, new ChainHead(position, new string('a', 64), position), "sig", At);

    [Fact]
    public void The_first_day_is_recorded_as_computed()
    {
        var day = Day(new DateOnly(2026, 3, 1), Sales(1200), PerpetualTotals.Zero.Add(Sales(1200)));

        DeciderSpec.For(PeriodClosures.Decider).When(new RecordDayClosure(new DateOnly(2026, 3, 1), [day])).Then(day);
    }

    [Fact]
    public void Closing_a_closed_day_again_is_already_done()
    {
        var day = Day(new DateOnly(2026, 3, 1), Sales(1200), PerpetualTotals.Zero.Add(Sales(1200)));

        DeciderSpec.For(PeriodClosures.Decider).Given(day).When(new RecordDayClosure(new DateOnly(2026, 3, 1), [day])).Then();
    }

    [Fact]
    public void Days_close_in_order()
    {
        var first = Day(new DateOnly(2026, 3, 1), Sales(1200), PerpetualTotals.Zero.Add(Sales(1200)));
        var third = Day(new DateOnly(2026, 3, 3), ClosureTotals.Zero, first.GrandTotal);

        DeciderSpec.For(PeriodClosures.Decider).Given(first).When(new RecordDayClosure(new DateOnly(2026, 3, 3), [third]))
            .ThenThrows<DomainRuleViolation>("closure.out-of-order");
    }

    [Fact]
    public void The_grand_total_must_continue_the_previous_one()
    {
        var first = Day(new DateOnly(2026, 3, 1), Sales(1200), PerpetualTotals.Zero.Add(Sales(1200)));
        var restarted = Day(new DateOnly(2026, 3, 2), Sales(500), PerpetualTotals.Zero.Add(Sales(500)));

        DeciderSpec.For(PeriodClosures.Decider).Given(first).When(new RecordDayClosure(new DateOnly(2026, 3, 2), [restarted]))
            .ThenThrows<DomainRuleViolation>("closure.grand-total");
    }

    [Fact]
    public void After_the_year_is_closed_no_day_can_be_closed_in_its_stream()
    {
        var last = Day(new DateOnly(2026, 12, 31), Sales(100), PerpetualTotals.Zero.Add(Sales(100)));
        var year = last with { Kind = ClosureKind.Year, Period = "2026", From = new DateOnly(2026, 1, 1) };
        var next = Day(new DateOnly(2027, 1, 1), ClosureTotals.Zero, last.GrandTotal);

        DeciderSpec.For(PeriodClosures.Decider).Given(last, year).When(new RecordDayClosure(new DateOnly(2027, 1, 1), [next]))
            .ThenThrows<DomainRuleViolation>("closure.year-closed");
    }

    [Fact]
    public void The_state_sums_the_month_and_the_year_and_restarts_the_month_on_the_first()
    {
        var march31 = Day(new DateOnly(2026, 3, 31), Sales(100), PerpetualTotals.Zero.Add(Sales(100)));
        var april1 = Day(new DateOnly(2026, 4, 1), Sales(200), march31.GrandTotal.Add(Sales(200)));

        var state = DeciderSpec.For(PeriodClosures.Decider).Given(march31, april1).State;

        state.MonthToDate.SalesTtc.Should().Be(200);
        state.YearToDate.SalesTtc.Should().Be(300);
        state.GrandTotal.NetSalesTtc.Should().Be(300);
        state.LastClosedDay.Should().Be(new DateOnly(2026, 4, 1));
    }

    [Fact]
    public void The_closure_document_is_the_same_bytes_each_time_and_carries_its_anchor()
    {
        var day = Day(new DateOnly(2026, 3, 1), Sales(1200), PerpetualTotals.Zero.Add(Sales(1200)), position: 42);

        var json = ClosureDocument.Of(day).ToJson();

        json.Should().Be(ClosureDocument.Of(day with { Signature = "other" }).ToJson(), "the signature is not part of what is signed");
        json.Should().Contain("\"format\": \"monolith.closure/v1\"").And.Contain("\"position\": 42").And.Contain("journée du 01/03/2026");
        var keys = OfficeChainKeys.Development();
        keys.VerifySignature(Office, json, keys.Sign(Office, json)).Should().BeTrue();
        keys.VerifySignature("another-office", json, keys.Sign(Office, json)).Should().BeFalse("each office signs with its own key");
    }
}
