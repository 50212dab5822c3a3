using System.Text.Json.Serialization;

namespace Monolith.BuildingBlocks.Money;

/// <summary>A VAT rate in basis points (2000 = 20 %, 1000 = 10 %, 550 = 5.5 %, 0 = 0 %), or "out of the scope of VAT" with the reason
/// printed on the document (an association's membership fee with no counterpart, a tourism office's free promotion...).
/// Out of scope is not 0 %: it is printed "Hors champ de TVA" with its reason and grouped apart on the invoice.</summary>
public readonly record struct VatRate
{
    public const string OutOfScopeLabel = "Hors champ de TVA";

    [JsonConstructor]
    public VatRate(int basisPoints, string? outOfScopeReason = null)
    {
        if (basisPoints is < 0 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(basisPoints), basisPoints, "A VAT rate is between 0 and 10000 basis points.");
        }

        if (outOfScopeReason is not null && (basisPoints != 0 || string.IsNullOrWhiteSpace(outOfScopeReason)))
        {
            throw new ArgumentException("An out-of-scope rate has 0 basis points and a non-empty reason.", nameof(outOfScopeReason));
        }

        BasisPoints = basisPoints;
        OutOfScopeReason = outOfScopeReason?.Trim();
    }

    /// <summary>The rate in basis points (hundredths of a percent); 0 when out of scope.</summary>
    public int BasisPoints { get; }

    /// <summary>Why the line is outside the scope of VAT; null for a real rate (including 0 %).</summary>
    public string? OutOfScopeReason { get; }

    [JsonIgnore]
    public bool IsOutOfScope => OutOfScopeReason is not null;

    public static VatRate Of(int basisPoints) => new(basisPoints);

    public static VatRate OutOfScope(string reason) => new(0, reason);

    /// <summary>20 %: services, guided visits, advertising packs.</summary>
    public static VatRate Standard => new(2000);

    /// <summary>10 %: accommodation, admissions to sites, exhibitions, fairs.</summary>
    public static VatRate Intermediate => new(1000);

    /// <summary>5.5 %: live shows, sports events, cinema.</summary>
    public static VatRate Reduced => new(550);

    public static VatRate Zero => new(0);

    /// <summary>As printed: "20 %", "5,5 %", "0 %" or "Hors champ de TVA".</summary>
    [JsonIgnore]
    public string Label => IsOutOfScope ? OutOfScopeLabel : $"{Percent(BasisPoints)} %";

    /// <summary>A stable key for grouping and storage: "2000", "550", "0" or "hors-champ".</summary>
    [JsonIgnore]
    public string Key => IsOutOfScope ? "hors-champ" : BasisPoints.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => IsOutOfScope ? $"{OutOfScopeLabel} ({OutOfScopeReason})" : Label;

    private static string Percent(int basisPoints)
    {
        var whole = basisPoints / 100;
        var fraction = basisPoints % 100;
        return fraction == 0 ? $"{whole}" : fraction % 10 == 0 ? $"{whole},{fraction / 10}" : $"{whole},{fraction:D2}";
    }
}
