using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.Catalogue;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Bookings;

public class CatalogueDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);

    private static readonly ServiceDefinition Lunch = new("Déjeuner corse", ServiceKind.Meal, false, "1 h 30", 2500, 1000, true, 10, 40, false,
        new ServiceProvider("prov-1", "Restaurant U Funtanonu", null), true);

    private static DeciderSpec<CatalogueCommand, CatalogueEvent, CatalogueServiceState> Given(params CatalogueEvent[] events) =>
        DeciderSpec.For(CatalogueService.Decider).Given(events);

    [Fact]
    public void A_partner_service_is_added_with_its_provider() =>
        Given().When(new AddService("svc-1", Lunch, At)).Then(new ServiceAdded("svc-1", Lunch, At));

    [Fact]
    public void Third_party_funds_need_a_provider() =>
        Given().When(new AddService("svc-1", Lunch with { Provider = null }, At)).ThenThrows<DomainRuleViolation>("service.provider");

    [Fact]
    public void The_minimum_group_size_cannot_exceed_the_maximum() =>
        Given().When(new AddService("svc-1", Lunch with { MinParticipants = 41 }, At)).ThenThrows<DomainRuleViolation>("service.participants");

    [Fact]
    public void A_withdrawn_service_no_longer_changes() =>
        Given(new ServiceAdded("svc-1", Lunch, At), new ServiceWithdrawn("svc-1", At)).When(new ChangeService(Lunch with { UnitPriceTtc = 2600 }, At))
            .ThenThrows<DomainRuleViolation>("service.withdrawn");

    [Fact]
    public void The_same_definition_changes_nothing() =>
        Given(new ServiceAdded("svc-1", Lunch, At)).When(new ChangeService(Lunch, At)).Then();

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(40, true)]
    [InlineData(41, false)]
    public void A_party_fits_the_service_group_sizes(int people, bool fits) =>
        (CatalogueService.ParticipantsRefusal(Lunch, people) is null).Should().Be(fits);
}
