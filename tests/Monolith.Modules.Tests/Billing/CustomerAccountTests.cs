using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using static Monolith.Modules.Tests.Billing.BillingFixtures;

namespace Monolith.Modules.Tests.Billing;

public class CustomerAccountTests
{
    private const string Customer = "cust-1";
    private static readonly DateTimeOffset Now = At(2026, 3, 10);
    private static readonly Decider<AccountCommand, AccountEvent, CustomerAccountState> Decider = CustomerAccount.For(Customer);
    private static readonly PaymentDetails Cheque = new(PaymentMethod.Cheque, ChequeNumber: "0001234", Bank: "Crédit Agricole");
    private static readonly PaymentDetails Card = new(PaymentMethod.Card, ProviderReference: "cmcic-889977", CardLast4: "4242");

    private static InvoiceFacts Invoice(string id, long ttc, string customer = Customer) =>
        new(id, id.Replace("F", "").Replace('-', '/'), new DateOnly(2026, 3, 1), customer, ttc, [new RateAmount(VatRate.Standard, ttc)]);

    private static readonly InvoiceFacts Contract = Invoice("F2026-02135", 152000);
    private static readonly InvoiceFacts Service = Invoice("F2026-02235", 17800);

    private static IReadOnlyList<AccountEvent> When(AccountCommand command, params AccountEvent[] given) => Decider.Decide(command, Decider.Fold(given));

    private static AccountEvent[] Then(AccountCommand command, params AccountEvent[] given) => [.. given, .. When(command, given)];

    private static RecordPayment Pay(string id, long amount, params Allocation[] allocations) =>
        new(id, Cheque, amount, new DateOnly(2026, 3, 10), allocations, Now);

    private static void Violates(Action act, string code) => act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be(code);

    [Fact]
    public void A_received_payment_is_recorded_and_allocated_in_one_decision()
    {
        When(Pay("p1", 67000, new Allocation(Contract, 67000))).Should().BeEquivalentTo(
            new AccountEvent[]
            {
                new PaymentReceived(Customer, "p1", Cheque, 67000, new DateOnly(2026, 3, 10), Now),
                new PaymentAllocated(Customer, "p1", Contract.InvoiceId, Contract.Number, 67000, Now),
            },
            o => o.RespectingRuntimeTypes().WithStrictOrdering());
    }

    [Fact]
    public void Recording_the_same_payment_again_is_already_done_but_a_different_one_under_the_same_id_is_a_conflict()
    {
        var given = Then(Pay("p1", 67000, new Allocation(Contract, 67000)));

        When(Pay("p1", 67000, new Allocation(Contract, 67000)), given).Should().BeEmpty();
        var act = () => When(Pay("p1", 1000), given);
        act.Should().Throw<DomainRuleViolation>().Which.IsConflict.Should().BeTrue();
    }

    [Fact]
    public void Partial_payments_leave_a_balance_and_an_allocation_cannot_exceed_it()
    {
        var given = Then(Pay("p1", 67000, new Allocation(Contract, 67000)));
        var state = Decider.Fold(given);
        state.BalanceOf(Contract).Should().Be(85000);

        Violates(() => When(Pay("p2", 90000, new Allocation(Contract, 90000)), given), "allocation.exceeds-balance");
        var second = Then(Pay("p2", 85000, new Allocation(Contract, 85000)), given);
        Decider.Fold(second).BalanceOf(Contract).Should().Be(0);
    }

    [Fact]
    public void One_payment_can_be_allocated_to_several_invoices_but_not_beyond_its_amount()
    {
        var events = When(Pay("p1", 100000, new Allocation(Contract, 82200), new Allocation(Service, 17800)));
        events.OfType<PaymentAllocated>().Select(a => a.Amount).Should().Equal(82200, 17800);

        Violates(() => When(Pay("p2", 1000, new Allocation(Contract, 600), new Allocation(Service, 600))), "allocation.exceeds-payment");
    }

    [Fact]
    public void An_overpayment_becomes_customer_credit_used_against_a_later_invoice()
    {
        var given = Then(Pay("p1", 20000, new Allocation(Service, 17800)));
        Decider.Fold(given).Credits[CustomerAccount.PaymentSource("p1")].Remaining.Should().Be(2200);

        var used = When(new UseCustomerCredit(Contract, new DateOnly(2026, 4, 1), Now), given);

        used.Should().BeEquivalentTo(
            new AccountEvent[] { new PaymentAllocated(Customer, "p1", Contract.InvoiceId, Contract.Number, 2200, Now) },
            o => o.RespectingRuntimeTypes());
    }

    [Fact]
    public void A_pending_card_payment_does_not_count_until_received()
    {
        var pending = new RecordPayment("p1", Card, 85000, null, [], Now);
        var given = Then(pending);
        given.Should().ContainSingle().Which.Should().BeOfType<PaymentPending>();
        Decider.Fold(given).Credits.Should().BeEmpty("a pending payment is not money received");
        Violates(() => When(new AllocatePayment("p1", [new Allocation(Contract, 85000)], Now), given), "payment.not-received");
        Violates(() => When(pending with { Allocations = [new Allocation(Contract, 85000)] }), "payment.pending-cannot-be-allocated");

        var confirmed = When(new ConfirmPayment("p1", new DateOnly(2026, 3, 11), [new Allocation(Contract, 85000)], Now), given);
        confirmed.Select(e => e.GetType()).Should().Equal(typeof(PaymentReceived), typeof(PaymentAllocated));
        When(new ConfirmPayment("p1", new DateOnly(2026, 3, 11), [], Now), [.. given, .. confirmed]).Should().BeEmpty();
    }

    [Fact]
    public void A_failed_card_payment_cannot_be_confirmed()
    {
        var given = Then(new FailPayment("p1", "Refusé par la banque", Now), Then(new RecordPayment("p1", Card, 85000, null, [], Now)));
        given.Last().Should().BeOfType<PaymentFailed>();
        var act = () => When(new ConfirmPayment("p1", new DateOnly(2026, 3, 11), [], Now), given);
        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("payment.failed");
    }

    [Theory]
    [InlineData(PaymentMethod.Card, null, null, "payment.provider-reference-required")]
    [InlineData(PaymentMethod.Cheque, null, "Banque", "payment.cheque-details-required")]
    [InlineData(PaymentMethod.SepaDirectDebit, null, null, "payment.mandate-reference-required")]
    public void Payment_methods_need_their_details(PaymentMethod method, string? number, string? bank, string code) =>
        Violates(() => When(new RecordPayment("p1", new PaymentDetails(method, ChequeNumber: number, Bank: bank), 1000, new DateOnly(2026, 3, 1), [], Now)), code);

    [Fact]
    public void Card_numbers_are_never_kept_only_the_last_four_digits() =>
        Violates(
            () => When(new RecordPayment("p1", Card with { CardLast4 = "4970101234564242" }, 1000, new DateOnly(2026, 3, 1), [], Now)),
            "payment.card-data-refused");

    [Fact]
    public void Cash_and_transfers_need_no_extra_details_and_amounts_must_be_positive()
    {
        When(new RecordPayment("p1", new PaymentDetails(PaymentMethod.Cash), 1000, new DateOnly(2026, 3, 1), [], Now)).Should().ContainSingle();
        Violates(() => When(new RecordPayment("p1", new PaymentDetails(PaymentMethod.Cash), 0, new DateOnly(2026, 3, 1), [], Now)), "payment.amount-not-positive");
    }

    [Fact]
    public void An_invoice_of_another_customer_cannot_be_allocated() =>
        Violates(() => When(Pay("p1", 1000, new Allocation(Invoice("F2026-00009", 1000, "cust-9"), 1000))), "billing.invoice-of-another-customer");

    private static ApplyCreditNote CreditNote(string id, InvoiceFacts invoice, long amount, CreditNoteDisposition disposition = CreditNoteDisposition.KeepAsCredit) =>
        new(id, invoice, [new RateAmount(VatRate.Standard, amount)], disposition, new DateOnly(2027, 3, 10), Now);

    [Fact]
    public void A_credit_note_on_an_unpaid_invoice_cancels_its_balance()
    {
        var applied = (CreditNoteApplied)When(CreditNote("cn-1", Service, 17800)).Single();

        applied.OffsetOnInvoice.Should().Be(17800);
        applied.Remainder.Should().Be(0);
        Decider.Fold([applied]).BalanceOf(Service).Should().Be(0);
        Decider.Fold([applied]).Credits.Should().BeEmpty();
    }

    [Fact]
    public void A_credit_note_on_a_paid_invoice_becomes_customer_credit_until_its_expiry()
    {
        var given = Then(Pay("p1", 17800, new Allocation(Service, 17800)));

        var applied = (CreditNoteApplied)When(CreditNote("cn-1", Service, 5000), given).Single();

        applied.OffsetOnInvoice.Should().Be(0);
        applied.Remainder.Should().Be(5000);
        var credit = Decider.Fold([.. given, applied]).Credits[CustomerAccount.CreditNoteSource("cn-1")];
        credit.Should().Be(new CreditSource("credit-note:cn-1", CreditKind.CreditNote, "cn-1", 5000, new DateOnly(2027, 3, 10), false));
    }

    [Fact]
    public void A_credit_note_cannot_exceed_what_remains_creditable_per_rate()
    {
        var mixed = new InvoiceFacts("F2026-00010", "2026/00010", new DateOnly(2026, 3, 1), Customer, 56600,
            [new RateAmount(VatRate.Standard, 51600), new RateAmount(VatRate.OutOfScope("Cotisation"), 5000)]);
        var given = Then(CreditNote("cn-1", mixed, 50000));

        Violates(() => When(CreditNote("cn-2", mixed, 1601), given), "credit-note.exceeds-invoice");
        When(CreditNote("cn-2", mixed, 1600), given).Should().ContainSingle();
        Violates(() => When(new ApplyCreditNote("cn-3", mixed, [new RateAmount(VatRate.Reduced, 100)], CreditNoteDisposition.Refund, null, Now)), "credit-note.exceeds-invoice");
        When(CreditNote("cn-1", mixed, 50000), given).Should().BeEmpty("the same credit note is applied once");
    }

    [Fact]
    public void Customer_credit_is_consumed_against_later_invoices_until_it_expires()
    {
        var given = Then(CreditNote("cn-1", Service, 5000), Then(Pay("p1", 17800, new Allocation(Service, 17800))));

        var used = When(new UseCustomerCredit(Contract, new DateOnly(2027, 3, 10), Now), given);
        used.Should().BeEquivalentTo(
            new AccountEvent[] { new CustomerCreditUsed(Customer, "credit-note:cn-1", Contract.InvoiceId, Contract.Number, 5000, new DateOnly(2027, 3, 10), Now) },
            o => o.RespectingRuntimeTypes());
        Decider.Fold([.. given, .. used]).BalanceOf(Contract).Should().Be(147000);

        Violates(() => When(new UseCustomerCredit(Contract, new DateOnly(2027, 3, 11), Now), given), "credit.expired");
    }

    [Fact]
    public void Credit_is_used_soonest_expiry_first_and_only_up_to_the_balance()
    {
        var given = new AccountEvent[]
        {
            new CreditNoteApplied(Customer, "cn-late", "F2026-00001", "2026/00001", [], 10000, 0, 10000, CreditNoteDisposition.KeepAsCredit, new DateOnly(2027, 6, 1), Now),
            new CreditNoteApplied(Customer, "cn-soon", "F2026-00002", "2026/00002", [], 3000, 0, 3000, CreditNoteDisposition.KeepAsCredit, new DateOnly(2027, 1, 1), Now),
        };

        var used = When(new UseCustomerCredit(Service, new DateOnly(2026, 12, 1), Now), given).Cast<CustomerCreditUsed>().ToList();

        used.Select(u => (u.SourceId, u.Amount)).Should().Equal(("credit-note:cn-soon", 3000L), ("credit-note:cn-late", 10000L));
        Decider.Fold([.. given, .. used]).BalanceOf(Service).Should().Be(4800);
    }

    [Fact]
    public void Using_credit_on_a_settled_invoice_is_already_done_and_without_credit_it_is_refused()
    {
        var paid = Then(Pay("p1", 17800, new Allocation(Service, 17800)));
        When(new UseCustomerCredit(Service, new DateOnly(2026, 4, 1), Now), paid).Should().BeEmpty();
        Violates(() => When(new UseCustomerCredit(Service, new DateOnly(2026, 4, 1), Now)), "credit.none-available");
    }

    [Fact]
    public void Expiring_credit_records_each_expired_credit_once()
    {
        var given = Then(CreditNote("cn-1", Service, 5000), Then(Pay("p1", 17800, new Allocation(Service, 17800))));

        When(new ExpireCredits(new DateOnly(2027, 3, 10), Now), given).Should().BeEmpty("still valid on its last day");
        var expired = Then(new ExpireCredits(new DateOnly(2027, 3, 11), Now), given);
        expired.Last().Should().BeEquivalentTo(new CustomerCreditExpired(Customer, "credit-note:cn-1", 5000, new DateOnly(2027, 3, 11), Now));
        When(new ExpireCredits(new DateOnly(2027, 4, 1), Now), expired).Should().BeEmpty();
        Violates(() => When(new UseCustomerCredit(Contract, new DateOnly(2027, 3, 1), Now), expired), "credit.expired");
    }

    [Fact]
    public void Refunds_are_recorded_against_a_credit_and_cannot_exceed_it()
    {
        var given = Then(CreditNote("cn-1", Service, 5000, CreditNoteDisposition.Refund), Then(Pay("p1", 17800, new Allocation(Service, 17800))));
        var transfer = new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: "VIR-REMB-1");

        Violates(() => When(new RecordRefund("r1", "credit-note:cn-1", 5001, transfer, new DateOnly(2026, 4, 1), Now), given), "refund.exceeds-credit");
        var refunded = Then(new RecordRefund("r1", "credit-note:cn-1", 5000, transfer, new DateOnly(2026, 4, 1), Now), given);
        refunded.Last().Should().BeOfType<RefundRecorded>();
        Decider.Fold(refunded).Credits["credit-note:cn-1"].Remaining.Should().Be(0);
        When(new RecordRefund("r1", "credit-note:cn-1", 5000, transfer, new DateOnly(2026, 4, 1), Now), refunded).Should().BeEmpty();
        var unknown = () => When(new RecordRefund("r2", "credit-note:nope", 1, transfer, new DateOnly(2026, 4, 1), Now), refunded);
        unknown.Should().Throw<NotFoundException>();
    }

    [Fact]
    public void Expired_credit_cannot_be_refunded_either()
    {
        var given = Then(CreditNote("cn-1", Service, 5000), Then(Pay("p1", 17800, new Allocation(Service, 17800))));
        Violates(
            () => When(new RecordRefund("r1", "credit-note:cn-1", 5000, new PaymentDetails(PaymentMethod.Cash), new DateOnly(2027, 3, 11), Now), given),
            "credit.expired");
    }
}
