using Monolith.BuildingBlocks.Deciders;
using Monolith.Testing;
using Xunit.Sdk;

namespace Monolith.BuildingBlocks.Tests.Deciders;

public class DeciderSpecTests
{
    private static readonly Tab.Opened Opened = new("t-1", "c-1", "Yann Morvan");

    [Fact]
    public void Then_passes_on_the_decided_events_in_order() =>
        DeciderSpec.For(Tab.Decider)
            .Given(Opened, new Tab.ItemAdded("Carte", 2m))
            .When(new Tab.Close(new DateOnly(2025, 6, 1)))
            .Then(new Tab.ItemAdded("Service", 0.5m), new Tab.Closed(new DateOnly(2025, 6, 1), 2.5m));

    [Fact]
    public void Then_with_no_events_asserts_that_nothing_happens() =>
        DeciderSpec.For(Tab.Decider).Given(Opened).When(new Tab.Open("t-1", "c-1", "Yann Morvan")).Then();

    [Fact]
    public void Then_fails_on_other_values_other_order_or_other_types()
    {
        var spec = DeciderSpec.For(Tab.Decider).Given(Opened, new Tab.ItemAdded("Carte", 2m)).When(new Tab.Close(new DateOnly(2025, 6, 1)));

        spec.Invoking(s => s.Then(new Tab.ItemAdded("Service", 0.5m), new Tab.Closed(new DateOnly(2025, 6, 1), 99m)))
            .Should().Throw<XunitException>();
        spec.Invoking(s => s.Then(new Tab.Closed(new DateOnly(2025, 6, 1), 2.5m), new Tab.ItemAdded("Service", 0.5m)))
            .Should().Throw<XunitException>();
        spec.Invoking(s => s.Then(new Tab.ItemAdded("Service", 0.5m)))
            .Should().Throw<XunitException>();
    }

    [Fact]
    public void ThenThrows_checks_the_rule_code()
    {
        var spec = DeciderSpec.For(Tab.Decider).When(new Tab.AddItem("Carte", 2m));

        spec.ThenThrows<DomainRuleViolation>("tab.not-open").Message.Should().Be("La note n'est pas ouverte.");
        spec.Invoking(s => s.ThenThrows<DomainRuleViolation>("tab.other-code")).Should().Throw<XunitException>();
        DeciderSpec.For(Tab.Decider).Given(Opened).When(new Tab.AddItem("Carte", 2m))
            .Invoking(s => s.ThenThrows<DomainRuleViolation>()).Should().Throw<XunitException>();
    }

    [Fact]
    public void State_folds_given_and_decided_events() =>
        DeciderSpec.For(Tab.Decider).Given(Opened).When(new Tab.AddItem("Carte", 2m)).State
            .Should().Be(new Tab.State(true, false, 2m, 1, "Yann Morvan"));
}
