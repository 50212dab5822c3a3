using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;

namespace Monolith.Modules.Tests.Membership;

/// <summary>The catalogue and member of the seed (membership-campaign-caen.txt): OT Caen la Mer, campaign 2020.</summary>
internal static class SeedCatalogue
{
    public const int Year = 2020;
    public static readonly DateTimeOffset At = new(2020, 1, 6, 9, 0, 0, TimeSpan.Zero);

    public static readonly Product Cotisation = new("cotisation", "Cotisation annuelle", "Cotisation annuelle pour adhésion à l'association.",
        5000, VatRate.OutOfScope("Cotisation d'association sans contrepartie"), null, true, []);

    public static readonly Product Referencement = new("referencement", "Référencement d'activité", "Référencement de votre activité.",
        58800, VatRate.Standard, null, false, []);

    public static readonly Product PackPro = new("pack-pro", "Pack PRO (Affaires/Groupes)", "Visibilité auprès des professionnels.",
        24000, VatRate.Standard, null, false, []);

    public static readonly Product PackLoisirs = new("pack-loisirs", "Pack tourisme de loisirs", "Visibilité Grand Public, web et print.",
        27600, VatRate.Standard, null, false, []);

    /// <summary>Six touch-screen ad slots; needs the leisure pack.</summary>
    public static readonly Product Bornes = new("bornes", "Régie publicitaire : Insertion sur les bornes tactiles", "6 bornes.",
        30000, VatRate.Standard, 6, false, ["pack-loisirs"]);

    public static readonly IReadOnlyList<Product> Products = [Cotisation, Referencement, PackPro, PackLoisirs, Bornes];

    public static readonly Offer Org2 = new("org-2", "Offre test Romain Carrillo ORG 2", true);
    public static readonly Offer Pcu = new("pcu", "Offre test Romain Carrillo PCU", false);

    public static readonly OrderCatalogue Catalogue = new(Products, [Org2, Pcu]);

    public static readonly OrderAddress Address = new("HLO Romain Carrillo", "12 Place Saint-Pierre", "14000", "Caen");

    public static CampaignEvent[] OpenCampaign() =>
    [
        new CampaignCreated(Year, "Campagne d'adhésion 2020", At),
        .. Products.Select(p => (CampaignEvent)new ProductAdded(Year, p, At)),
        new CampaignOpened(Year, At),
    ];

    /// <summary>A draft with both seed selections, a payment method, an address and the terms (version 1) accepted.</summary>
    public static OrderEvent[] CompleteDraft(string orderId = "order-1") =>
    [
        new OrderStarted(orderId, "member-1", Year, At),
        new OfferProductsSelected(orderId, Org2.OfferId, ["cotisation", "pack-pro", "pack-loisirs"], At),
        new OfferProductsSelected(orderId, Pcu.OfferId, ["referencement", "pack-pro"], At),
        new PaymentMethodChosen(orderId, PaymentChoice.Cheque, At),
        new BillingAddressSet(orderId, Address, At),
        new TermsAccepted(orderId, 1, At),
    ];
}
