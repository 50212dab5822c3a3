using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Bookings;

public class BundleApiTests
{
    [Fact]
    public async Task A_prepaid_bundle_is_invoiced_each_visit_is_deducted_with_its_delivery_note_and_an_exhausted_item_is_refused()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        var (admin, _) = await app.NewOfficeAsync("pays-fertois");
        var sold = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/bundles", new
        {
            customer = BookingsApp.Customer("contact@autocars-marne.test"),
            title = "Saison 2026",
            payment = "upfront",
            items = new object[]
            {
                new { itemId = "visit", label = "Visite guidée de la Ferté", quantity = 3, listPriceTtc = 1000, unitPriceTtc = 700, vatRate = new { basisPoints = 2000 } },
                new { itemId = "boat", label = "Promenade en bateau", quantity = 2, listPriceTtc = 1500, unitPriceTtc = 1050, vatRate = new { basisPoints = 1000 } },
            },
        }), HttpStatusCode.Created);
        var id = sold.GetProperty("bundleId").GetString()!;
        sold.GetProperty("total").GetInt64().Should().Be(3 * 700 + 2 * 1050);
        sold.GetProperty("invoiceNumber").GetString().Should().NotBeNullOrEmpty("an upfront bundle is invoiced at once");

        var visit = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/bundles/{id}/visits",
            new { on = "2026-05-12", consumed = new[] { new { itemId = "visit", quantity = 2 }, new { itemId = "boat", quantity = 1 } } }));
        visit.GetProperty("items")[0].GetProperty("remaining").GetInt32().Should().Be(1);
        visit.GetProperty("visits")[0].GetProperty("deliveryNoteReference").GetString().Should().Be($"BL-{id.ToUpperInvariant()}-001");

        var note = await admin.GetStringAsync($"/api/bookings/bundles/{id}/visits/1/delivery-note?format=html");
        note.Should().Contain($"BL-{id.ToUpperInvariant()}-001").And.Contain("Visite guidée de la Ferté");

        var tooMuch = await admin.PostAsJsonAsync($"/api/bookings/bundles/{id}/visits", new { consumed = new[] { new { itemId = "visit", quantity = 2 } } });
        (await BookingsApp.Json(tooMuch, HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString().Should().Contain("Il ne reste que 1");
    }

    [Fact]
    public async Task A_deferred_payment_bundle_gets_delivery_notes_after_each_visit_and_its_paid_invoice_by_e_mail_when_billing_settles_it()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        var (admin, office) = await app.NewOfficeAsync("pays-fertois");
        var sold = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/bundles", new
        {
            customer = BookingsApp.Customer("compta@autocars-marne.test"),
            title = "Saison 2026",
            payment = "deferred",
            items = new object[] { new { itemId = "visit", label = "Visite guidée de la Ferté", quantity = 3, listPriceTtc = 1000, unitPriceTtc = 700, vatRate = new { basisPoints = 2000 } } },
        }), HttpStatusCode.Created);
        var id = sold.GetProperty("bundleId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/bundles/{id}/visits", new { on = "2026-05-12", consumed = new[] { new { itemId = "visit", quantity = 1 } } }));
        var note = await admin.GetStringAsync($"/api/bookings/bundles/{id}/visits/1/delivery-note?format=html");
        note.Should().Contain("Paiement différé");
        await app.CatchUpAsync();
        app.Sent(office, $"bookings/bundle-{id}/paid").Should().BeFalse("not paid yet");

        var invoice = (await admin.GetFromJsonAsync<JsonElement>("/api/billing/invoices?pageSize=200")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("sourceReference").GetString() == $"bundle-{id}");
        var paid = await admin.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "cheque-bundle-1", invoice.GetProperty("customerId").GetString()!, new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: "0007", Bank: "CIC"), 2100,
            new DateOnly(2026, 6, 1), [new PaymentAllocationRequest(invoice.GetProperty("invoiceId").GetString()!, 2100)]));
        paid.StatusCode.Should().Be(HttpStatusCode.Created, await paid.Content.ReadAsStringAsync());
        await app.CatchUpAsync();

        (await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/bundles/{id}")).GetProperty("paidOn").GetString().Should().Be("2026-06-01");
        app.Mail(office, $"bookings/bundle-{id}/paid").Should().Contain("acquittée").And.Contain(invoice.GetProperty("number").GetString()!);
    }
}
