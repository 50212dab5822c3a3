using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using static Monolith.Modules.Tests.Billing.BillingFixtures;
using Published = Monolith.Modules.Billing.Contracts.Facts;

namespace Monolith.Modules.Tests.Billing;

/// <summary>The facts a customer-account decision publishes: "invoice settled" is billing's one definition of "paid".</summary>
public class AccountFactsTests
{
    private const string Customer = "cust-1";
    private static readonly DateTimeOffset Now = At(2026, 3, 10);
    private static readonly Decider<AccountCommand, AccountEvent, CustomerAccountState> Decider = CustomerAccount.For(Customer);
    private static readonly PaymentDetails Cheque = new(PaymentMethod.Cheque, ChequeNumber: "0001234", Bank: "Crédit Agricole");
    private static readonly InvoiceFacts Order = new("F2026-00007", "2026/00007", new DateOnly(2026, 3, 1), Customer, 5000,
        [new RateAmount(VatRate.Standard, 5000)], "membership", "order-o1", new DateOnly(2026, 3, 31));

    private static (IReadOnlyList<AccountEvent> Events, IReadOnlyList<object> Facts) Decide(AccountCommand command, params AccountEvent[] given)
    {
        var before = Decider.Fold(given);
        var events = Decider.Decide(command, before);
        var after = events.Aggregate(before, Decider.Evolve);
        return (events, [.. Decider.Publish!(command, before, events, after)]);
    }

    private static RecordInvoicePayment PayOrder(string id, long amount) => new(id, Cheque, amount, new DateOnly(2026, 3, 12), Order, Now);

    [Fact]
    public void A_payment_that_brings_the_balance_to_zero_publishes_payment_received_and_invoice_settled_once()
    {
        var partial = Decide(PayOrder("p1", 2000));
        partial.Facts.Should().ContainSingle().Which.Should().BeOfType<Published.PaymentReceived>();

        var full = Decide(PayOrder("p2", 3000), [.. partial.Events]);
        full.Facts.Should().BeEquivalentTo(
            new object[]
            {
                new Published.PaymentReceived("p2", Customer, PaymentMethod.Cheque, 3000, new DateOnly(2026, 3, 12)),
                new Published.InvoiceSettled(Order.InvoiceId, Order.Number, Customer, "membership", "order-o1", 5000, 5000, new DateOnly(2026, 3, 12), Now),
            },
            o => o.RespectingRuntimeTypes().WithStrictOrdering());

        var after = Decide(PayOrder("p3", 1000), [.. partial.Events, .. full.Events]);
        after.Events.OfType<PaymentAllocated>().Should().BeEmpty("nothing is left to pay: the payment stays as customer credit");
        after.Facts.OfType<Published.InvoiceSettled>().Should().BeEmpty("an invoice is settled once");
    }

    [Fact]
    public void Paying_an_invoice_allocates_up_to_its_balance_and_keeps_the_rest_as_credit()
    {
        var (events, _) = Decide(PayOrder("p1", 8000));
        events.OfType<PaymentAllocated>().Should().ContainSingle().Which.Amount.Should().Be(5000);
        var state = events.Aggregate(Decider.InitialState, Decider.Evolve);
        state.IsSettled(Order).Should().BeTrue();
        state.Credits[CustomerAccount.PaymentSource("p1")].Remaining.Should().Be(3000);
    }

    [Fact]
    public void An_invoice_cancelled_wholly_by_a_credit_note_is_not_settled()
    {
        var (events, facts) = Decide(new ApplyCreditNote("cn-1", Order, [new RateAmount(VatRate.Standard, 5000)], CreditNoteDisposition.Refund, null, Now));

        events.Aggregate(Decider.InitialState, Decider.Evolve).BalanceOf(Order).Should().Be(0);
        facts.Should().BeEmpty("nothing was paid: the invoice is cancelled, not paid");
    }

    [Fact]
    public void An_overdue_invoice_is_recorded_and_published_once_and_never_when_paid()
    {
        var late = new RecordInvoiceOverdue(Order, new DateOnly(2026, 4, 1), Now);
        var (events, facts) = Decide(late);
        facts.Should().ContainSingle().Which.Should().Be(
            new Published.InvoiceOverdue(Order.InvoiceId, Order.Number, Customer, "membership", "order-o1", new DateOnly(2026, 3, 31), 5000, new DateOnly(2026, 4, 1)));
        Decide(late, [.. events]).Events.Should().BeEmpty("once per invoice");
        Decide(new RecordInvoiceOverdue(Order, new DateOnly(2026, 3, 31), Now)).Events.Should().BeEmpty("due today is not overdue");
        Decide(late, [.. Decide(PayOrder("p1", 5000)).Events]).Events.Should().BeEmpty("a paid invoice is never overdue");
    }
}
