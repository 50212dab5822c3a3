using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Marina.Holders;
using Monolith.Modules.Marina.Ports;

namespace Monolith.Modules.Marina.BerthContracts.Drafting;

/// <summary>Prices a contract from the season's price list: the berth at its size category's price, then each option chosen. Checks the
/// boat fits the berth.</summary>
internal static class ContractPricing
{
    public static (Season Season, ContractTerms Terms) Price(PortState port, HolderState holder, int season, string berthId, string boatId,
        IReadOnlyList<string> options, int? termsVersion)
    {
        var prices = port.PriceLists.GetValueOrDefault(season)
            ?? throw new DomainRuleViolation("contract.no-price-list", $"Aucun tarif n'est défini pour la saison {season} : saisissez d'abord le tarif.");
        var berth = port.Berths.GetValueOrDefault(berthId) ?? throw new NotFoundException($"La place {berthId} n'existe pas dans ce port.");
        var boat = holder.Boats.FirstOrDefault(b => b.BoatId == boatId) ?? throw new NotFoundException($"Le bateau {boatId} n'appartient pas à ce plaisancier.");
        if (boat.LengthCm > berth.MaxLengthCm || boat.BeamCm > berth.MaxBeamCm)
        {
            throw new DomainRuleViolation("contract.boat-too-large",
                $"Le bateau {boat.Name} ({boat.LengthCm / 100.0:0.00} × {boat.BeamCm / 100.0:0.00} m) ne tient pas sur la place {berth.Pontoon}-{berth.Number} " +
                $"({berth.MaxLengthCm / 100.0:0.00} × {berth.MaxBeamCm / 100.0:0.00} m).");
        }

        var category = prices.Categories.FirstOrDefault(c => c.Category == berth.Category)
            ?? throw new DomainRuleViolation("contract.category-not-priced", $"La catégorie {berth.Category} n'a pas de prix pour la saison {season}.");
        List<ContractLine> lines = [new("berth", $"Place {berth.Pontoon}-{berth.Number} (catégorie {berth.Category}), saison {season}", 1, category.AnnualPriceTtc, prices.VatBasisPoints)];
        foreach (var code in options.Distinct(StringComparer.Ordinal))
        {
            var option = prices.Options.FirstOrDefault(o => o.Code == code)
                ?? throw new DomainRuleViolation("contract.option-unknown", $"L'option « {code} » n'existe pas au tarif {season}.");
            lines.Add(new ContractLine(option.Code, option.Label, 1, option.AnnualPriceTtc, prices.VatBasisPoints));
        }

        return (new Season(season, prices.SeasonStart, prices.SeasonEnd), new ContractTerms(berthId, boatId, lines, termsVersion));
    }
}
