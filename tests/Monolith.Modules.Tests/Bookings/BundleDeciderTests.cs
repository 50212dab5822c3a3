using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.Bundles;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Bookings;

public class BundleDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 5, 4);
    private static readonly BookingCustomer Customer = new("cust-1", true, "Autocars Marne", "1 rue du Port", "77260", "La Ferté-sous-Jouarre", "France", "a@b.test");
    private static readonly BundleItem Visit = new("visit", "Visite guidée", 10, 1000, 700, 2000);
    private static readonly BundleItem Tasting = new("tasting", "Dégustation", 5, 800, 560, 1000);

    private static readonly BundleSold Sold = new("k1", "ABO-K1", Customer, "Saison 2026", [Visit, Tasting], BundlePayment.Deferred, 10 * 700 + 5 * 560, Day, At);

    [Theory]
    [InlineData(700, true)] // exactly 30 % off
    [InlineData(701, false)] // 29.9 % off
    public void A_bundle_is_sold_at_least_thirty_percent_off(long unitPrice, bool sold)
    {
        var spec = DeciderSpec.For(Bundle.Decider).When(new SellBundle("k1", Customer, "Saison 2026", [Visit with { UnitPriceTtc = unitPrice }], BundlePayment.Upfront, 30, Day, At));
        if (sold)
        {
            spec.State.Total.Should().Be(10 * unitPrice);
        }
        else
        {
            spec.ThenThrows<DomainRuleViolation>("bundle.discount-too-small");
        }
    }

    [Fact]
    public void Each_visit_deducts_what_was_consumed_and_gets_the_next_delivery_note()
    {
        var first = new VisitRecorded("k1", "v1", 1, "BL-K1-001", Day, [new ConsumedItem("visit", 4)], At);
        var state = DeciderSpec.For(Bundle.Decider).Given(Sold, first)
            .When(new RecordVisit("v2", Day.AddDays(7), [new ConsumedItem("visit", 6), new ConsumedItem("tasting", 2)], At)).State;
        state.Remaining.Should().BeEquivalentTo(new Dictionary<string, int> { ["visit"] = 0, ["tasting"] = 3 });
        state.Visits.Select(v => v.DeliveryNoteReference).Should().Equal("BL-K1-001", "BL-K1-002");
    }

    [Fact]
    public void A_visit_cannot_consume_more_than_remains() =>
        DeciderSpec.For(Bundle.Decider).Given(Sold, new VisitRecorded("k1", "v1", 1, "BL-K1-001", Day, [new ConsumedItem("visit", 9)], At))
            .When(new RecordVisit("v2", Day, [new ConsumedItem("visit", 2)], At)).ThenThrows<DomainRuleViolation>("bundle.exhausted");

    [Fact]
    public void A_visit_recorded_twice_is_deducted_once() =>
        DeciderSpec.For(Bundle.Decider).Given(Sold, new VisitRecorded("k1", "v1", 1, "BL-K1-001", Day, [new ConsumedItem("visit", 1)], At))
            .When(new RecordVisit("v1", Day, [new ConsumedItem("visit", 1)], At)).Then();

    [Fact]
    public void A_service_outside_the_bundle_is_refused() =>
        DeciderSpec.For(Bundle.Decider).Given(Sold).When(new RecordVisit("v1", Day, [new ConsumedItem("boat", 1)], At)).ThenThrows<DomainRuleViolation>("bundle.unknown-item");

    [Fact]
    public void Billing_settling_the_invoice_marks_the_bundle_paid_once()
    {
        var invoiced = new BundleInvoiceAttached("k1", "inv-1", "2026/00042", At);
        DeciderSpec.For(Bundle.Decider).Given(Sold, invoiced).When(new RecordBundlePaid(Day.AddDays(20), At)).Then(new BundlePaid("k1", Day.AddDays(20), At));
        DeciderSpec.For(Bundle.Decider).Given(Sold, invoiced, new BundlePaid("k1", Day.AddDays(20), At)).When(new RecordBundlePaid(Day.AddDays(21), At)).Then();
    }
}
