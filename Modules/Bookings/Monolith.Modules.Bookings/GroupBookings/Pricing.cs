using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;

namespace Monolith.Modules.Bookings.GroupBookings;

/// <summary>The booking customer as printed on the documents and billed by billing (<paramref name="CustomerId"/> keys the account).</summary>
internal sealed record BookingCustomer(
    string CustomerId,
    bool Business,
    string Name,
    string Street,
    string PostalCode,
    string City,
    string Country,
    string Email,
    string? VatNumber = null,
    string? Siren = null);

/// <summary>Who comes: adults and children; a school group gets a free accompanying adult per 8 children, other groups one place per
/// 20 paying.</summary>
internal sealed record Party(int Adults, int Children, bool School)
{
    public int People => Adults + Children;
}

/// <summary>A service on the quote: per person (× the paying people) or a fixed quantity; its provider (null = the office's own
/// service) and whether the money is collected for the provider (third-party funds).</summary>
internal sealed record ServiceLine(
    string Label,
    DateOnly Date,
    string? Duration,
    long UnitPriceTtc,
    int VatRateBasisPoints,
    bool PerPerson,
    int Quantity,
    bool ExcludedFromFreePlaces,
    bool Night,
    string? ServiceId,
    string? ProviderId,
    string? ProviderName,
    bool ThirdPartyFunds,
    string? ProviderSiren = null);

/// <summary>A priced line as billed: label, quantity, unit price TTC, VAT rate.</summary>
internal sealed record PricedLine(string Label, DateOnly? Date, int Quantity, long UnitPriceTtc, int VatRateBasisPoints, string? ProviderName, bool ThirdPartyFunds,
    bool FileFee = false, string? ProviderId = null, string? ProviderSiren = null, bool TouristTax = false)
{
    public long Total => checked(Quantity * UnitPriceTtc);
}

internal sealed record PriceBreakdown(IReadOnlyList<PricedLine> Lines, int FreePlaces, long ServicesTotal, long FileFees, int Nights)
{
    public long Total => ServicesTotal + FileFees;
}

internal static class Pricing
{
    /// <summary>Per-person lines are charged for the paying people (everyone when the service is excluded from free places);
    /// a subscriber discount is one negative line per VAT rate; the file fees follow the number of services and nights.</summary>
    public static PriceBreakdown Price(BookingTerms terms, IReadOnlyList<ServiceLine> services, Party party, int discountPercent, string? discountLabel,
        IReadOnlyList<PricedLine>? adjustments = null)
    {
        var free = FreePlaces.For(terms, party.School, party.Adults, party.Children);
        var lines = new List<PricedLine>();
        foreach (var s in services)
        {
            var quantity = s.PerPerson ? (s.ExcludedFromFreePlaces ? party.People : party.People - free) : s.Quantity;
            var label = s.Duration is null ? s.Label : $"{s.Label} ({s.Duration})";
            lines.Add(new PricedLine(label, s.Date, quantity, s.UnitPriceTtc, s.VatRateBasisPoints, s.ProviderName, s.ThirdPartyFunds,
                ProviderId: s.ProviderId, ProviderSiren: s.ProviderSiren));
        }

        if (discountPercent > 0)
        {
            foreach (var g in lines.GroupBy(l => l.VatRateBasisPoints).OrderByDescending(g => g.Key).ToList())
            {
                var amount = Percent.Of(g.Sum(l => l.Total), discountPercent);
                if (amount > 0)
                {
                    lines.Add(new PricedLine($"{discountLabel ?? "Remise"} ({discountPercent} %)", null, 1, -amount, g.Key, null, false));
                }
            }
        }

        if (adjustments is not null)
        {
            lines.AddRange(adjustments);
        }

        var nights = services.Count(s => s.Night);
        var fileFees = FileFees.For(terms, services.Count, nights);
        return new PriceBreakdown(lines, free, lines.Sum(l => l.Total), fileFees, nights);
    }

    /// <summary>The deposit asked: the percentage of each VAT rate's total (so the deposit invoice carries the right VAT), plus the
    /// file fees.</summary>
    public static IReadOnlyList<PricedLine> DepositLines(PriceBreakdown price, int percent, string title)
    {
        var lines = new List<PricedLine>();
        // Per VAT rate for the office's own services, and apart per partner provider for services sold as third-party funds, so that
        // the deposit of a partner's service is the partner's money too and its deduction on the final invoice nets against it.
        var groups = price.Lines
            .GroupBy(l => (Rate: l.VatRateBasisPoints, Provider: l.ThirdPartyFunds && l.ProviderName is not null ? Billing.BookingBilling.ProviderKey(l.ProviderId, l.ProviderName) : null))
            .OrderByDescending(g => g.Key.Rate).ThenBy(g => g.Key.Provider, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var amount = Percent.Of(group.Sum(l => l.Total), percent);
            if (amount == 0)
            {
                continue;
            }

            var rate = group.Key.Rate;
            var partner = group.Key.Provider is null ? null : group.First();
            lines.Add(partner is null
                ? new PricedLine($"Acompte {percent} % — {title} (TVA {rate / 100m:0.##} %)", null, 1, amount, rate, null, false)
                : new PricedLine($"Acompte {percent} % — {title}", null, 1, amount, rate, partner.ProviderName, true,
                    ProviderId: group.Key.Provider, ProviderSiren: partner.ProviderSiren));
        }

        if (price.FileFees > 0)
        {
            lines.Add(new PricedLine("Frais de dossier (non remboursables)", null, 1, price.FileFees, 2000, null, false, FileFee: true));
        }

        return lines;
    }
}
