using System.Numerics;
using System.Text.RegularExpressions;

namespace Monolith.BuildingBlocks.Validation;

/// <summary>Checks for the French and EU identifiers that appear on invoices, mandates and contracts (SPEC §7).</summary>
public static partial class Identifiers
{
    /// <summary>SIREN: 9 digits with a Luhn check digit.</summary>
    public static bool IsValidSiren(string? value) => value is { Length: 9 } && value.All(char.IsAsciiDigit) && Luhn(value);

    /// <summary>SIRET: 14 digits (SIREN + NIC) with a Luhn check digit (La Poste's 356 000 000 SIRETs use a digit-sum rule).</summary>
    public static bool IsValidSiret(string? value)
    {
        if (value is not { Length: 14 } || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        if (value.StartsWith("356000000", StringComparison.Ordinal))
        {
            return value.Sum(c => c - '0') % 5 == 0;
        }

        return Luhn(value);
    }

    /// <summary>French intra-community VAT number: FR + 2-digit key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97.</summary>
    public static bool IsValidFrenchVatNumber(string? value)
    {
        var v = Compact(value);
        if (v is not { Length: 13 } || !v.StartsWith("FR", StringComparison.Ordinal))
        {
            return false;
        }

        var siren = v[4..];
        if (!IsValidSiren(siren) || !v[2..4].All(char.IsAsciiDigit))
        {
            return false;
        }

        var key = (12 + (3 * (long.Parse(siren, System.Globalization.CultureInfo.InvariantCulture) % 97))) % 97;
        return int.Parse(v[2..4], System.Globalization.CultureInfo.InvariantCulture) == key;
    }

    /// <summary>IBAN (ISO 13616): 2 letters, 2 check digits, up to 30 alphanumerics (27 characters in all for France);
    /// first 4 characters moved to the end, letters → 10..35, the number mod 97 must be 1.</summary>
    public static bool IsValidIban(string? value)
    {
        var v = Compact(value);
        if (v is null || v.Length < 15 || v.Length > 34 || !IbanShape().IsMatch(v))
        {
            return false;
        }

        // The country's IBAN length (SWIFT IBAN registry): a wrong length is refused whatever its check digits. An unlisted
        // country is checked by shape and mod 97 only.
        if (IbanLengths.TryGetValue(v[..2], out var length) && v.Length != length)
        {
            return false;
        }

        return Mod97(v[4..] + v[..4]) == 1;
    }

    /// <summary>IBAN length per country (ISO 13616, SWIFT IBAN registry); French overseas territories use France's format (27).</summary>
    public static readonly IReadOnlyDictionary<string, int> IbanLengths = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AD"] = 24,
        ["AE"] = 23,
        ["AL"] = 28,
        ["AT"] = 20,
        ["AZ"] = 28,
        ["BA"] = 20,
        ["BE"] = 16,
        ["BG"] = 22,
        ["BH"] = 22,
        ["BR"] = 29,
        ["BY"] = 28,
        ["CH"] = 21,
        ["CR"] = 22,
        ["CY"] = 28,
        ["CZ"] = 24,
        ["DE"] = 22,
        ["DK"] = 18,
        ["DO"] = 28,
        ["EE"] = 20,
        ["EG"] = 29,
        ["ES"] = 24,
        ["FI"] = 18,
        ["FO"] = 18,
        ["FR"] = 27,
        ["GB"] = 22,
        ["GE"] = 22,
        ["GI"] = 23,
        ["GL"] = 18,
        ["GR"] = 27,
        ["GT"] = 28,
        ["HR"] = 21,
        ["HU"] = 28,
        ["IE"] = 22,
        ["IL"] = 23,
        ["IQ"] = 23,
        ["IS"] = 26,
        ["IT"] = 27,
        ["JO"] = 30,
        ["KW"] = 30,
        ["KZ"] = 20,
        ["LB"] = 28,
        ["LC"] = 32,
        ["LI"] = 21,
        ["LT"] = 20,
        ["LU"] = 20,
        ["LV"] = 21,
        ["MC"] = 27,
        ["MD"] = 24,
        ["ME"] = 22,
        ["MK"] = 19,
        ["MR"] = 27,
        ["MT"] = 31,
        ["MU"] = 30,
        ["NL"] = 18,
        ["NO"] = 15,
        ["PK"] = 24,
        ["PL"] = 28,
        ["PS"] = 29,
        ["PT"] = 25,
        ["QA"] = 29,
        ["RO"] = 24,
        ["RS"] = 22,
        ["SA"] = 24,
        ["SC"] = 31,
        ["SE"] = 24,
        ["SI"] = 19,
        ["SK"] = 24,
        ["SM"] = 27,
        ["ST"] = 25,
        ["SV"] = 28,
        ["TL"] = 23,
        ["TN"] = 24,
        ["TR"] = 26,
        ["UA"] = 29,
        ["VA"] = 22,
        ["VG"] = 24,
        ["XK"] = 20,
        ["GF"] = 27,
        ["GP"] = 27,
        ["MQ"] = 27,
        ["RE"] = 27,
        ["PF"] = 27,
        ["TF"] = 27,
        ["YT"] = 27,
        ["NC"] = 27,
        ["PM"] = 27,
        ["WF"] = 27,
        ["BL"] = 27,
        ["MF"] = 27,
    };

    /// <summary>SEPA mandate reference (RUM, "Unique Mandate Reference"): 1 to 35 characters from the SEPA set
    /// <c>A–Z a–z 0–9 / - ? : ( ) . , ' +</c> and space; it may not start or end with a space, nor start with "//" or hold "//"
    /// (EPC implementation guidelines).</summary>
    public static bool IsValidMandateReference(string? value) =>
        value is { Length: >= 1 and <= 35 } && MandateReferenceShape().IsMatch(value) && value.Trim() == value
        && !value.Contains("//", StringComparison.Ordinal) && !value.StartsWith('/');

    /// <summary>BIC (ISO 9362): 8 or 11 characters.</summary>
    public static bool IsValidBic(string? value) => Compact(value) is { } v && BicShape().IsMatch(v);

    /// <summary>SEPA creditor identifier (ICS): in France 13 characters — FR, 2 check digits, a 3-character business code, a 6-character
    /// national id; check digits are ISO 7064 mod 97-10 over the national id + country code + "00", the business code excluded.</summary>
    public static bool IsValidSepaCreditorId(string? value)
    {
        var v = Compact(value);
        if (v is not { Length: >= 8 } || !IcsShape().IsMatch(v))
        {
            return false;
        }

        if (v.StartsWith("FR", StringComparison.Ordinal) && v.Length != 13)
        {
            return false;
        }

        var nationalId = v[7..];
        return Mod97(nationalId + v[..2] + v[2..4]) == 1;
    }

    /// <summary>Upper case, spaces removed (IBANs and VAT numbers are often written in groups).</summary>
    public static string? Compact(string? value) => value?.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static int Mod97(string alphanumeric)
    {
        var digits = new System.Text.StringBuilder(alphanumeric.Length * 2);
        foreach (var c in alphanumeric)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                digits.Append((c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                return -1;
            }
        }

        return (int)(BigInteger.Parse(digits.ToString(), System.Globalization.CultureInfo.InvariantCulture) % 97);
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")]
    private static partial Regex IbanShape();

    [GeneratedRegex("^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")]
    private static partial Regex BicShape();

    [GeneratedRegex("^[A-Za-z0-9/?:().,'+ -]{1,35}$")]
    private static partial Regex MandateReferenceShape();

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$")]
    private static partial Regex IcsShape();
}
