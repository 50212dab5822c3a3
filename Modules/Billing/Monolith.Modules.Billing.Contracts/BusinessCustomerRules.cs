using System.Text.RegularExpressions;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Validation;

namespace Monolith.Modules.Billing.Contracts;

/// <summary>What a business customer's invoice requires (CGI annex II art. 242 nonies A), checked BEFORE numbering: a numbered
/// document is for ever, so a refused customer consumes no number.
/// <list type="bullet">
/// <item>name, street, postal code and city; the postal code in its country's format (France: 5 digits);</item>
/// <item>SIREN (9 digits) or SIRET (14 digits) when given, with its Luhn check digit;</item>
/// <item>the VAT number when given: French = <c>FR</c> + key computed from the SIREN + SIREN (and the SIREN given, if any, must be
/// that one); another EU country = that country's format;</item>
/// <item>a business in another EU country: its VAT number is required (intra-community supply, reverse charge).</item>
/// </list>
/// A consumer's identifiers are not checked here (they have none). Public so that a selling module validates a business customer up
/// front (e.g. Subscriptions' sign-up answers 400 before anything is written) with the very rules billing applies when numbering.</summary>
public static partial class BusinessCustomerRules
{
    public const string Code = "billing.business-customer-invalid";

    /// <summary>Refuses (422, in French, every problem listed) a business customer that cannot appear on an invoice.</summary>
    public static void Require(BillingCustomer customer)
    {
        if (customer.Kind != CustomerKind.Business)
        {
            return;
        }

        var problems = Problems(customer);
        if (problems.Count > 0)
        {
            throw new DomainRuleViolation(
                Code,
                $"Le client professionnel « {customer.Name} » ne peut pas être facturé : {string.Join(" ; ", problems)}. " +
                "Une facture à un professionnel exige sa raison sociale, son adresse complète (rue, code postal, ville, pays), " +
                "son SIREN ou SIRET s'il en a un et son numéro de TVA intracommunautaire (obligatoire pour un client d'un autre pays de l'Union).");
        }
    }

    public static IReadOnlyList<string> Problems(BillingCustomer customer)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(customer.Name))
        {
            problems.Add("la raison sociale est obligatoire");
        }

        var address = customer.Address;
        if (address is null)
        {
            problems.Add("l'adresse est obligatoire");
            return problems;
        }

        var country = CountryCode(address.Country);
        if (string.IsNullOrWhiteSpace(address.Street))
        {
            problems.Add("la rue est obligatoire");
        }

        if (string.IsNullOrWhiteSpace(address.City))
        {
            problems.Add("la ville est obligatoire");
        }

        if (string.IsNullOrWhiteSpace(address.PostalCode))
        {
            problems.Add("le code postal est obligatoire");
        }
        else if (!IsValidPostalCode(address.PostalCode, country))
        {
            problems.Add(country == "FR"
                ? $"le code postal « {address.PostalCode} » n'est pas valide (5 chiffres en France)"
                : $"le code postal « {address.PostalCode} » n'est pas valide pour le pays « {address.Country} »");
        }

        var siren = Identifiers.Compact(customer.Siren);
        if (!string.IsNullOrEmpty(siren) && !Identifiers.IsValidSiren(siren) && !Identifiers.IsValidSiret(siren))
        {
            problems.Add($"le SIREN/SIRET « {customer.Siren} » n'est pas valide (9 ou 14 chiffres, clé de contrôle incorrecte)");
            siren = null;
        }

        var vat = Identifiers.Compact(customer.VatNumber)?.ToUpperInvariant();
        if (!string.IsNullOrEmpty(vat))
        {
            if (vat.StartsWith("FR", StringComparison.Ordinal))
            {
                if (!Identifiers.IsValidFrenchVatNumber(vat))
                {
                    problems.Add($"le numéro de TVA « {customer.VatNumber} » n'est pas valide (FR + clé calculée à partir du SIREN + SIREN)");
                }
                else if (!string.IsNullOrEmpty(siren) && siren.Length >= 9 && vat[4..] != siren[..9])
                {
                    problems.Add($"le numéro de TVA « {customer.VatNumber} » ne correspond pas au SIREN {siren[..9]}");
                }
            }
            else if (!IsValidForeignVatNumber(vat))
            {
                problems.Add($"le numéro de TVA « {customer.VatNumber} » n'a pas le format d'un numéro de TVA intracommunautaire");
            }
        }
        else if (country is not null && country != "FR" && EuVatFormats.ContainsKey(VatPrefix(country)))
        {
            problems.Add("le numéro de TVA intracommunautaire est obligatoire pour un client professionnel d'un autre pays de l'Union européenne");
        }

        return problems;
    }

    /// <summary>ISO 3166 alpha-2 code of a country written as a code or as its French or English name; null when unknown. Empty = France
    /// (billing's default country).</summary>
    public static string? CountryCode(string? country)
    {
        if (string.IsNullOrWhiteSpace(country))
        {
            return "FR";
        }

        var c = country.Trim();
        if (c.Length == 2 && c.All(char.IsAsciiLetter))
        {
            return c.ToUpperInvariant() is "UK" ? "GB" : c.ToUpperInvariant();
        }

        return CountryNames.GetValueOrDefault(c);
    }

    public static bool IsValidPostalCode(string postalCode, string? country)
    {
        var p = postalCode.Trim();
        return country is not null && PostalCodes.TryGetValue(country, out var format)
            ? format.IsMatch(p)
            : GenericPostalCode().IsMatch(p);
    }

    private static bool IsValidForeignVatNumber(string vat)
    {
        if (vat.Length < 4)
        {
            return false;
        }

        return EuVatFormats.TryGetValue(vat[..2], out var format)
            ? format.IsMatch(vat[2..])
            : GenericVat().IsMatch(vat); // outside the EU (e.g. CHE…, GB…): a country prefix and an alphanumeric number
    }

    private static string VatPrefix(string country) => country == "GR" ? "EL" : country;

    private static readonly Dictionary<string, Regex> EuVatFormats = new(StringComparer.Ordinal)
    {
        ["AT"] = new(@"^U\d{8}$"),
        ["BE"] = new(@"^[01]\d{9}$"),
        ["BG"] = new(@"^\d{9,10}$"),
        ["CY"] = new(@"^\d{8}[A-Z]$"),
        ["CZ"] = new(@"^\d{8,10}$"),
        ["DE"] = new(@"^\d{9}$"),
        ["DK"] = new(@"^\d{8}$"),
        ["EE"] = new(@"^\d{9}$"),
        ["EL"] = new(@"^\d{9}$"),
        ["ES"] = new(@"^[A-Z0-9]\d{7}[A-Z0-9]$"),
        ["FI"] = new(@"^\d{8}$"),
        ["HR"] = new(@"^\d{11}$"),
        ["HU"] = new(@"^\d{8}$"),
        ["IE"] = new(@"^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$"),
        ["IT"] = new(@"^\d{11}$"),
        ["LT"] = new(@"^(\d{9}|\d{12})$"),
        ["LU"] = new(@"^\d{8}$"),
        ["LV"] = new(@"^\d{11}$"),
        ["MT"] = new(@"^\d{8}$"),
        ["NL"] = new(@"^\d{9}B\d{2}$"),
        ["PL"] = new(@"^\d{10}$"),
        ["PT"] = new(@"^\d{9}$"),
        ["RO"] = new(@"^\d{2,10}$"),
        ["SE"] = new(@"^\d{10}01$"),
        ["SI"] = new(@"^\d{8}$"),
        ["SK"] = new(@"^\d{10}$"),
        ["XI"] = new(@"^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$"),
    };

    private static readonly Dictionary<string, Regex> PostalCodes = new(StringComparer.Ordinal)
    {
        ["FR"] = new(@"^\d{5}$"),
        ["MC"] = new(@"^980\d{2}$"),
        ["DE"] = new(@"^\d{5}$"),
        ["ES"] = new(@"^\d{5}$"),
        ["IT"] = new(@"^\d{5}$"),
        ["BE"] = new(@"^\d{4}$"),
        ["CH"] = new(@"^\d{4}$"),
        ["AT"] = new(@"^\d{4}$"),
        ["DK"] = new(@"^\d{4}$"),
        ["LU"] = new(@"^(L-)?\d{4}$"),
        ["NL"] = new(@"^\d{4} ?[A-Z]{2}$"),
        ["PT"] = new(@"^\d{4}-\d{3}$"),
        ["PL"] = new(@"^\d{2}-\d{3}$"),
        ["SE"] = new(@"^\d{3} ?\d{2}$"),
        ["GB"] = new(@"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$", RegexOptions.IgnoreCase),
        ["IE"] = new(@"^[A-Z]\d[\dW] ?[0-9A-Z]{4}$", RegexOptions.IgnoreCase),
    };

    private static readonly Dictionary<string, string> CountryNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["France"] = "FR",
        ["Monaco"] = "MC",
        ["Allemagne"] = "DE",
        ["Germany"] = "DE",
        ["Espagne"] = "ES",
        ["Spain"] = "ES",
        ["Italie"] = "IT",
        ["Italy"] = "IT",
        ["Belgique"] = "BE",
        ["Belgium"] = "BE",
        ["Suisse"] = "CH",
        ["Switzerland"] = "CH",
        ["Autriche"] = "AT",
        ["Austria"] = "AT",
        ["Danemark"] = "DK",
        ["Denmark"] = "DK",
        ["Luxembourg"] = "LU",
        ["Pays-Bas"] = "NL",
        ["Netherlands"] = "NL",
        ["Portugal"] = "PT",
        ["Pologne"] = "PL",
        ["Poland"] = "PL",
        ["Suède"] = "SE",
        ["Sweden"] = "SE",
        ["Royaume-Uni"] = "GB",
        ["United Kingdom"] = "GB",
        ["Irlande"] = "IE",
        ["Ireland"] = "IE",
        ["Grèce"] = "GR",
        ["Greece"] = "GR",
        ["Finlande"] = "FI",
        ["Finland"] = "FI",
        ["Tchéquie"] = "CZ",
        ["Czechia"] = "CZ",
    };

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 \-]{1,11}$")]
    private static partial Regex GenericPostalCode();

    [GeneratedRegex(@"^[A-Z]{2,3}[A-Z0-9]{2,13}$")]
    private static partial Regex GenericVat();
}
