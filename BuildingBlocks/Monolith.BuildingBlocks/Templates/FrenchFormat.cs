using System.Globalization;
using System.Text;

namespace Monolith.BuildingBlocks.Templates;

/// <summary>French formatting used by the template helpers, also callable from code. Deterministic: does not depend on the
/// machine's ICU data. Thousands separator U+202F (narrow no-break space, as fr-FR), U+00A0 before the unit.</summary>
public static class FrenchFormat
{
    public const char ThousandsSeparator = '\u202F';
    public const char UnitSeparator = '\u00A0';
    public const string DefaultDateFormat = "dd/MM/yyyy";
    public const string DefaultDateTimeFormat = "dd-MM-yyyy 'à' HH:mm";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Integer cents → <c>1 698,00 €</c>; negative amounts as <c>-12,50 €</c>.</summary>
    public static string Money(long cents, string currencySymbol = "€")
    {
        var negative = cents < 0;
        var abs = negative ? -(decimal)cents : cents;
        var units = decimal.Truncate(abs / 100m);
        var rest = (int)(abs - (units * 100m));
        var text = new StringBuilder();
        if (negative)
        {
            text.Append('-');
        }

        text.Append(Group(units.ToString(Invariant)))
            .Append(',')
            .Append(rest.ToString("00", Invariant))
            .Append(UnitSeparator)
            .Append(currencySymbol);
        return text.ToString();
    }

    /// <summary>A fraction → percentage: 0.2 → <c>20 %</c>, 0.055 → <c>5,5 %</c> (at most <paramref name="maxDecimals"/> decimals,
    /// trailing zeros dropped).</summary>
    public static string Percent(decimal fraction, int maxDecimals = 2)
    {
        var value = Math.Round(fraction * 100m, maxDecimals, MidpointRounding.AwayFromZero);
        var negative = value < 0;
        var abs = Math.Abs(value);
        var integral = decimal.Truncate(abs);
        var decimals = (abs - integral).ToString("0.############", Invariant).TrimStart('0').TrimStart('.');
        var text = (negative ? "-" : string.Empty) + Group(integral.ToString(Invariant)) + (decimals.Length > 0 ? "," + decimals : string.Empty);
        return text + UnitSeparator + "%";
    }

    /// <summary><c>19/12/2016</c>. A <see cref="DateTimeOffset"/> is first converted to <paramref name="timeZone"/> (the office's).</summary>
    public static string Date(DateOnly date, string format = DefaultDateFormat) => date.ToString(format, Invariant);

    public static string Date(DateTimeOffset instant, TimeZoneInfo timeZone, string format = DefaultDateFormat) =>
        TimeZoneInfo.ConvertTime(instant, timeZone).ToString(format, Invariant);

    /// <summary><c>19-12-2016 à 11:55</c> by default, in <paramref name="timeZone"/>.</summary>
    public static string DateTime(DateTimeOffset instant, TimeZoneInfo timeZone, string format = DefaultDateTimeFormat) =>
        TimeZoneInfo.ConvertTime(instant, timeZone).ToString(format, Invariant);

    private static string Group(string digits)
    {
        if (digits.Length <= 3)
        {
            return digits;
        }

        var text = new StringBuilder(digits.Length + (digits.Length / 3));
        var first = digits.Length % 3;
        if (first > 0)
        {
            text.Append(digits, 0, first);
        }

        for (var i = first; i < digits.Length; i += 3)
        {
            if (text.Length > 0)
            {
                text.Append(ThousandsSeparator);
            }

            text.Append(digits, i, 3);
        }

        return text.ToString();
    }
}
