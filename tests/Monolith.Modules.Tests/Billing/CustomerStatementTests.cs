using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using static Monolith.Modules.Tests.Billing.BillingFixtures;

namespace Monolith.Modules.Tests.Billing;

public class CustomerStatementTests
{
    private static readonly DateTimeOffset Now = At(2026, 4, 20);

    /// <summary>The marina seed: 2016/02135 of 1 520 € paid 670 € and 2016/02235 of 178 € paid 178 €.</summary>
    private static List<object> MarinaEvents()
    {
        var contract = Issued(
            Draft("contrat-2026", Consumer, 30, null, new InvoiceLineRequest("Contrat annuel", 1, 152000, VatRate.Standard)) with { Label = "Facture de contrat Annuel" },
            At(2026, 3, 1));
        var state = OpenedOn(new DateOnly(2026, 4, 12), lastSequence: contract.Sequence);
        var service = Issued(
            Draft("prestation-1", Consumer, 30, null, new InvoiceLineRequest("Grutage", 1, 17800, VatRate.Standard)) with { Label = "Facture de prestation" },
            At(2026, 4, 12),
            state);
        var account = CustomerAccount.For(Consumer.CustomerId);
        var cheque = new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: "1", Bank: "CIC");
        var paid = account.Decide(
            new RecordPayment("p1", cheque, 67000, new DateOnly(2026, 3, 15), [new Allocation(InvoiceFacts.From(contract), 67000)], Now),
            account.InitialState);
        var paid2 = account.Decide(
            new RecordPayment("p2", cheque, 17800, new DateOnly(2026, 4, 15), [new Allocation(InvoiceFacts.From(service), 17800)], Now),
            account.Fold(paid));
        return [contract, service, .. paid, .. paid2];
    }

    [Fact]
    public void The_marina_seed_account_totals_1698_848_850()
    {
        var view = CustomerStatement.Build(Consumer.CustomerId, MarinaEvents(), new DateOnly(2026, 4, 20));

        view.Invoices.Select(i => (i.Number, i.Label, i.TotalTtc, i.Paid, i.Balance)).Should().Equal(
            ("2026/00001", "Facture de contrat Annuel", 152000L, 67000L, 85000L),
            ("2026/00002", "Facture de prestation", 17800L, 17800L, 0L));
        view.TotalInvoices.Should().Be(169800);
        view.TotalPayments.Should().Be(84800);
        view.Balance.Should().Be(85000);
        view.Credits.Should().BeEmpty();
    }

    [Fact]
    public void Credit_notes_overpayments_refunds_and_expiries_all_count_in_the_balance()
    {
        var events = MarinaEvents();
        var account = CustomerAccount.For(Consumer.CustomerId);
        var state = account.Fold(events.OfType<AccountEvent>());
        var service = InvoiceFacts.From(events.OfType<InvoiceIssued>().Last());
        var credit = account.Decide(
            new ApplyCreditNote("cn-1", service, [new RateAmount(VatRate.Standard, 3000)], CreditNoteDisposition.KeepAsCredit, new DateOnly(2027, 4, 15), Now), state);
        var over = account.Decide(
            new RecordPayment("p3", new PaymentDetails(PaymentMethod.Cash), 90000, new DateOnly(2026, 4, 20),
                [new Allocation(InvoiceFacts.From(events.OfType<InvoiceIssued>().First()), 85000)], Now),
            account.Fold([.. events.OfType<AccountEvent>(), .. credit]));
        events.AddRange(credit);
        events.AddRange(over);

        var view = CustomerStatement.Build(Consumer.CustomerId, events, new DateOnly(2026, 4, 20));

        view.TotalCreditNotes.Should().Be(3000);
        view.TotalPayments.Should().Be(84800 + 90000);
        view.Balance.Should().Be(169800 - 3000 - 174800, "the customer holds 3 000 of credit note and 5 000 of overpayment: −80,00 €");
        view.Credits.Select(c => (c.Kind, c.Remaining)).Should().BeEquivalentTo([("avoir", 3000L), ("trop-perçu", 5000L)]);

        var expiredView = CustomerStatement.Build(
            Consumer.CustomerId,
            [.. events, new CustomerCreditExpired(Consumer.CustomerId, "credit-note:cn-1", 3000, new DateOnly(2027, 4, 16), Now)],
            new DateOnly(2027, 4, 16));
        expiredView.Balance.Should().Be(-5000, "expired credit is lost to the customer");
        expiredView.Credits.Should().ContainSingle().Which.Kind.Should().Be("trop-perçu");
    }

    [Fact]
    public void Events_of_other_customers_are_ignored()
    {
        var view = CustomerStatement.Build("someone-else", MarinaEvents(), new DateOnly(2026, 4, 20));
        view.Invoices.Should().BeEmpty();
        view.Balance.Should().Be(0);
    }
}
