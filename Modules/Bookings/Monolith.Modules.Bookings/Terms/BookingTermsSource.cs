using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.Terms;

/// <summary>Reads the office's terms of sale (Offices' versions) as <see cref="BookingTerms"/>.</summary>
internal sealed class BookingTermsSource(IOfficeDirectory offices)
{
    public async Task<BookingTerms> InForceAsync(string officeId, DateOnly on, CancellationToken ct)
    {
        var version = await offices.GetTermsInForceAsync(officeId, on, ct) ?? throw new DomainRuleViolation(
            "bookings.no-terms",
            $"Aucune condition de vente n'est en vigueur le {on:dd/MM/yyyy} : publiez-en une version (par exemple un des modèles Pays Fertois ou Zonza).");
        return BookingTermsSettings.Parse(version.Version, version.Settings);
    }
}
