using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Membership.Orders;
using static Monolith.Modules.Tests.Membership.SeedCatalogue;

namespace Monolith.Modules.Tests.Membership;

/// <summary>The recap examples of the seed, to the cent.</summary>
public sealed class SeedRecapTests
{
    private static OrderRecap Recap() => OrderRecap.Of(Order.Decider.Fold(CompleteDraft()), Catalogue, 1);

    [Fact]
    public void Referencement_and_pack_pro_make_828_euros_ttc_of_which_138_euros_vat()
    {
        var pcu = Recap().Offers.Single(o => o.OfferId == "pcu");
        pcu.ProductCount.Should().Be(2);
        pcu.TotalTtc.Should().Be(82800);
        pcu.TotalVat.Should().Be(13800);
        pcu.Lines.Select(l => (l.Name, l.PriceTtc, l.Vat)).Should().Equal(("Référencement d'activité", 58800L, 9800L), ("Pack PRO (Affaires/Groupes)", 24000L, 4000L));
        Euros.Format(pcu.TotalTtc).Should().Be("828,00\u00a0€");
    }

    [Fact]
    public void Cotisation_pack_pro_and_leisure_pack_make_566_euros_ttc_of_which_86_euros_vat()
    {
        var org2 = Recap().Offers.Single(o => o.OfferId == "org-2");
        org2.ProductCount.Should().Be(3);
        org2.TotalTtc.Should().Be(56600);
        org2.TotalVat.Should().Be(8600, "46 € on the 276 € pack at 20 %, 40 € on the 240 € pack, nothing on the fee");
        org2.Lines.Select(l => l.Vat).Should().Equal(0L, 4000L, 4600L);
    }

    [Fact]
    public void The_whole_order_adds_the_offers_and_a_missing_mandatory_fee_shows_but_does_not_count()
    {
        var recap = Recap();
        (recap.ProductCount, recap.TotalTtc, recap.TotalVat).Should().Be((5, 139400L, 22400L));
        recap.Problems.Should().BeEmpty();

        var withoutFee = Order.Decider.Fold([.. CompleteDraft(), new OfferProductsSelected("order-1", "org-2", ["pack-pro"], At)]);
        var principal = OrderRecap.Of(withoutFee, Catalogue, 1).Offers.Single(o => o.Principal);
        principal.Lines.Should().ContainSingle(l => l.Missing).Which.Name.Should().Be("Cotisation annuelle");
        (principal.ProductCount, principal.TotalTtc).Should().Be((1, 24000L));
        OrderRecap.Of(withoutFee, Catalogue, 1).Problems.Should().ContainSingle().Which.Should().Contain("obligatoire");
    }
}
