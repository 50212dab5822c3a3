namespace Monolith.Modules.Bookings.Terms.Rules;

/// <summary>The commune's tourist tax (taxe de séjour) for an accommodation: a tariff per person and night for a classified category,
/// or for unclassified lodging a percentage (basis points) of the nightly price per person, capped; plus the departmental surcharge
/// (10 %) where the department levies it. Hotels collect it on site: no line.</summary>
internal sealed record TouristTaxRate(
    long? TariffPerPersonNight,
    int? UnclassifiedBasisPoints,
    long? UnclassifiedCapPerPersonNight,
    int DepartmentalSurchargePercent,
    bool PaidOnSite = false);

internal sealed record TouristTaxLine(long PerPersonNight, int TaxedPersons, int Nights, long Amount);

internal static class TouristTax
{
    /// <summary>Per person per night, minors exempt: adults × nights × rate. The rate per person-night is rounded to the cent once
    /// (tariff or percentage of the nightly price per occupant — minors included in the split — capped), then the surcharge is added
    /// on it and rounded again.</summary>
    public static TouristTaxLine? Compute(TouristTaxRate rate, long nightlyPrice, int adults, int minors, int nights)
    {
        if (rate.PaidOnSite || nights <= 0 || adults <= 0)
        {
            return rate.PaidOnSite ? null : new TouristTaxLine(0, Math.Max(0, adults), Math.Max(0, nights), 0);
        }

        long basis;
        if (rate.TariffPerPersonNight is { } tariff)
        {
            basis = tariff;
        }
        else
        {
            var occupants = adults + Math.Max(0, minors);
            var perPerson = Monolith.BuildingBlocks.Money.Vat.DivideRoundingHalfAwayFromZero(nightlyPrice, occupants);
            basis = Percent.BasisPointsOf(perPerson, rate.UnclassifiedBasisPoints ?? 0);
            if (rate.UnclassifiedCapPerPersonNight is { } cap)
            {
                basis = Math.Min(basis, cap);
            }
        }

        var perPersonNight = basis + Percent.Of(basis, rate.DepartmentalSurchargePercent);
        return new TouristTaxLine(perPersonNight, adults, nights, checked(perPersonNight * adults * nights));
    }
}
