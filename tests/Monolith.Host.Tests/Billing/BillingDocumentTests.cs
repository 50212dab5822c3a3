using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Billing;

/// <summary>Quotes, order forms and delivery notes rendered through the staff endpoint and the <see cref="IBillingDocuments"/> contract.</summary>
public sealed class BillingDocumentTests
{
    private static readonly VatRate Fee = VatRate.OutOfScope("Cotisation d'association sans contrepartie");

    private static readonly BillingCustomer Group = new(
        "group-7", CustomerKind.Business, "Comité des fêtes de Canet", new BillingAddress("5 place de la Mairie", "66140", "Canet-en-Roussillon"),
        "comite@example.fr", VatNumber: "FR55123456789", Siren: "123456789");

    private static BillingDocumentRequest Request(BillingDocumentKind kind) => new(
        kind,
        "DEV-2026-0042",
        new DateOnly(2026, 3, 1),
        Group,
        [
            new InvoiceLineRequest("Nuitée en gîte de groupe", 2, 45000, VatRate.Intermediate),
            new InvoiceLineRequest("Visite guidée du port", 1, 24000, VatRate.Standard),
            new InvoiceLineRequest("Adhésion association", 1, 5000, Fee),
        ],
        "bookings",
        "booking-12",
        Label: "Séjour groupe du 12 au 14 juin",
        Deposit: kind == BillingDocumentKind.DeliveryNote ? null : 35700);

    private static void ShouldHaveTheMandatoryContent(string html, string title)
    {
        html.Should().StartWith("<!DOCTYPE html", "a whole printable page");
        html.Should().Contain($"{title} n° DEV-2026-0042").And.Contain("Date d'émission : 01/03/2026");
        // Seller identity from the office's settings.
        html.Should().Contain("Port de Sainte Marie la Mer").And.Contain("SIREN 732829320").And.Contain("FR44732829320").And.Contain("1 quai du Port");
        // Customer.
        html.Should().Contain("Comité des fêtes de Canet").And.Contain("5 place de la Mairie").And.Contain("FR55123456789");
        // Lines.
        html.Should().Contain("Nuitée en gîte de groupe").And.Contain("Visite guidée du port").And.Contain("Adhésion association");
        // VAT per rate: 900 € at 10 % (81,82 €), 240 € at 20 % (40 €), 50 € out of scope; totals 1 190 € TTC dont 121,82 €.
        html.Should().Contain("<td>10 %</td><td>" + Euros.Format(81818) + "</td><td>" + Euros.Format(8182) + "</td><td>" + Euros.Format(90000) + "</td>");
        html.Should().Contain("<td>20 %</td><td>" + Euros.Format(20000) + "</td><td>" + Euros.Format(4000) + "</td><td>" + Euros.Format(24000) + "</td>");
        html.Should().Contain("Hors champ de TVA — Cotisation d");
        html.Should().Contain("Total HT : " + Euros.Format(106818)).And.Contain("Total TVA : " + Euros.Format(12182)).And.Contain("Total TTC : " + Euros.Format(119000));
        html.Should().Contain("Ce document n'est pas une facture.").And.Contain("bookings/booking-12");
        html.Should().NotContain("Échéance", "these documents have no payment due date");
    }

    [Fact]
    public async Task A_quote_shows_seller_customer_lines_VAT_per_rate_totals_validity_deposit_and_the_signature_block()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        var response = await staff.PostAsJsonAsync("/api/billing/documents/quote/html", Request(BillingDocumentKind.Quote));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");

        ShouldHaveTheMandatoryContent(html, "Devis");
        html.Should().Contain("Devis valable jusqu'au 31/03/2026 inclus.", "30 days by default");
        html.Should().Contain("Acompte demandé : " + Euros.Format(35700) + " — solde : " + Euros.Format(119000 - 35700));
        html.Should().Contain("Bon pour accord").And.Contain("Signature :");
        html.Should().Contain("Objet : Séjour groupe du 12 au 14 juin");
    }

    [Fact]
    public async Task An_order_form_and_a_delivery_note_have_the_mandatory_content_and_no_validity_or_signature()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        var order = await staff.PostAsJsonAsync("/api/billing/documents/order-form/html", Request(BillingDocumentKind.Quote) with { RelatedReference = "Devis DEV-2026-0041" });
        var orderHtml = await order.Content.ReadAsStringAsync();
        order.StatusCode.Should().Be(HttpStatusCode.OK, orderHtml);
        ShouldHaveTheMandatoryContent(orderHtml, "Bon de commande");
        orderHtml.Should().Contain("Document lié : Devis DEV-2026-0041").And.NotContain("valable jusqu").And.NotContain("Bon pour accord");

        var delivery = await staff.PostAsJsonAsync("/api/billing/documents/delivery-note/html", Request(BillingDocumentKind.DeliveryNote) with { DeliveryDate = new DateOnly(2026, 6, 12) });
        var deliveryHtml = await delivery.Content.ReadAsStringAsync();
        delivery.StatusCode.Should().Be(HttpStatusCode.OK, deliveryHtml);
        ShouldHaveTheMandatoryContent(deliveryHtml, "Bon de livraison");
        deliveryHtml.Should().Contain("Date de livraison : 12/06/2026").And.NotContain("Acompte").And.NotContain("Bon pour accord");
    }

    [Fact]
    public async Task Selling_modules_render_through_the_contract_with_the_invoice_totals()
    {
        await using var app = new BillingApp();
        _ = app.CreateClient();
        var documents = app.Services.GetRequiredService<IBillingDocuments>();

        var quote = await documents.RenderHtmlAsync("port-a", Request(BillingDocumentKind.Quote) with { ValidUntil = new DateOnly(2026, 3, 15) });

        quote.TotalTtc.Should().Be(119000);
        quote.TotalVat.Should().Be(12182);
        quote.TotalHt.Should().Be(106818);
        quote.ValidUntil.Should().Be(new DateOnly(2026, 3, 15));
        quote.FileName.Should().Be("devis-DEV-2026-0042");
        quote.Html.Should().Contain("Devis valable jusqu'au 15/03/2026 inclus.");
    }

    [Fact]
    public async Task Broken_requests_are_refused_with_problem_details_and_an_unknown_kind_is_not_found()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        (await staff.PostAsJsonAsync("/api/billing/documents/quote/html", Request(BillingDocumentKind.Quote) with { Lines = [] }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var tooMuch = await staff.PostAsJsonAsync("/api/billing/documents/quote/html", Request(BillingDocumentKind.Quote) with { Deposit = 119001 });
        tooMuch.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await tooMuch.Content.ReadAsStringAsync()).Should().Contain("quote.deposit-out-of-range");
        (await staff.PostAsJsonAsync("/api/billing/documents/invoice/html", Request(BillingDocumentKind.Quote)))
            .StatusCode.Should().Be(HttpStatusCode.NotFound, "invoices are issued and numbered, not previewed here");

        var customer = await app.ClientAsync("port-a", Roles.Customer, Group.CustomerId);
        (await customer.PostAsJsonAsync("/api/billing/documents/quote/html", Request(BillingDocumentKind.Quote)))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [ChromiumFact]
    public async Task Each_kind_prints_to_a_real_PDF_with_chromium()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        foreach (var (kind, code, file) in new[]
        {
            (BillingDocumentKind.Quote, "quote", "devis"),
            (BillingDocumentKind.OrderForm, "order-form", "bon-de-commande"),
            (BillingDocumentKind.DeliveryNote, "delivery-note", "bon-de-livraison"),
        })
        {
            var response = await staff.PostAsJsonAsync($"/api/billing/documents/{code}/pdf", Request(kind));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            response.StatusCode.Should().Be(HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
            response.Content.Headers.ContentDisposition!.FileName.Should().Contain($"{file}-DEV-2026-0042.pdf");
            Encoding.ASCII.GetString(bytes, 0, 5).Should().Be("%PDF-");
        }
    }

    [Fact]
    public async Task Without_chromium_the_contract_says_so_clearly_and_still_gives_the_HTML()
    {
        await using var app = new BillingApp { Chromium = "none" };
        _ = app.CreateClient();
        var documents = app.Services.GetRequiredService<IBillingDocuments>();

        var printed = await documents.RenderPdfAsync("port-a", Request(BillingDocumentKind.OrderForm));

        printed.IsAvailable.Should().BeFalse();
        printed.UnavailableReason.Should().Be("PDF rendering is not available on this server: chromium is not installed");
        printed.Document.Html.Should().Contain("Bon de commande n° DEV-2026-0042");
    }
}
