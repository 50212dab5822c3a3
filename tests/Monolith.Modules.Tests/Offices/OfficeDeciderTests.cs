using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Offices.Offices;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Offices;

public class OfficeDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly OfficeRegistered Registered = new("ot-caen", "OT Caen la Mer", "Europe/Paris", At);

    private static readonly LegalIdentity Legal = new(
        "Office de Tourisme Caen la Mer", "EPIC", "732829320", null, "FR44732829320",
        new PostalAddress("Place Saint-Pierre", "14000", "Caen"), null, null, null, null, null, null);

    [Fact]
    public void Registering_a_new_office_records_it() =>
        DeciderSpec.For(Office.Decider)
            .When(new RegisterOffice("ot-caen", " OT Caen la Mer ", "Europe/Paris", At))
            .Then(Registered);

    [Fact]
    public void Registering_the_same_office_again_is_already_done() =>
        DeciderSpec.For(Office.Decider).Given(Registered)
            .When(new RegisterOffice("ot-caen", "OT Caen la Mer", "Europe/Paris", At))
            .Then();

    [Fact]
    public void Registering_over_an_existing_office_with_other_details_is_refused() =>
        DeciderSpec.For(Office.Decider).Given(Registered)
            .When(new RegisterOffice("ot-caen", "Another name", "Europe/Paris", At))
            .ThenThrows<DomainRuleViolation>("office.already-registered");

    [Fact]
    public void An_unknown_time_zone_is_refused() =>
        DeciderSpec.For(Office.Decider)
            .When(new RegisterOffice("ot-x", "X", "Mars/Olympus", At))
            .ThenThrows<DomainRuleViolation>("office.unknown-time-zone");

    [Fact]
    public void A_command_on_an_office_that_does_not_exist_is_not_found()
    {
        var act = () => Office.Decide(new RenameOffice("X", At), OfficeState.Initial);
        act.Should().Throw<NotFoundException>();
    }

    [Fact]
    public void Changing_the_legal_identity_records_it_once() =>
        DeciderSpec.For(Office.Decider).Given(Registered, new LegalIdentityChanged("ot-caen", Legal, At))
            .When(new ChangeLegalIdentity(Legal, At.AddDays(1)))
            .Then();

    [Fact]
    public void Terms_of_sale_versions_are_numbered_in_order()
    {
        var settings = new Dictionary<string, string> { ["depositRate"] = "30" };
        DeciderSpec.For(Office.Decider)
            .Given(Registered, new TermsOfSalePublished("ot-caen", 1, "CGV 2025", "...", settings, new DateOnly(2025, 1, 1), At))
            .When(new PublishTermsOfSale("CGV 2026", "texte", settings, new DateOnly(2026, 1, 1), At))
            .Then(new TermsOfSalePublished("ot-caen", 2, "CGV 2026", "texte", settings, new DateOnly(2026, 1, 1), At));
    }

    [Fact]
    public void New_terms_cannot_take_effect_before_the_version_in_force() =>
        DeciderSpec.For(Office.Decider)
            .Given(Registered, new TermsOfSalePublished("ot-caen", 1, "CGV 2026", "...", new Dictionary<string, string>(), new DateOnly(2026, 1, 1), At))
            .When(new PublishTermsOfSale("Backdated", "texte", new Dictionary<string, string>(), new DateOnly(2025, 6, 1), At))
            .ThenThrows<DomainRuleViolation>("terms.effective-date-before-previous");
}
