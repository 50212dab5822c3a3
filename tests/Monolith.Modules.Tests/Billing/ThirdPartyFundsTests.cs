using System.Text.Json;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Closures;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Billing.ThirdParty;
using static Monolith.Modules.Tests.Billing.BillingFixtures;

namespace Monolith.Modules.Tests.Billing;

/// <summary>Third-party funds (ADR 0022): lines sold in a partner provider's name are outside the office's VAT base and revenue, and
/// payouts to the provider never exceed what was collected for it.</summary>
public sealed class ThirdPartyFundsTests
{
    private static readonly ThirdPartyProvider Theatre = new("theatre-du-port", "Théâtre du Port", "552081317");

    private static readonly InvoiceLineRequest OwnVisit = new("Visite guidée", 2, 1200, VatRate.Standard);

    private static readonly InvoiceLineRequest PartnerShow = new("Billet « Les Fourberies »", 3, 2500, VatRate.Reduced, OnBehalfOf: Theatre);

    private static readonly Decider<PayoutCommand, PayoutEvent, PayoutsState> Payouts = ThirdPartyPayouts.For(Office);

    private static RecordThirdPartyPayout Payout(string id, long amount, long netCollected) =>
        new(id, Theatre, amount, new DateOnly(2026, 3, 10), PaymentMethod.BankTransfer, "VIR-1", netCollected, At(2026, 3, 10));

    private static ThirdPartyPayoutRecorded Paid(string id, long amount) =>
        new(id, Office, Theatre, amount, new DateOnly(2026, 3, 10), PaymentMethod.BankTransfer, "VIR-1", At(2026, 3, 10));

    [Fact]
    public void A_line_sold_on_behalf_of_a_provider_is_issued_outside_the_offices_vat_with_the_provider_on_the_line()
    {
        var issued = Issued(Draft("show-1", lines: [OwnVisit, PartnerShow]), At(2026, 3, 1));

        var line = issued.Lines[1];
        line.OnBehalfOf.Should().Be(Theatre);
        line.VatRate.IsOutOfScope.Should().BeTrue("the office charges no VAT on débours (CGI art. 267 II 2°)");
        line.VatRate.OutOfScopeReason.Should().Contain("Encaissé pour le compte de Théâtre du Port (SIREN 552081317)").And.Contain("267 II 2°");
        (line.Ttc, line.Vat, line.Ht).Should().Be((7500L, 0L, 7500L));
        issued.Totals.TotalTtc.Should().Be(2400 + 7500, "the customer pays both");
        issued.Totals.TotalVat.Should().Be(400, "only the office's own line carries its VAT");
        DocumentLine.OwnTotals(issued.Lines).TotalTtc.Should().Be(2400);
    }

    [Fact]
    public void A_line_for_a_provider_without_a_name_is_refused()
    {
        var nameless = PartnerShow with { OnBehalfOf = new ThirdPartyProvider("theatre-du-port", " ") };

        var act = () => Issued(Draft("show-2", lines: [nameless]), At(2026, 3, 1));

        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("billing.provider-required");
    }

    [Fact]
    public void A_document_line_stored_before_third_party_funds_reads_back_as_the_offices_own()
    {
        var stored = """{"label":"Visite","quantity":1,"unitPriceTtc":1200,"unitPriceHt":1000,"vatRate":{"basisPoints":2000},"serviceDate":null,"ttc":1200,"vat":200,"ht":1000}""";

        var line = JsonSerializer.Deserialize<DocumentLine>(stored, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        line.OnBehalfOf.Should().BeNull();
        line.Ttc.Should().Be(1200);
    }

    [Fact]
    public void A_whole_invoice_credit_copies_its_lines_with_their_provider()
    {
        var issued = Issued(Draft("show-3", lines: [OwnVisit, PartnerShow]), At(2026, 3, 1));

        var requests = issued.Lines.Select(l => l.ToRequest()).ToList();

        requests[1].OnBehalfOf.Should().Be(Theatre);
        DocumentLine.From(requests[1], requests[1].VatRate).VatRate.Should().Be(issued.Lines[1].VatRate, "the credit note lands in the same débours row");
    }

    [Fact]
    public void Given_funds_collected_when_a_payout_within_them_is_recorded_then_it_is_paid_out()
    {
        var events = Payouts.Decide(Payout("po-1", 5000, netCollected: 7500), Payouts.Fold([]));

        events.Should().ContainSingle().Which.Should().Be(Paid("po-1", 5000));
    }

    [Fact]
    public void Given_an_earlier_payout_when_a_payout_exceeds_what_remains_owed_then_it_is_refused()
    {
        var act = () => Payouts.Decide(Payout("po-2", 2600, netCollected: 7500), Payouts.Fold([Paid("po-1", 5000)]));

        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("third-party.payout-exceeds-balance");
    }

    [Fact]
    public void Given_an_earlier_payout_when_the_exact_remainder_is_paid_out_then_it_is_recorded()
    {
        Payouts.Decide(Payout("po-2", 2500, netCollected: 7500), Payouts.Fold([Paid("po-1", 5000)])).Should().ContainSingle();
    }

    [Fact]
    public void Given_a_payout_when_the_same_payout_is_recorded_again_then_nothing_happens()
    {
        Payouts.Decide(Payout("po-1", 5000, netCollected: 7500), Payouts.Fold([Paid("po-1", 5000)])).Should().BeEmpty();
    }

    [Fact]
    public void Given_nothing_when_a_payout_of_zero_is_recorded_then_it_is_refused()
    {
        var act = () => Payouts.Decide(Payout("po-0", 0, netCollected: 7500), Payouts.Fold([]));

        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("third-party.payout-not-positive");
    }

    [Fact]
    public void Closure_totals_add_third_party_funds_apart_from_sales()
    {
        var issued = Issued(Draft("show-4", lines: [OwnVisit, PartnerShow]), At(2026, 3, 1));
        var builder = new ClosureTotalsBuilder();

        builder.Invoice(DocumentLine.OwnTotals(issued.Lines));
        builder.ThirdParty(7500);
        builder.ThirdParty(-2500);
        var totals = builder.Build();

        totals.SalesTtc.Should().Be(2400);
        totals.ThirdPartyFunds.Should().Be(5000);
        PerpetualTotals.Zero.Add(totals).SalesTtc.Should().Be(2400, "the perpetual grand total of sales leaves third-party funds out");
    }

    [Fact]
    public void A_closure_recorded_before_third_party_funds_keeps_the_note_it_was_signed_with()
    {
        var old = new PeriodClosed(Office, ClosureKind.Day, "2026-03-01", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1), ClosureTotals.Zero,
            PerpetualTotals.Zero, ChainHead.Empty, "sig", At(2026, 3, 2));

        ClosureDocument.Of(old).Note.Should().Be(ClosureDocument.ThirdPartyNote);
        ClosureDocument.Of(old with { TotalsVersion = PeriodClosed.ThirdPartySeparated }).Note.Should().Be(ClosureDocument.ThirdPartySeparatedNote);
    }
}
