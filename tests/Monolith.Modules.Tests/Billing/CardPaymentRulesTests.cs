using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Payments;
using static Monolith.Modules.Tests.Billing.BillingFixtures;

namespace Monolith.Modules.Tests.Billing;

/// <summary>PCI DSS on the customer account: a card payment keeps the provider's reference and at most the last 4 digits.</summary>
public class CardPaymentRulesTests
{
    private const string Customer = "cust-1";
    private static readonly DateTimeOffset Now = At(2026, 3, 10);
    private static readonly Decider<AccountCommand, AccountEvent, CustomerAccountState> Decider = CustomerAccount.For(Customer);
    private static readonly PaymentDetails Card = new(PaymentMethod.Card, ProviderReference: "tp-abcdefghij");
    private static readonly InvoiceFacts Invoice = new("F2026-00001", "2026/00001", new DateOnly(2026, 3, 1), Customer, 85000, [new RateAmount(VatRate.Standard, 85000)]);

    [Theory]
    [InlineData("4242424242424242", true)]
    [InlineData("4242 4242 4242 4242", true)]
    [InlineData("ref 4000-0566-5566-5556 ok", true)] // Luhn-valid, grouped by dashes
    [InlineData("4242424242424241", false)] // fails Luhn
    [InlineData("FR7630006000011234567890189", false)] // an IBAN: 25 digits, not a card number
    [InlineData("4242", false)]
    [InlineData("2026-03-01T09:00:00+00:00", false)]
    [InlineData("tp-abcdefghijklmnopqrstuvwx", false)]
    [InlineData(null, false)]
    public void A_card_number_is_recognised_by_its_length_and_Luhn_check(string? text, bool expected) =>
        CardData.ContainsCardNumber(text).Should().Be(expected);

    [Fact]
    public void A_pending_card_payment_is_confirmed_with_the_last_4_digits_the_provider_reports()
    {
        var given = Decider.Decide(new RecordPayment("card-1", Card, 85000, null, [], Now), Decider.InitialState).ToArray();

        var events = Decider.Decide(new ConfirmPayment("card-1", new DateOnly(2026, 3, 10), [new Allocation(Invoice, 85000)], Now, "4242"), Decider.Fold(given));

        events[0].Should().Be(new PaymentReceived(Customer, "card-1", Card with { CardLast4 = "4242" }, 85000, new DateOnly(2026, 3, 10), Now));
        events[1].Should().BeOfType<PaymentAllocated>().Which.Amount.Should().Be(85000);
    }

    [Theory]
    [InlineData("4242424242424242", null)]
    [InlineData("psp-1", "4242424242424242")]
    [InlineData("psp-1", "42a2")]
    public void Anything_more_than_the_reference_and_4_digits_of_the_card_is_refused(string reference, string? last4)
    {
        var act = () => Decider.Decide(new RecordPayment("card-1", new PaymentDetails(PaymentMethod.Card, reference, last4), 85000, null, [], Now), Decider.InitialState);

        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("payment.card-data-refused");
    }

    [Fact]
    public void A_card_number_hidden_in_another_field_is_refused_too()
    {
        var act = () => Decider.Decide(
            new RecordPayment("t-1", new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: "VIR 4242 4242 4242 4242"), 85000, new DateOnly(2026, 3, 10), [], Now),
            Decider.InitialState);

        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("payment.card-data-refused");
    }

    [Fact]
    public void A_checkout_is_started_once_per_provider_reference()
    {
        var start = new StartCardCheckout("test", "tp-abc", Customer, "card-tp-abc", Invoice.InvoiceId, Invoice.Number, 85000, Now);

        var first = CardCheckout.Decide(start, CardCheckoutState.Initial);
        first.Should().ContainSingle().Which.Should().BeOfType<CardCheckoutStarted>();
        CardCheckout.Decide(start, first.Aggregate(CardCheckoutState.Initial, CardCheckout.Evolve)).Should().BeEmpty();
    }
}
