using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Marina.BerthContracts;
using Monolith.Modules.Marina.Contracts;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Marina;

public class BerthContractTests
{
    private const string Office = "port-ste-marie";
    private const string Hash = "3f0a5c1b9e2d4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a";
    private const string OtherHash = "aaaa5c1b9e2d4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a";
    private static readonly DateTimeOffset T0 = new(2016, 12, 19, 10, 50, 0, TimeSpan.Zero);
    private static readonly Season Season2017 = new(2017, new DateOnly(2017, 1, 1), new DateOnly(2017, 12, 31));
    private static readonly ContractTerms Terms = new("A-12", "boat-1",
        [new ContractLine("berth", "Place A-12 (catégorie B), saison 2017", 1, 140000, 2000), new ContractLine("elec", "Électricité", 1, 12000, 2000)], 3);

    private static readonly ContractDrafted Drafted = new("c-1", "h-1", Season2017, Terms, 152000, null, T0);
    private static readonly ContractPdfDownloaded Downloaded = new("c-1", 1, Hash, "user-1", T0.AddMinutes(1));

    private static SignatureStepAccepted Step(int step, int version = 1, string hash = Hash) =>
        new("c-1", version, step, SignatureSteps.Statements[step - 1], "user-1", hash, T0.AddMinutes(2 + step));

    private static DeciderSpec<ContractCommand, ContractEvent, BerthContractState> Spec() => DeciderSpec.For(BerthContract.For(Office));

    [Fact]
    public void Step_1_records_the_signer_the_time_and_the_sha256_of_the_downloaded_pdf() =>
        Spec().Given(Drafted, Downloaded)
            .When(new AcceptSignatureStep(1, "user-1", null, T0.AddMinutes(3)))
            .Then(Step(1));

    [Fact]
    public void Step_1_before_any_download_is_refused() =>
        Spec().Given(Drafted).When(new AcceptSignatureStep(1, "user-1", null, T0)).ThenThrows<DomainRuleViolation>("signature.pdf-not-downloaded");

    [Fact]
    public void Step_1_naming_a_pdf_that_was_not_downloaded_is_refused() =>
        Spec().Given(Drafted, Downloaded).When(new AcceptSignatureStep(1, "user-1", OtherHash, T0)).ThenThrows<DomainRuleViolation>("signature.pdf-unknown");

    [Fact]
    public void Step_2_before_step_1_is_refused_as_out_of_order() =>
        Spec().Given(Drafted, Downloaded).When(new AcceptSignatureStep(2, "user-1", null, T0)).ThenThrows<DomainRuleViolation>("signature.out-of-order");

    [Fact]
    public void Step_3_before_step_2_is_refused_as_out_of_order() =>
        Spec().Given(Drafted, Downloaded, Step(1)).When(new AcceptSignatureStep(3, "user-1", null, T0)).ThenThrows<DomainRuleViolation>("signature.out-of-order");

    [Fact]
    public void Step_3_signs_the_contract_and_publishes_the_fact_with_the_pdf_hash() =>
        Spec().Given(Drafted, Downloaded, Step(1), Step(2))
            .When(new AcceptSignatureStep(3, "user-1", null, T0.AddMinutes(5)))
            .Then(Step(3), new ContractSigned(Office, "c-1", "h-1", "A-12", 2017, T0.AddMinutes(5), Hash));

    [Fact]
    public void Accepting_a_step_again_changes_nothing() =>
        Spec().Given(Drafted, Downloaded, Step(1), Step(2)).When(new AcceptSignatureStep(1, "user-1", null, T0)).Then();

    [Fact]
    public void A_change_after_step_1_restarts_the_steps_on_the_new_version()
    {
        var changedTerms = Terms with { Lines = [Terms.Lines[0]] };
        var spec = Spec().Given(Drafted, Downloaded, Step(1), new ContractChanged("c-1", 2, changedTerms, 140000, T0.AddMinutes(10)));

        spec.State.Steps.Should().BeEmpty();
        spec.State.Version.Should().Be(2);
        // The PDF downloaded before the change is not the contract any more: step 1 needs a new download.
        spec.When(new AcceptSignatureStep(1, "user-1", null, T0.AddMinutes(11))).ThenThrows<DomainRuleViolation>("signature.pdf-not-downloaded");
        spec.When(new AcceptSignatureStep(2, "user-1", null, T0.AddMinutes(11))).ThenThrows<DomainRuleViolation>("signature.out-of-order");
    }

    [Fact]
    public void Changing_a_draft_adds_a_version() =>
        Spec().Given(Drafted, Downloaded, Step(1))
            .When(new ChangeContract(Terms with { BerthId = "A-14" }, T0.AddMinutes(10)))
            .Then(new ContractChanged("c-1", 2, Terms with { BerthId = "A-14" }, 152000, T0.AddMinutes(10)));

    [Fact]
    public void A_signed_contract_cannot_change() =>
        Spec().Given(Drafted, Downloaded, Step(1), Step(2), Step(3), new ContractSigned(Office, "c-1", "h-1", "A-12", 2017, T0, Hash))
            .When(new ChangeContract(Terms with { BerthId = "A-14" }, T0)).ThenThrows<DomainRuleViolation>("contract.signed");

    [Fact]
    public void A_contract_without_lines_is_refused() =>
        Spec().When(new DraftContract("c-1", "h-1", Season2017, Terms with { Lines = [] }, null, T0)).ThenThrows<DomainRuleViolation>("contract.no-line");

    [Fact]
    public void An_unknown_step_is_refused() =>
        Spec().Given(Drafted, Downloaded).When(new AcceptSignatureStep(4, "user-1", null, T0)).ThenThrows<DomainRuleViolation>("signature.unknown-step");

    [Fact]
    public void Signing_publishes_the_contract_signed_fact_with_the_pdf_hash()
    {
        var decider = BerthContract.For(Office);
        var before = decider.Fold([Drafted, Downloaded, Step(1), Step(2)]);
        var command = new AcceptSignatureStep(3, "user-1", null, T0.AddMinutes(5));
        var events = decider.Decide(command, before);

        decider.Publish!(command, before, events, events.Aggregate(before, decider.Evolve))
            .Should().Equal(new MarinaContractSigned(Office, "c-1", "h-1", "A-12", 2017, T0.AddMinutes(5), Hash));
        MarinaContractSigned.WireName.Should().Be("marina.published-contract-signed");
    }
}

public class RenewalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 7, 0, 0, TimeSpan.Zero);
    private static readonly ContractTerms Terms = new("A-12", "boat-1", [new ContractLine("berth", "Place A-12", 1, 145000, 2000)], 3);

    private static readonly ContractDrafted Proposal =
        new("r2027-c-1", "h-1", new Season(2027, new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31)), Terms, 145000, "c-1", T0);

    [Fact]
    public void An_unsigned_renewal_proposal_is_renewed_tacitly_on_the_office_date() =>
        DeciderSpec.For(BerthContract.For("port")).Given(Proposal)
            .When(new RenewTacitly(new DateOnly(2026, 12, 1), T0))
            .Then(new ContractTacitlyRenewed("r2027-c-1", "h-1", "c-1", new DateOnly(2026, 12, 1), T0));

    [Fact]
    public void A_contract_that_is_not_a_renewal_is_never_renewed_tacitly() =>
        DeciderSpec.For(BerthContract.For("port")).Given(Proposal with { RenewalOf = null })
            .When(new RenewTacitly(new DateOnly(2026, 12, 1), T0)).ThenThrows<DomainRuleViolation>("contract.not-a-renewal");

    [Fact]
    public void A_renewal_the_holder_signed_is_not_renewed_tacitly_again() =>
        DeciderSpec.For(BerthContract.For("port"))
            .Given(Proposal, new ContractSigned("port", "r2027-c-1", "h-1", "A-12", 2027, T0, "hash"))
            .When(new RenewTacitly(new DateOnly(2026, 12, 1), T0)).Then();

    [Fact]
    public void The_tacit_renewal_date_follows_the_proposal_date() =>
        DeciderSpec.For(Monolith.Modules.Marina.Ports.Port.Decider)
            .Given(new Monolith.Modules.Marina.Ports.PriceListSet(new Monolith.Modules.Marina.Ports.PriceList(2027, new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31), [], []), T0))
            .When(new Monolith.Modules.Marina.Ports.PlanRenewal(new Monolith.Modules.Marina.Ports.RenewalPlan(2027, new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 1)), T0))
            .ThenThrows<DomainRuleViolation>("renewal.tacit-before-proposal");
}
