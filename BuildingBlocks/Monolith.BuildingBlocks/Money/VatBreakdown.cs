namespace Monolith.BuildingBlocks.Money;

/// <summary>One line of a VAT breakdown: everything at one rate.</summary>
public sealed record VatRateTotal(VatRate Rate, long Ht, long Vat, long Ttc);

/// <summary>The totals of a document (invoice, credit note, basket): per rate and overall, each the sum of its lines' values.</summary>
public sealed record VatBreakdown(IReadOnlyList<VatRateTotal> PerRate, long TotalHt, long TotalVat, long TotalTtc)
{
    public static readonly VatBreakdown Empty = new([], 0, 0, 0);

    /// <summary>Sums lines already split (their VAT computed by <see cref="Vat.Split"/>). Rates are listed highest first, out of scope last.</summary>
    public static VatBreakdown Of(IEnumerable<(TaxedAmount Amount, VatRate Rate)> lines)
    {
        var perRate = lines
            .GroupBy(l => l.Rate)
            .Select(g =>
            {
                var sum = g.Aggregate(default(TaxedAmount), (acc, l) => acc + l.Amount);
                return new VatRateTotal(g.Key, sum.Ht, sum.Vat, sum.Ttc);
            })
            .OrderBy(t => t.Rate.IsOutOfScope)
            .ThenByDescending(t => t.Rate.BasisPoints)
            .ThenBy(t => t.Rate.OutOfScopeReason, StringComparer.Ordinal)
            .ToList();
        return new VatBreakdown(perRate, perRate.Sum(t => t.Ht), perRate.Sum(t => t.Vat), perRate.Sum(t => t.Ttc));
    }

    /// <summary>Splits each TTC amount at its rate, then sums.</summary>
    public static VatBreakdown OfTtc(IEnumerable<(long Ttc, VatRate Rate)> lines) =>
        Of(lines.Select(l => (Vat.Split(l.Ttc, l.Rate), l.Rate)));
}
