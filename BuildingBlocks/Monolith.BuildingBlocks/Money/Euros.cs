using System.Globalization;

namespace Monolith.BuildingBlocks.Money;

/// <summary>Cent amounts as text: <see cref="Format"/> for documents and e-mails (the templates' <c>money</c> helper, same output),
/// <see cref="Plain"/> for the FEC export.</summary>
public static class Euros
{
    /// <summary>152000 → "1 520,00 €" (narrow no-break space between thousands, no-break space before €).</summary>
    public static string Format(long cents) => Templates.FrenchFormat.Money(cents);

    /// <summary>Decimal with a comma and no currency sign, as in the FEC export: 152000 → "1520,00".</summary>
    public static string Plain(long cents)
    {
        var sign = cents < 0 ? "-" : "";
        var abs = Math.Abs((decimal)cents);
        return $"{sign}{decimal.Truncate(abs / 100m).ToString(CultureInfo.InvariantCulture)},{(long)(abs % 100m):D2}";
    }
}
