namespace Monolith.BuildingBlocks.Money;

/// <summary>An amount TTC (tax included) split into its VAT part and HT part, in cents. Invariant: <c>Ttc = Ht + Vat</c>.</summary>
public readonly record struct TaxedAmount(long Ttc, long Vat)
{
    public long Ht => Ttc - Vat;

    public static TaxedAmount operator +(TaxedAmount a, TaxedAmount b) => new(checked(a.Ttc + b.Ttc), checked(a.Vat + b.Vat));
}

/// <summary>The VAT rounding rule, the one place it lives (documented in docs/billing.md):
/// prices are TTC; a line's TTC is quantity × unit price TTC; its VAT is <c>TTC × rate / (10000 + rate)</c> rounded half away from
/// zero to the cent, in integer arithmetic; its HT is TTC − VAT. The VAT per rate on a document is the sum of its lines' VAT,
/// so a product shown "TTC dont X € de TVA" and the invoice that contains it agree to the cent.</summary>
public static class Vat
{
    /// <summary>The VAT included in <paramref name="ttc"/> cents at <paramref name="rate"/> (0 when out of scope or 0 %).</summary>
    public static long PartOfTtc(long ttc, VatRate rate) =>
        rate.BasisPoints == 0 ? 0 : DivideRoundingHalfAwayFromZero(checked(ttc * rate.BasisPoints), 10000L + rate.BasisPoints);

    public static TaxedAmount Split(long ttc, VatRate rate) => new(ttc, PartOfTtc(ttc, rate));

    /// <summary>A line: quantity × unit price TTC first, then the VAT of that total.</summary>
    public static TaxedAmount Line(int quantity, long unitPriceTtc, VatRate rate) => Split(checked(quantity * unitPriceTtc), rate);

    /// <summary>Integer division rounding half away from zero (2.5 → 3, −2.5 → −3). <paramref name="denominator"/> must be positive.</summary>
    public static long DivideRoundingHalfAwayFromZero(long numerator, long denominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);
        var quotient = numerator / denominator;
        var remainder = numerator % denominator;
        if (remainder != 0 && Math.Abs(remainder) >= denominator - Math.Abs(remainder))
        {
            quotient += Math.Sign(numerator);
        }

        return quotient;
    }
}
