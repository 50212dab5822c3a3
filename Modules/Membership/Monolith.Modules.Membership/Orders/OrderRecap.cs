using Monolith.Modules.Membership.Campaigns;

namespace Monolith.Modules.Membership.Orders;

/// <summary>One product of the recap: its price TTC and VAT part; <paramref name="Missing"/> marks a mandatory product not ticked (shown
/// in red on the portal) — it is not counted in the totals.</summary>
internal sealed record RecapLine(string ProductId, string Name, long PriceTtc, long Vat, bool Mandatory, bool Missing);

internal sealed record OfferRecap(string OfferId, string OfferName, bool Principal, IReadOnlyList<RecapLine> Lines, int ProductCount, long TotalTtc, long TotalVat);

/// <summary>The live recap returned on every change of the order: per offer, product count, total TTC and its VAT part; then the
/// whole order. VAT is the sum of the lines' VAT (each rounded once, half away from zero), like the invoice.</summary>
internal sealed record OrderRecap(IReadOnlyList<OfferRecap> Offers, int ProductCount, long TotalTtc, long TotalVat, IReadOnlyList<string> Problems)
{
    public static OrderRecap Of(OrderState state, OrderCatalogue catalogue, int? termsVersionInForce)
    {
        // A submitted or validated order shows its frozen lines (prices as validated); a draft, the catalogue's current prices.
        var lines = state.Status is OrderStatus.Draft ? Order.Lines(state, catalogue) : state.Lines;
        var offers = new List<OfferRecap>();
        foreach (var offer in catalogue.Offers)
        {
            var recapLines = lines.Where(l => l.OfferId == offer.OfferId)
                .Select(l => new RecapLine(l.ProductId, l.ProductName, l.PriceTtc, l.Vat, IsMandatory(catalogue, offer.Principal, l.ProductId), false))
                .ToList();
            if (offer.Principal && state.Status is OrderStatus.Draft)
            {
                recapLines.AddRange(catalogue.Products
                    .Where(p => p.MandatoryForPrincipal && recapLines.All(l => l.ProductId != p.ProductId))
                    .Select(p => new RecapLine(p.ProductId, p.Name, p.PriceTtc, BuildingBlocks.Money.Vat.PartOfTtc(p.PriceTtc, p.VatRate), true, true)));
            }

            var counted = recapLines.Where(l => !l.Missing).ToList();
            offers.Add(new OfferRecap(offer.OfferId, offer.Name, offer.Principal, recapLines, counted.Count, counted.Sum(l => l.PriceTtc), counted.Sum(l => l.Vat)));
        }

        var problems = state.Status is OrderStatus.Draft ? Order.Problems(state, catalogue, termsVersionInForce).Select(p => p.Message).ToList() : [];
        return new OrderRecap(offers, offers.Sum(o => o.ProductCount), offers.Sum(o => o.TotalTtc), offers.Sum(o => o.TotalVat), problems);
    }

    private static bool IsMandatory(OrderCatalogue catalogue, bool principal, string productId) =>
        principal && catalogue.Products.Any(p => p.ProductId == productId && p.MandatoryForPrincipal);

    internal static Product? Find(OrderCatalogue catalogue, string productId) => catalogue.Products.FirstOrDefault(p => p.ProductId == productId);
}
