using FsCheck;
using FsCheck.Fluent;
using Monolith.BuildingBlocks.Money;

namespace Monolith.Modules.Tests.Billing;

public class MoneyTests
{
    private static readonly VatRate Fee = VatRate.OutOfScope("Cotisation d'association sans contrepartie");

    [Fact]
    public void Seed_basket_588_and_240_at_20_percent_is_828_of_which_138_VAT()
    {
        var breakdown = VatBreakdown.OfTtc([(58800, VatRate.Standard), (24000, VatRate.Standard)]);

        breakdown.TotalTtc.Should().Be(82800);
        breakdown.TotalVat.Should().Be(13800);
        breakdown.TotalHt.Should().Be(69000);
        breakdown.PerRate.Should().ContainSingle().Which.Should().Be(new VatRateTotal(VatRate.Standard, 69000, 13800, 82800));
    }

    [Fact]
    public void Seed_basket_with_an_out_of_scope_fee_is_566_of_which_86_VAT()
    {
        var breakdown = VatBreakdown.OfTtc([(5000, Fee), (24000, VatRate.Standard), (27600, VatRate.Standard)]);

        breakdown.TotalTtc.Should().Be(56600);
        breakdown.TotalVat.Should().Be(8600);
        breakdown.PerRate.Should().HaveCount(2);
        breakdown.PerRate[0].Should().Be(new VatRateTotal(VatRate.Standard, 43000, 8600, 51600));
        breakdown.PerRate[1].Should().Be(new VatRateTotal(Fee, 5000, 0, 5000), "out of scope is its own group, listed last");
    }

    [Theory]
    [InlineData(27600, 2000, 4600)] // Pack tourisme de loisirs: 276 € dont 46 €
    [InlineData(30000, 2000, 5000)] // Régie publicitaire: 300 € dont 50 €
    [InlineData(5000, 0, 0)]
    [InlineData(1000, 550, 52)] // 52.13 → 52
    [InlineData(1100, 1000, 100)]
    [InlineData(1, 2000, 0)] // 0.1666 → 0
    [InlineData(3, 2000, 1)] // 0.5 exactly → away from zero: 1
    [InlineData(-3, 2000, -1)] // −0.5 → −1
    [InlineData(9, 2000, 2)] // 1.5 → 2
    [InlineData(-9, 2000, -2)]
    public void A_line_VAT_is_TTC_times_rate_over_10000_plus_rate_rounded_half_away_from_zero(long ttc, int basisPoints, long expectedVat) =>
        Vat.PartOfTtc(ttc, VatRate.Of(basisPoints)).Should().Be(expectedVat);

    [Fact]
    public void Quantity_times_unit_price_comes_first_then_the_VAT_of_the_line_total()
    {
        // 7 × 0.10 € at 5.5 %: per unit 0.0052 → 0.01 (7 × 0.01 = 0.07); on the line 0.70 € it is 0.0365 → 0.04.
        Vat.Line(7, 10, VatRate.Reduced).Should().Be(new TaxedAmount(70, 4));
        Vat.Line(7, 10, VatRate.Reduced).Ht.Should().Be(66);
    }

    [Theory]
    [InlineData(2000, "20 %")]
    [InlineData(1000, "10 %")]
    [InlineData(550, "5,5 %")]
    [InlineData(210, "2,1 %")]
    [InlineData(0, "0 %")]
    public void Rates_print_in_French(int basisPoints, string label) => VatRate.Of(basisPoints).Label.Should().Be(label);

    [Fact]
    public void Out_of_scope_is_printed_as_such_not_as_zero_percent()
    {
        Fee.Label.Should().Be("Hors champ de TVA");
        Fee.Should().NotBe(VatRate.Zero);
        Fee.Key.Should().Be("hors-champ");
        var act = () => VatRate.OutOfScope(" ");
        act.Should().Throw<ArgumentException>();
        var negative = () => VatRate.Of(-1);
        negative.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_rate_round_trips_through_JSON()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new[] { VatRate.Reduced, Fee });
        var back = System.Text.Json.JsonSerializer.Deserialize<VatRate[]>(json);
        back.Should().Equal(VatRate.Reduced, Fee);
    }

    [Theory]
    [InlineData(152000, "1 520,00 €")]
    [InlineData(85000, "850,00 €")]
    [InlineData(5, "0,05 €")]
    [InlineData(-1234567, "-12 345,67 €")]
    [InlineData(0, "0,00 €")]
    public void Amounts_format_in_French(long cents, string expected) =>
        Euros.Format(cents).Replace('\u202F', ' ').Replace('\u00A0', ' ').Should().Be(expected);

    [Fact]
    public void FEC_amounts_use_a_decimal_comma_without_grouping() => Euros.Plain(169800).Should().Be("1698,00");

    private static readonly VatRate[] Rates = [VatRate.Standard, VatRate.Intermediate, VatRate.Reduced, VatRate.Of(210), VatRate.Zero, Fee];

    private static Gen<(int Quantity, long UnitTtc, VatRate Rate)> LineGen =>
        from quantity in Gen.Choose(1, 50)
        from unit in Gen.Choose(-5000, 500000)
        from rate in Gen.Elements(Rates)
        select (quantity, (long)unit, rate);

    [Fact]
    public void Property_any_basket_TTC_equals_HT_plus_VAT_overall_and_per_rate_and_per_rate_sums_are_the_sums_of_the_lines()
    {
        var property = Prop.ForAll(
            Gen.ListOf(LineGen).Select(l => l.ToList()).ToArbitrary(),
            basket =>
            {
                var lines = basket.Select(l => (Amount: Vat.Line(l.Quantity, l.UnitTtc, l.Rate), l.Rate)).ToList();
                var breakdown = VatBreakdown.Of(lines);

                var overall = breakdown.TotalTtc == breakdown.TotalHt + breakdown.TotalVat
                    && breakdown.TotalTtc == basket.Sum(l => l.Quantity * l.UnitTtc)
                    && breakdown.TotalVat == lines.Sum(l => l.Amount.Vat)
                    && breakdown.TotalTtc == breakdown.PerRate.Sum(r => r.Ttc)
                    && breakdown.TotalVat == breakdown.PerRate.Sum(r => r.Vat);
                var perRate = breakdown.PerRate.All(r =>
                    r.Ttc == r.Ht + r.Vat
                    && r.Ttc == lines.Where(l => l.Rate == r.Rate).Sum(l => l.Amount.Ttc)
                    && r.Vat == lines.Where(l => l.Rate == r.Rate).Sum(l => l.Amount.Vat)
                    && (r.Rate.BasisPoints != 0 || r.Vat == 0));
                var distinctRates = breakdown.PerRate.Select(r => r.Rate).Distinct().Count() == breakdown.PerRate.Count;

                // "TTC dont X € de TVA" shown per product is exactly what the invoice adds up: each line's VAT is within half a cent
                // of the exact value TTC × rate / (10000 + rate).
                var exactWithinHalfCent = lines.All(l =>
                    Math.Abs((decimal)l.Amount.Ttc * l.Rate.BasisPoints / (10000 + l.Rate.BasisPoints) - l.Amount.Vat) <= 0.5m);
                return overall && perRate && distinctRates && exactWithinHalfCent;
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }
}
