using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Validation;
using Monolith.Modules.Marina.Mandates;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Marina;

public class MandateTests
{
    private const string Office = "port-ste-marie";
    private const string Iban = "FR7630006000011234567890189";
    private const string NewIban = "FR1420041010050500013M02606";
    private static readonly DateTimeOffset T0 = new(2016, 12, 19, 10, 55, 0, TimeSpan.Zero);
    private static readonly DateOnly SignedOn = new(2016, 12, 19);
    private static readonly DebtorAddress Address = new("10, RUE DU MARCHÉ", "11000 CARCASSONNE");

    private static SignMandate Sign(string iban = Iban, string? bic = "MORSFR33XXX", string ics = "FR72ZZZ123456") =>
        new("m-1", "h-1", "c-1", "RUM2016-0123456789ABCDEF", ics, "Port de Sainte Marie la Mer", "DUPONT JEAN", Address, iban, bic, SignedOn, T0);

    private static readonly MandateSigned Signed = new("m-1", "h-1", "c-1", "RUM2016-0123456789ABCDEF", "FR72ZZZ123456", "Port de Sainte Marie la Mer",
        "DUPONT JEAN", Address, Iban, "MORSFR33XXX", SignedOn, T0);

    private static DeciderSpec<MandateCommand, MandateEvent, MandateState> Spec() => DeciderSpec.For(Mandate.For(Office));

    [Fact]
    public void A_mandate_is_signed_with_its_rum_creditor_debtor_account_and_date() => Spec().When(Sign()).Then(Signed);

    [Fact]
    public void The_seeds_own_iban_is_refused_it_has_24_characters() =>
        Spec().When(Sign(iban: "FR7634303100000001000100")).ThenThrows<DomainRuleViolation>("mandate.iban-invalid");

    [Fact]
    public void A_malformed_bic_is_refused() => Spec().When(Sign(bic: "MORS1R33")).ThenThrows<DomainRuleViolation>("mandate.bic-invalid");

    [Fact]
    public void An_invalid_creditor_identifier_is_refused() => Spec().When(Sign(ics: "FR73ZZZ123456")).ThenThrows<DomainRuleViolation>("mandate.creditor-id-invalid");

    [Fact]
    public void Replacing_the_iban_is_an_amendment_of_the_same_mandate()
    {
        var spec = Spec().Given(Signed);

        spec.When(new ReplaceAccount(NewIban, null, new DateOnly(2017, 3, 1), T0))
            .Then(new MandateAccountReplaced("m-1", "h-1", NewIban, null, Iban, "MORSFR33XXX", new DateOnly(2017, 3, 1), T0));
        var amended = spec.Given(new MandateAccountReplaced("m-1", "h-1", NewIban, null, Iban, "MORSFR33XXX", new DateOnly(2017, 3, 1), T0)).State;
        amended.Rum.Should().Be("RUM2016-0123456789ABCDEF");
        amended.ContractId.Should().Be("c-1");
        amended.IbanBeforeAmendment.Should().Be(Iban, "the next debit announces the amendment with the original account");
    }

    [Fact]
    public void The_first_debit_is_frst_then_rcur_and_a_rejected_first_debit_is_frst_again()
    {
        Spec().Given(Signed).State.NextSequence.Should().Be(SequenceType.FRST);
        var first = new MandateDebited("m-1", "d-1", new DateOnly(2017, 1, 16), SequenceType.FRST, T0);
        Spec().Given(Signed, first).State.NextSequence.Should().Be(SequenceType.RCUR);
        Spec().Given(Signed, first, new MandateDebitRejected("m-1", "d-1", T0)).State.NextSequence.Should().Be(SequenceType.FRST);
    }

    [Fact]
    public void A_mandate_used_less_than_36_months_ago_does_not_lapse() =>
        Spec().Given(Signed, new MandateDebited("m-1", "d-1", new DateOnly(2017, 1, 16), SequenceType.FRST, T0))
            .When(new Lapse(new DateOnly(2020, 1, 15), T0)).ThenThrows<DomainRuleViolation>("mandate.not-lapsing");

    [Fact]
    public void A_mandate_unused_for_36_months_lapses_and_publishes_it() =>
        Spec().Given(Signed, new MandateDebited("m-1", "d-1", new DateOnly(2017, 1, 16), SequenceType.FRST, T0))
            .When(new Lapse(new DateOnly(2020, 1, 16), T0))
            .Then(new MandateLapsed(Office, "m-1", "RUM2016-0123456789ABCDEF", "h-1", new DateOnly(2017, 1, 16), new DateOnly(2020, 1, 16)));

    [Fact]
    public void A_lapsed_mandate_cannot_be_debited() =>
        Spec().Given(Signed, new MandateLapsed(Office, "m-1", "RUM2016-0123456789ABCDEF", "h-1", SignedOn, new DateOnly(2019, 12, 19)))
            .When(new RecordDebit("d-9", new DateOnly(2020, 1, 16), SequenceType.FRST, T0)).ThenThrows<DomainRuleViolation>("mandate.lapsed");

    [Fact]
    public void The_lapse_warning_is_given_once_per_lapse_date()
    {
        var warned = new MandateLapseWarned("m-1", new DateOnly(2019, 12, 19), T0);
        Spec().Given(Signed).When(new WarnLapse(new DateOnly(2019, 12, 19), T0)).Then(warned);
        Spec().Given(Signed, warned).When(new WarnLapse(new DateOnly(2019, 12, 19), T0)).Then();
    }

    [Fact]
    public void The_debtor_rights_state_8_weeks_and_13_months()
    {
        Mandate.DebtorRights.Should().Contain("8 semaines").And.Contain("13 mois");
    }
}

public class RumTests
{
    [Fact]
    public void A_generated_rum_uses_the_sepa_set_and_fits_35_characters()
    {
        var rum = RumRegister.NewRum(2026);

        rum.Length.Should().BeLessThanOrEqualTo(35);
        Identifiers.IsValidMandateReference(rum).Should().BeTrue();
        rum.Should().StartWith("RUM2026-");
    }

    [Fact]
    public void Generated_rums_do_not_repeat()
    {
        var rums = Enumerable.Range(0, 20_000).Select(_ => RumRegister.NewRum(2026)).ToList();

        rums.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void A_rum_reserved_for_one_mandate_is_refused_to_another() =>
        DeciderSpec.For(RumRegister.Decider)
            .Given(new RumReserved("RUM2026-X", "m-1", DateTimeOffset.UnixEpoch))
            .When(new ReserveRum("RUM2026-X", "m-2", DateTimeOffset.UnixEpoch))
            .ThenThrows<DomainRuleViolation>("mandate.rum-taken");

    [Fact]
    public void Reserving_it_again_for_the_same_mandate_changes_nothing() =>
        DeciderSpec.For(RumRegister.Decider)
            .Given(new RumReserved("RUM2026-X", "m-1", DateTimeOffset.UnixEpoch))
            .When(new ReserveRum("RUM2026-X", "m-1", DateTimeOffset.UnixEpoch))
            .Then();
}
