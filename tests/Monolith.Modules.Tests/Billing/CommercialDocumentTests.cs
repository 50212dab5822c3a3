using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using static Monolith.Modules.Tests.Billing.BillingFixtures;

namespace Monolith.Modules.Tests.Billing;

/// <summary>Quotes, order forms and delivery notes: content and totals under the invoice's rules (no rendering here; the HTML and PDF
/// are tested through the API in Monolith.Host.Tests).</summary>
public class CommercialDocumentTests
{
    private static readonly VatRate Fee = VatRate.OutOfScope("Cotisation d'association sans contrepartie");

    private static BillingDocumentRequest Request(BillingDocumentKind kind, params InvoiceLineRequest[] lines) => new(
        kind,
        "DEV-2026-0042",
        new DateOnly(2026, 3, 1),
        Consumer,
        lines.Length > 0
            ? lines
            : [new InvoiceLineRequest("Cotisation annuelle", 1, 5000, Fee), new InvoiceLineRequest("Pack PRO", 1, 24000, VatRate.Standard),
               new InvoiceLineRequest("Pack tourisme de loisirs", 1, 27600, VatRate.Standard)],
        "membership",
        "order-7");

    [Theory]
    [InlineData(BillingDocumentKind.Quote)]
    [InlineData(BillingDocumentKind.OrderForm)]
    [InlineData(BillingDocumentKind.DeliveryNote)]
    public void The_totals_and_VAT_per_rate_are_the_invoices_own(BillingDocumentKind kind)
    {
        var request = Request(kind);

        var document = CommercialDocuments.Build(request, Seller, 30);

        // The seed basket: 50 € (hors champ) + 240 € + 276 € → 566 € dont 86 €, exactly as an invoice of the same lines.
        var invoice = Issued(Draft("order-7", lines: [.. request.Lines]), At(2026, 3, 1));
        document.Totals.Should().BeEquivalentTo(invoice.Totals);
        document.Totals.TotalTtc.Should().Be(56600);
        document.Totals.TotalVat.Should().Be(8600);
        document.Model.Vat.Select(v => (v.Rate, v.Vat)).Should().Equal(("20 %", Euros.Format(8600)), ("Hors champ de TVA", Euros.Format(0)));
        document.Model.Seller.Should().Be(Seller);
        document.Model.NotAnInvoiceMention.Should().Be("Ce document n'est pas une facture.");
        document.Model.SourceReference.Should().Be("membership/order-7");
    }

    [Fact]
    public void A_quote_is_valid_for_the_offices_number_of_days_unless_a_date_is_given_and_has_the_signature_block()
    {
        var byDefault = CommercialDocuments.Build(Request(BillingDocumentKind.Quote), Seller, 45);
        byDefault.ValidUntil.Should().Be(new DateOnly(2026, 4, 15));
        byDefault.Model.ValidUntil.Should().Be("15/04/2026");
        byDefault.Model.Signature.Should().BeTrue();
        byDefault.Model.Title.Should().Be("Devis");
        byDefault.FileName.Should().Be("devis-DEV-2026-0042");
        byDefault.Template.Should().Be("billing.quote");

        var given = CommercialDocuments.Build(Request(BillingDocumentKind.Quote) with { ValidUntil = new DateOnly(2026, 3, 10), SignatureBlock = false }, Seller, 45);
        given.ValidUntil.Should().Be(new DateOnly(2026, 3, 10));
        given.Model.Signature.Should().BeFalse();
    }

    [Fact]
    public void Only_a_quote_has_a_validity_date_and_a_signature_block()
    {
        var order = CommercialDocuments.Build(Request(BillingDocumentKind.OrderForm), Seller, 30);
        order.ValidUntil.Should().BeNull();
        order.Model.Signature.Should().BeFalse();
        order.Model.Title.Should().Be("Bon de commande");

        var act = () => CommercialDocuments.Build(Request(BillingDocumentKind.DeliveryNote) with { ValidUntil = new DateOnly(2026, 4, 1) }, Seller, 30);
        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("delivery-note.validity-not-applicable");
    }

    [Fact]
    public void A_quote_cannot_expire_before_its_date()
    {
        var act = () => CommercialDocuments.Build(Request(BillingDocumentKind.Quote) with { ValidUntil = new DateOnly(2026, 2, 28) }, Seller, 30);

        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("quote.validity-before-date");
    }

    [Fact]
    public void A_deposit_is_at_most_the_total_and_the_balance_after_it_is_printed()
    {
        var quote = CommercialDocuments.Build(Request(BillingDocumentKind.Quote) with { Deposit = 16980 }, Seller, 30);
        quote.Model.Deposit.Should().Be(Euros.Format(16980));
        quote.Model.RemainingAfterDeposit.Should().Be(Euros.Format(56600 - 16980));

        var tooMuch = () => CommercialDocuments.Build(Request(BillingDocumentKind.Quote) with { Deposit = 56601 }, Seller, 30);
        tooMuch.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("quote.deposit-out-of-range");
        var onDelivery = () => CommercialDocuments.Build(Request(BillingDocumentKind.DeliveryNote) with { Deposit = 100 }, Seller, 30);
        onDelivery.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("delivery-note.deposit-not-applicable");
    }

    [Fact]
    public void A_delivery_note_prints_its_delivery_date_and_the_order_it_follows()
    {
        var note = CommercialDocuments.Build(
            Request(BillingDocumentKind.DeliveryNote) with { DeliveryDate = new DateOnly(2026, 3, 5), RelatedReference = "Bon de commande BC-12" }, Seller, 30);

        note.Model.DeliveryDate.Should().Be("05/03/2026");
        note.Model.RelatedReference.Should().Be("Bon de commande BC-12");
        note.Template.Should().Be("billing.delivery-note");
    }

    [Fact]
    public void A_VAT_exempt_office_prints_every_line_out_of_scope_and_a_discount_cannot_exceed_what_it_reduces()
    {
        var exempt = CommercialDocuments.Build(Request(BillingDocumentKind.Quote), Seller with { VatExempt = true }, 30);
        exempt.Totals.TotalVat.Should().Be(0);
        exempt.Model.Vat.Should().ContainSingle().Which.Reason.Should().Be(BillingTexts.VatExemptReason);

        var act = () => CommercialDocuments.Build(
            Request(BillingDocumentKind.OrderForm, new InvoiceLineRequest("Visite", 1, 1000, VatRate.Standard), new InvoiceLineRequest("Remise", 1, -1001, VatRate.Standard)),
            Seller, 30);
        act.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("order-form.negative-total");
        var none = () => CommercialDocuments.Build(Request(BillingDocumentKind.OrderForm) with { Lines = [] }, Seller, 30);
        none.Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("order-form.no-lines");
    }
}
