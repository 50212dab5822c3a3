using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using static Monolith.Modules.Tests.Billing.BillingFixtures;

namespace Monolith.Modules.Tests.Billing;

public class DocumentRegisterTests
{
    private static readonly Decider<RegisterCommand, RegisterEvent, RegisterState> Decider = DocumentRegister.Decider;

    private static IReadOnlyList<RegisterEvent> When(RegisterCommand command, params RegisterEvent[] given) =>
        Decider.Decide(command, Decider.Fold(given));

    [Fact]
    public void The_first_invoice_of_the_year_is_number_00001_of_that_year()
    {
        var issued = Issued(Draft("contract-1"), At(2026, 3, 1));

        issued.Number.Should().Be("2026/00001");
        issued.InvoiceId.Should().Be("F2026-00001");
        issued.Sequence.Should().Be(1);
        issued.Year.Should().Be(2026);
        issued.IssueDate.Should().Be(new DateOnly(2026, 3, 1));
        DocumentSeries.Invoices.DayStreamId(Office, new DateOnly(2026, 3, 1)).Should().Be("billing-numbering:port-sainte-marie:F:2026-03-01");
        DocumentSeries.Invoices.DaysStreamId(Office, 2026).Should().Be("billing-numbering-days:port-sainte-marie:F:2026");
    }

    [Fact]
    public void Numbering_an_invoice_publishes_invoice_issued_with_its_source_and_total()
    {
        var opened = DayOpened(new DateOnly(2026, 3, 1));
        var command = new IssueInvoice(Draft("contract-1"), At(2026, 3, 1));
        var before = Decider.Fold([opened]);
        var events = Decider.Decide(command, before);

        var facts = Decider.Publish!(command, before, events, Decider.Fold([opened, .. events])).ToList();

        var issued = events.Should().ContainSingle().Which.As<InvoiceIssued>();
        facts.Should().ContainSingle().Which.Should().Be(new Monolith.Modules.Billing.Contracts.Facts.InvoiceIssued(
            issued.InvoiceId, "2026/00001", issued.CustomerId, "marina", "contract-1", issued.IssueDate, issued.DueDate, issued.Totals.TotalTtc));
    }

    [Fact]
    public void Issuing_again_for_the_same_source_publishes_nothing()
    {
        var opened = DayOpened(new DateOnly(2026, 3, 1));
        var first = Issued(Draft("contract-1"), At(2026, 3, 1));
        var command = new IssueInvoice(Draft("contract-1"), At(2026, 3, 1, 18));
        var state = Decider.Fold([opened, first]);

        Decider.Publish!(command, state, Decider.Decide(command, state), state).Should().BeEmpty();
    }

    [Fact]
    public void Numbers_follow_each_other_without_gap()
    {
        var opened = DayOpened(new DateOnly(2026, 3, 2), lastSequence: 0);
        var first = Issued(Draft("contract-1"), At(2026, 3, 2));
        var second = Issued(Draft("contract-2"), At(2026, 3, 2), Decider.Fold([opened, first]));

        var third = When(new IssueInvoice(Draft("contract-3"), At(2026, 3, 2)), opened, first, second);

        second.Number.Should().Be("2026/00002");
        third.Should().ContainSingle().Which.As<InvoiceIssued>().Number.Should().Be("2026/00003");
    }

    [Fact]
    public void Issuing_twice_for_the_same_source_reference_issues_nothing_new()
    {
        var opened = DayOpened(new DateOnly(2026, 3, 1));
        var first = Issued(Draft("contract-1"), At(2026, 3, 1));

        When(new IssueInvoice(Draft("contract-1"), At(2026, 3, 1, 18)), opened, first).Should().BeEmpty();
        Decider.Fold([opened, first]).ByKey[DocumentRegister.InvoiceKey("marina", "contract-1")].Number.Should().Be("2026/00001");
    }

    [Fact]
    public void The_issue_date_is_the_Paris_calendar_date_and_the_year_follows_it()
    {
        // 31 Dec 2026 23:30 UTC is already 1 Jan 2027 00:30 in Paris: first invoice of 2027.
        var issued = Issued(Draft("contract-1"), new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero));

        issued.IssueDate.Should().Be(new DateOnly(2027, 1, 1));
        issued.Number.Should().Be("2027/00001");
    }

    [Fact]
    public void A_day_stream_is_closed_to_documents_of_a_later_day()
    {
        var opened = DayOpened(new DateOnly(2026, 12, 30));
        var in2026 = Issued(Draft("contract-1"), At(2026, 12, 30));

        var act = () => When(new IssueInvoice(Draft("contract-2"), At(2027, 1, 2)), opened, in2026);

        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("numbering.wrong-stream");
    }

    [Fact]
    public void The_issue_date_never_goes_backwards_in_a_series()
    {
        // A command decided at 23:59 on 10 March loses the append race to one of 11 March (10 March is closed) and is numbered on 11 March.
        var opened = DayOpened(new DateOnly(2026, 3, 11));
        var later = Issued(Draft("contract-1"), new DateTimeOffset(2026, 3, 11, 0, 0, 30, TimeSpan.FromHours(1)));

        var retried = When(new IssueInvoice(Draft("contract-2"), new DateTimeOffset(2026, 3, 10, 23, 59, 59, TimeSpan.FromHours(1))), opened, later);

        retried.Single().As<InvoiceIssued>().IssueDate.Should().Be(new DateOnly(2026, 3, 11));
        retried.Single().As<InvoiceIssued>().Number.Should().Be("2026/00002");
    }

    [Fact]
    public void The_due_date_follows_the_payment_terms_and_zero_days_means_on_receipt()
    {
        Issued(Draft("c1"), At(2026, 3, 1)).DueDate.Should().Be(new DateOnly(2026, 3, 31));
        var onReceipt = Issued(Draft("c2", paymentTermDays: 0), At(2026, 3, 1));
        onReceipt.DueDate.Should().Be(new DateOnly(2026, 3, 1));
        BillingTexts.PaymentTerms(onReceipt.PaymentTermDays).Should().Be("À réception");

        var act = () => Issued(Draft("c3", paymentTermDays: 61), At(2026, 3, 1));
        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("invoice.payment-term-out-of-range");
    }

    [Fact]
    public void Business_customers_get_the_40_euro_recovery_indemnity_and_consumers_do_not()
    {
        Issued(Draft("c1", Business), At(2026, 3, 1)).RecoveryIndemnity.Should().Be(4000);
        Issued(Draft("c2", Consumer), At(2026, 3, 1)).RecoveryIndemnity.Should().BeNull();
        Issued(Draft("c2", Consumer), At(2026, 3, 1)).LatePenaltyMention.Should().Be(BillingTexts.DefaultLatePenaltyMention);
    }

    [Fact]
    public void The_invoice_keeps_a_snapshot_of_seller_customer_lines_and_totals_per_rate()
    {
        var fee = VatRate.OutOfScope("Cotisation sans contrepartie");
        var issued = Issued(
            Draft("order-42", Business, 30, null,
                new InvoiceLineRequest("Cotisation annuelle", 1, 5000, fee),
                new InvoiceLineRequest("Pack PRO", 1, 24000, VatRate.Standard, new DateOnly(2026, 4, 1)),
                new InvoiceLineRequest("Pack tourisme de loisirs", 1, 27600, VatRate.Standard)),
            At(2026, 3, 1));

        issued.Seller.Should().Be(Seller);
        issued.Customer.Should().Be(Business);
        issued.Label.Should().Be("Cotisation annuelle");
        issued.SourceReference.Should().Be("order-42");
        issued.Totals.TotalTtc.Should().Be(56600);
        issued.Totals.TotalVat.Should().Be(8600);
        issued.Lines[1].Should().Be(new DocumentLine("Pack PRO", 1, 24000, 20000, VatRate.Standard, new DateOnly(2026, 4, 1), 24000, 4000, 20000));
        issued.Lines[0].VatRate.Label.Should().Be("Hors champ de TVA");
    }

    [Fact]
    public void A_discount_is_a_negative_line_and_cannot_exceed_what_it_discounts_at_its_rate()
    {
        var issued = Issued(
            Draft("c1", null, 30, null,
                new InvoiceLineRequest("Visite guidée", 12, 800, VatRate.Standard),
                new InvoiceLineRequest("Remise groupe", 1, -960, VatRate.Standard)),
            At(2026, 3, 1));
        issued.Totals.TotalTtc.Should().Be(8640);
        issued.Totals.TotalVat.Should().Be(1600 - 160);

        var act = () => Issued(
            Draft("c2", null, 30, null,
                new InvoiceLineRequest("Entrée musée", 1, 1000, VatRate.Intermediate),
                new InvoiceLineRequest("Remise", 1, -2000, VatRate.Standard)),
            At(2026, 3, 1));
        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("invoice.negative-total");
    }

    [Theory]
    [InlineData("", 1, "invoice.line-label-required")]
    [InlineData("Visite", 0, "invoice.quantity-not-positive")]
    public void Invalid_lines_are_refused(string label, int quantity, string code)
    {
        var act = () => Issued(Draft("c1", null, 30, null, new InvoiceLineRequest(label, quantity, 1000, VatRate.Standard)), At(2026, 3, 1));
        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be(code);
    }

    [Fact]
    public void An_invoice_without_lines_or_source_is_refused()
    {
        var day = OpenedOn(new DateOnly(2026, 3, 1));
        var noLines = () => DocumentRegister.Decide(new IssueInvoice(Draft("c1") with { Lines = [] }, At(2026, 3, 1)), day);
        noLines.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("invoice.no-lines");
        var noSource = () => DocumentRegister.Decide(new IssueInvoice(Draft(" "), At(2026, 3, 1)), day);
        noSource.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("billing.source-required");
    }

    [Fact]
    public void A_seller_under_the_VAT_franchise_invoices_every_line_out_of_scope_citing_article_293_B()
    {
        var issued = Issued(Draft("c1", seller: Seller with { VatExempt = true, VatNumber = null }), At(2026, 3, 1));

        issued.Totals.TotalVat.Should().Be(0);
        issued.Lines.Should().OnlyContain(l => l.VatRate.OutOfScopeReason == BillingTexts.VatExemptReason);
    }

    [Fact]
    public void Nothing_is_numbered_in_a_day_that_is_not_open()
    {
        var act = () => When(new IssueInvoice(Draft("c1"), At(2026, 3, 1)));

        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("numbering.day-not-open");
    }

    [Fact]
    public void Closing_a_day_carries_the_last_number_the_chained_hash_and_the_running_totals()
    {
        var opened = DayOpened(new DateOnly(2026, 3, 2), lastSequence: 41, lastHash: new string('a', 64)) with { YearTotals = new NumberingTotals(41, 100, 20, 120) };
        var first = Issued(Draft("c1"), At(2026, 3, 2), Decider.Fold([opened]));
        var second = Issued(Draft("c2"), At(2026, 3, 2), Decider.Fold([opened, first]));

        var closed = When(new CloseNumberingDay(At(2026, 3, 3)), opened, first, second).Should().ContainSingle().Which.As<NumberingDayClosed>();

        (first.Number, second.Number).Should().Be(("2026/00042", "2026/00043"));
        closed.FirstSequence.Should().Be(42);
        closed.LastSequence.Should().Be(43);
        closed.LastIssueDate.Should().Be(new DateOnly(2026, 3, 2));
        closed.DayTotals.Should().Be(new NumberingTotals(2, 253334, 50666, 304000));
        closed.YearTotals.Should().Be(new NumberingTotals(43, 253434, 50686, 304120));
        closed.LastHash.Should().Be(NumberingHash.Next(
            NumberingHash.Next(new string('a', 64), "F2026-00042", "2026/00042", new DateOnly(2026, 3, 2), 152000),
            "F2026-00043", "2026/00043", new DateOnly(2026, 3, 2), 152000));
    }

    [Fact]
    public void A_closed_day_numbers_nothing_more_and_closing_again_changes_nothing()
    {
        var opened = DayOpened(new DateOnly(2026, 3, 2));
        var closed = When(new CloseNumberingDay(At(2026, 3, 3)), opened).Single();

        When(new CloseNumberingDay(At(2026, 3, 3)), opened, closed).Should().BeEmpty();
        var act = () => When(new IssueInvoice(Draft("c1"), At(2026, 3, 2, 22)), opened, closed);
        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("numbering.day-closed");
    }

    [Fact]
    public void The_next_day_opens_from_the_close_and_continues_the_numbers()
    {
        var monday = DayOpened(new DateOnly(2026, 3, 2));
        var first = Issued(Draft("c1"), At(2026, 3, 2));
        var closed = (NumberingDayClosed)When(new CloseNumberingDay(At(2026, 3, 3)), monday, first).Single();

        var tuesday = When(new OpenNumberingDay(Office, DocumentSeries.Invoices, new DateOnly(2026, 3, 3), closed.Carry, At(2026, 3, 3))).Single();
        var next = Issued(Draft("c2"), At(2026, 3, 3), Decider.Fold([tuesday]));

        next.Number.Should().Be("2026/00002");
        next.IssueDate.Should().Be(new DateOnly(2026, 3, 3));
        Decider.Fold([tuesday, next]).LastHash.Should().Be(NumberingHash.Next(closed.LastHash, next.InvoiceId, next.Number, next.IssueDate, next.Totals.TotalTtc));
        When(new OpenNumberingDay(Office, DocumentSeries.Invoices, new DateOnly(2026, 3, 3), closed.Carry, At(2026, 3, 3, 12)), tuesday)
            .Should().BeEmpty("opening an open day again is already done");
    }

    [Fact]
    public void A_day_can_be_listed_once_and_only_after_the_last_listed_day()
    {
        var days = NumberingDays.Decider;
        var first = days.Decide(new ListNumberingDay(Office, "F", new DateOnly(2026, 3, 2), null, 1, At(2026, 3, 2)), days.InitialState);
        var state = days.Fold(first);

        days.Decide(new ListNumberingDay(Office, "F", new DateOnly(2026, 3, 2), null, 1, At(2026, 3, 2)), state).Should().BeEmpty();
        var stale = () => days.Decide(new ListNumberingDay(Office, "F", new DateOnly(2026, 3, 4), null, 1, At(2026, 3, 4)), state);
        stale.Should().Throw<NumberingMoved>();
        days.Decide(new ListNumberingDay(Office, "F", new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 2), 7, At(2026, 3, 4)), state)
            .Should().ContainSingle().Which.Should().Be(new NumberingDayListed(Office, "F", new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 2), 7, At(2026, 3, 4)));
    }

    private static CreditNoteDraft CreditNote(string id, long amount = 30000, CreditNoteDisposition disposition = CreditNoteDisposition.KeepAsCredit) =>
        new(id, Office, Paris, Seller, Consumer, "F2026-00001", "2026/00001", new DateOnly(2026, 3, 1),
            [new InvoiceLineRequest("Avoir sur acompte", 1, amount, VatRate.Standard)], "Annulation plus d'un mois avant", disposition,
            new DateOnly(2027, 3, 1));

    [Fact]
    public void Credit_notes_have_their_own_series_and_refer_to_the_invoice()
    {
        var opened = DayOpened(new DateOnly(2026, 5, 1), DocumentSeries.CreditNotes);
        var first = (CreditNoteIssued)When(new IssueCreditNote(CreditNote("cn-1"), At(2026, 5, 1)), opened).Single();
        var second = (CreditNoteIssued)When(new IssueCreditNote(CreditNote("cn-2"), At(2026, 5, 1, 15)), opened, first).Single();

        first.Number.Should().Be("AV2026/00001");
        first.DocumentId.Should().Be("AV2026-00001");
        second.Number.Should().Be("AV2026/00002");
        first.InvoiceNumber.Should().Be("2026/00001");
        first.InvoiceDate.Should().Be(new DateOnly(2026, 3, 1));
        first.Totals.TotalVat.Should().Be(5000);
        DocumentSeries.CreditNotes.DayStreamId(Office, new DateOnly(2026, 5, 1)).Should().Be("billing-numbering:port-sainte-marie:AV:2026-05-01");
        When(new IssueCreditNote(CreditNote("cn-1"), At(2026, 5, 1, 16)), opened, first, second).Should().BeEmpty("the same credit note id is issued once");
    }

    [Fact]
    public void A_credit_note_kept_as_credit_needs_an_expiry_and_a_positive_amount()
    {
        var opened = DayOpened(new DateOnly(2026, 5, 1), DocumentSeries.CreditNotes);
        var noExpiry = () => When(new IssueCreditNote(CreditNote("cn-1") with { CreditExpiresOn = null }, At(2026, 5, 1)), opened);
        noExpiry.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("credit-note.expiry-required");
        var zero = () => When(new IssueCreditNote(CreditNote("cn-1", 0), At(2026, 5, 1)), opened);
        zero.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("credit-note.amount-not-positive");
        var refund = (CreditNoteIssued)When(new IssueCreditNote(CreditNote("cn-1", 100, CreditNoteDisposition.Refund), At(2026, 5, 1)), opened).Single();
        refund.CreditExpiresOn.Should().BeNull();
    }

    [Fact]
    public void An_invoice_stream_does_not_number_credit_notes()
    {
        var opened = DayOpened(new DateOnly(2026, 5, 1));
        var invoice = Issued(Draft("c1"), At(2026, 5, 1));
        var act = () => When(new IssueCreditNote(CreditNote("cn-1"), At(2026, 5, 1)), opened, invoice);
        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("numbering.wrong-stream");
    }

    [Theory]
    [InlineData("F2026-00001", "F", 2026, 1)]
    [InlineData("AV2027-00123", "AV", 2027, 123)]
    public void Document_ids_locate_their_stream(string id, string series, int year, int sequence)
    {
        DocumentSeries.TryParseDocumentId(id, out var s, out var y, out var n).Should().BeTrue();
        (s.Code, y, n).Should().Be((series, year, sequence));
    }

    [Theory]
    [InlineData("F2026-0001")]
    [InlineData("X2026-00001")]
    [InlineData("F26-00001")]
    [InlineData("F2026-00000")]
    public void Malformed_document_ids_are_rejected(string id) => DocumentSeries.TryParseDocumentId(id, out _, out _, out _).Should().BeFalse();
}
