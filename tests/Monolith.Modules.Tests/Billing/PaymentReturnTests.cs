using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Modules.Tests.Billing;

/// <summary>A received payment that comes back (a SEPA debit returned by the debtor's bank) reopens what it paid.</summary>
public class PaymentReturnTests
{
    private const string Customer = "holder-1";
    private static readonly DateTimeOffset Now = new(2026, 4, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly Decider<AccountCommand, AccountEvent, CustomerAccountState> Decider = CustomerAccount.For(Customer);
    private static readonly PaymentDetails Sepa = new(PaymentMethod.SepaDirectDebit, MandateReference: "RUM2026-ABCDEFGHJKMNPQRS");
    private static readonly InvoiceFacts Contract = new("inv-1", "2026/00001", new DateOnly(2026, 3, 1), Customer, 152000, [new RateAmount(VatRate.Standard, 152000)]);

    private static readonly AccountEvent[] PendingThenSettled =
    [
        new PaymentPending(Customer, "sdd-1", Sepa, 152000, Now),
        new PaymentReceived(Customer, "sdd-1", Sepa, 152000, new DateOnly(2026, 4, 15), Now),
        new PaymentAllocated(Customer, "sdd-1", Contract.InvoiceId, Contract.Number, 152000, Now),
    ];

    [Fact]
    public void A_returned_debit_reopens_the_invoice_balance_it_had_paid()
    {
        Decider.Fold(PendingThenSettled).BalanceOf(Contract).Should().Be(0);

        var events = Decider.Decide(new ReturnPayment("sdd-1", "AM04 Provision insuffisante", new DateOnly(2026, 4, 20), Now), Decider.Fold(PendingThenSettled));

        events.Should().BeEquivalentTo(
            new AccountEvent[]
            {
                new PaymentReturned(Customer, "sdd-1", PaymentMethod.SepaDirectDebit, 152000, [new ReturnedAllocation("inv-1", 152000)], 0,
                    "AM04 Provision insuffisante", new DateOnly(2026, 4, 20), Now),
            },
            o => o.RespectingRuntimeTypes());
        Decider.Fold([.. PendingThenSettled, .. events]).BalanceOf(Contract).Should().Be(152000);
    }

    [Fact]
    public void Returning_it_again_changes_nothing()
    {
        var returned = Decider.Decide(new ReturnPayment("sdd-1", "AM04", new DateOnly(2026, 4, 20), Now), Decider.Fold(PendingThenSettled));

        Decider.Decide(new ReturnPayment("sdd-1", "AM04", new DateOnly(2026, 4, 21), Now), Decider.Fold([.. PendingThenSettled, .. returned])).Should().BeEmpty();
    }

    [Fact]
    public void A_pending_payment_cannot_be_returned_it_fails()
    {
        var act = () => Decider.Decide(new ReturnPayment("sdd-1", "AM04", new DateOnly(2026, 4, 20), Now), Decider.Fold([PendingThenSettled[0]]));

        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("payment.not-received");
    }

    [Fact]
    public void The_statement_no_longer_counts_a_returned_payment()
    {
        var returned = Decider.Decide(new ReturnPayment("sdd-1", "AM04", new DateOnly(2026, 4, 20), Now), Decider.Fold(PendingThenSettled));
        var view = CustomerStatement.Build(Customer,
            [new CustomerAccountInvoice(Contract.InvoiceId, Contract.Number, Contract.IssueDate, Contract.IssueDate.AddDays(30), "Facture de contrat Annuel", 152000, 0, 152000)],
            [.. PendingThenSettled, .. returned], new DateOnly(2026, 4, 20));

        view.TotalPayments.Should().Be(0);
        view.Balance.Should().Be(152000);
        view.Invoices[0].Balance.Should().Be(152000);
    }
}
