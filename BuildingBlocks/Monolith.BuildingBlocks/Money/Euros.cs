using System.Globalization;

namespace Monolith.BuildingBlocks.Money;

/// <summary>French formatting of cent amounts for documents and e-mails: 152000 → "1 520,00 €" (the thousands separator is a
/// no-break space U+00A0 so an amount never wraps).</summary>
public static class Euros
{
    public const char NoBreakSpace = '\u00A0';

    public static string Format(long cents)
    {
        var sign = cents < 0 ? "-" : "";
        var abs = Math.Abs((decimal)cents);
        var euros = decimal.Truncate(abs / 100m);
        var rest = (long)(abs % 100m);
        var grouped = euros.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', NoBreakSpace);
        return $"{sign}{grouped},{rest:D2}{NoBreakSpace}€";
    }

    /// <summary>Decimal with a comma and no currency sign, as in the FEC export: 152000 → "1520,00".</summary>
    public static string Plain(long cents)
    {
        var sign = cents < 0 ? "-" : "";
        var abs = Math.Abs((decimal)cents);
        return $"{sign}{decimal.Truncate(abs / 100m).ToString(CultureInfo.InvariantCulture)},{(long)(abs % 100m):D2}";
    }
}
