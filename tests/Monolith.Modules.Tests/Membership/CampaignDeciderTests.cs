using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Testing;
using static Monolith.Modules.Tests.Membership.SeedCatalogue;

namespace Monolith.Modules.Tests.Membership;

public sealed class CampaignDeciderTests
{
    private static DeciderSpec<CampaignCommand, CampaignEvent, CampaignState> Spec => DeciderSpec.For(Campaign.Decider);

    [Fact]
    public void A_campaign_is_created_then_a_second_one_for_the_same_year_is_a_conflict_and_a_retry_is_harmless()
    {
        Spec.When(new CreateCampaign(Year, " Campagne d'adhésion 2020 ", At)).Then(new CampaignCreated(Year, "Campagne d'adhésion 2020", At));
        Spec.Given(new CampaignCreated(Year, "Campagne d'adhésion 2020", At)).When(new CreateCampaign(Year, "Campagne d'adhésion 2020", At)).Then();
        Spec.Given(new CampaignCreated(Year, "Campagne d'adhésion 2020", At)).When(new CreateCampaign(Year, "Autre", At))
            .ThenThrows<DomainRuleViolation>("campaign.exists").IsConflict.Should().BeTrue();
    }

    [Fact]
    public void Products_are_added_with_price_vat_stock_mandatory_flag_and_prerequisites_that_must_exist()
    {
        var created = new CampaignCreated(Year, "Campagne", At);
        Spec.Given(created).When(new AddProduct(Cotisation, At)).Then(new ProductAdded(Year, Cotisation, At));
        Spec.Given(created).When(new AddProduct(Bornes, At)).ThenThrows<DomainRuleViolation>("product.unknown-prerequisite");
        Spec.Given(created).When(new AddProduct(PackPro with { Prerequisites = ["pack-pro"] }, At)).ThenThrows<DomainRuleViolation>("product.self-prerequisite");
        Spec.Given(created).When(new AddProduct(PackPro with { PriceTtc = -1 }, At)).ThenThrows<DomainRuleViolation>("product.negative-price");
        Spec.Given(created, new ProductAdded(Year, PackLoisirs, At)).When(new AddProduct(Bornes with { Prerequisites = ["pack-loisirs"] }, At))
            .Then(new ProductAdded(Year, Bornes, At));
        Spec.Given(created, new ProductAdded(Year, PackPro, At)).When(new AddProduct(PackPro with { }, At)).Then();
        Spec.Given(created, new ProductAdded(Year, PackPro, At)).When(new AddProduct(PackPro with { PriceTtc = 1 }, At))
            .ThenThrows<DomainRuleViolation>("product.exists");
    }

    [Fact]
    public void A_product_can_be_changed_until_it_is_ordered()
    {
        var changed = PackPro with { PriceTtc = 25000, VatRate = VatRate.Standard };
        Spec.Given(OpenCampaign()).When(new ChangeProduct(changed, At)).Then(new ProductChanged(Year, changed, At));
        Spec.Given([.. OpenCampaign(), new OrderAccepted(Year, "o1", "m1", 1, "2020-0001", ["pack-pro"], At)])
            .When(new ChangeProduct(changed, At)).ThenThrows<DomainRuleViolation>("product.already-ordered");
        Spec.Given(OpenCampaign()).When(new ChangeProduct(PackPro with { ProductId = "nope" }, At)).ThenThrows<NotFoundException>();
    }

    [Fact]
    public void Open_needs_a_catalogue_and_close_ends_ordering()
    {
        var created = new CampaignCreated(Year, "Campagne", At);
        Spec.Given(created).When(new OpenCampaign(At)).ThenThrows<DomainRuleViolation>("campaign.empty-catalogue");
        Spec.Given(created, new ProductAdded(Year, Cotisation, At)).When(new OpenCampaign(At)).Then(new CampaignOpened(Year, At));
        Spec.Given(OpenCampaign()).When(new OpenCampaign(At)).Then();
        Spec.Given(OpenCampaign()).When(new CloseCampaign(At)).Then(new CampaignClosed(Year, At));
        Spec.Given([.. OpenCampaign(), new CampaignClosed(Year, At)]).When(new AcceptOrder("o1", "m1", ["cotisation"], At))
            .ThenThrows<DomainRuleViolation>("campaign.not-open");
        Spec.Given(created, new ProductAdded(Year, Cotisation, At)).When(new AcceptOrder("o1", "m1", ["cotisation"], At))
            .ThenThrows<DomainRuleViolation>("campaign.not-open");
    }

    [Fact]
    public void Accepting_an_order_reserves_its_products_and_numbers_it_continuously_and_a_retry_is_harmless()
    {
        Spec.Given(OpenCampaign()).When(new AcceptOrder("o1", "m1", ["cotisation", "bornes"], At))
            .Then(new OrderAccepted(Year, "o1", "m1", 1, "2020-0001", ["cotisation", "bornes"], At));
        var second = Spec.Given([.. OpenCampaign(), new OrderAccepted(Year, "o1", "m1", 1, "2020-0001", ["bornes"], At)]);
        second.When(new AcceptOrder("o2", "m2", ["bornes"], At)).Then(new OrderAccepted(Year, "o2", "m2", 2, "2020-0002", ["bornes"], At));
        second.When(new AcceptOrder("o1", "m1", ["bornes"], At)).Then();
        second.When(new AcceptOrder("o1", "m1", ["bornes"], At)).State.Remaining(Bornes).Should().Be(5);
    }

    [Fact]
    public void A_stock_limited_product_is_refused_in_french_once_sold_out_and_a_request_beyond_what_remains_too()
    {
        var soldFive = Enumerable.Range(1, 5)
            .Select(i => (CampaignEvent)new OrderAccepted(Year, $"o{i}", $"m{i}", i, Campaign.OrderNumber(Year, i), ["bornes"], At));
        var state = Spec.Given([.. OpenCampaign(), .. soldFive]);

        var twoMore = state.When(new AcceptOrder("o6", "m6", ["bornes", "bornes"], At)).ThenThrows<DomainRuleViolation>("product.out-of-stock");
        twoMore.Message.Should().Be("Le produit « Régie publicitaire : Insertion sur les bornes tactiles » n'est plus disponible qu'en 1 exemplaire(s) ; vous en avez demandé 2.");
        twoMore.IsConflict.Should().BeTrue();

        var last = state.Given(new OrderAccepted(Year, "o6", "m6", 6, "2020-0006", ["bornes"], At));
        last.When(new AcceptOrder("o7", "m7", ["bornes"], At)).ThenThrows<DomainRuleViolation>("product.out-of-stock")
            .Message.Should().Be("Le produit « Régie publicitaire : Insertion sur les bornes tactiles » n'est plus disponible (stock épuisé).");
        last.When(new AcceptOrder("o7", "m7", ["pack-pro"], At)).Then(new OrderAccepted(Year, "o7", "m7", 7, "2020-0007", ["pack-pro"], At));
    }

    [Fact]
    public void An_unknown_product_or_an_empty_order_is_refused()
    {
        Spec.Given(OpenCampaign()).When(new AcceptOrder("o1", "m1", ["nope"], At)).ThenThrows<DomainRuleViolation>("product.unknown");
        Spec.Given(OpenCampaign()).When(new AcceptOrder("o1", "m1", [], At)).ThenThrows<DomainRuleViolation>("order.empty");
    }
}
