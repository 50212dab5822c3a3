using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Billing;

public sealed class BillingApiTests
{
    private static readonly BillingCustomer Marina = new(
        "berth-42", CustomerKind.Consumer, "Jean Dupont", new BillingAddress("3 rue des Mouettes", "66000", "Perpignan"), "jean@example.fr");

    private static IssueInvoiceRequest Invoice(string reference, long ttc, string label, BillingCustomer? customer = null) =>
        new("marina", reference, customer ?? Marina, [new InvoiceLineRequest(label, 1, ttc, VatRate.Standard)], label);

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls a read-model backed query until it satisfies <paramref name="done"/> (the projection runs in the background).</summary>
    private static async Task<JsonElement> PollAsync(Func<Task<JsonElement>> query, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + TempHostApp.EventuallyTimeout; // generous: CI runs on two busy cores
        while (true)
        {
            var result = await query();
            if (done(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(20); // poll interval only: the loop ends on the condition or the deadline
        }
    }

    [Fact]
    public async Task Fifty_parallel_issues_get_fifty_consecutive_numbers_in_the_order_of_the_stream()
    {
        await using var app = new BillingApp();
        _ = app.CreateClient();
        var billing = app.Services.GetRequiredService<IBillingService>();

        var issued = await Task.WhenAll(Enumerable.Range(1, 50).Select(n =>
            Task.Run(() => billing.IssueInvoiceAsync("port-a", Invoice($"contract-{n}", 10000 + n, "Contrat annuel")))));

        issued.Select(i => i.Number).Order(StringComparer.Ordinal).Should().Equal(Enumerable.Range(1, 50).Select(n => $"2026/{n:D5}"));
        issued.Should().OnlyContain(i => !i.AlreadyIssued);
        var all = await app.Services.GetRequiredService<IEventStore>().ReadStreamAsync("billing-numbering:port-a:F:2026-03-01");
        all.Where(e => e.Type == "billing.published-invoice-issued").Should().HaveCount(50, "each document publishes its fact in the same append");
        var stream = all.Where(e => e.Type != "billing.published-invoice-issued").ToList();
        stream.Should().HaveCount(51, "the day's opening, then no gap, no duplicate: one document per number");
        stream[0].Type.Should().Be("billing.numbering-day-opened");
        stream.Skip(1).Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("sequence").GetInt32()).Should().Equal(Enumerable.Range(1, 50));
    }

    [Fact]
    public async Task The_marina_seed_account_through_the_API_totals_1698_848_850_and_pay_this_invoice_gives_number_and_balance()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        var contract = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", Invoice("contrat-2026", 152000, "Facture de contrat Annuel")), HttpStatusCode.Created);
        var service = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", Invoice("prestation-1", 17800, "Facture de prestation")), HttpStatusCode.Created);
        var contractId = contract.GetProperty("invoiceId").GetString()!;
        contract.GetProperty("number").GetString().Should().Be("2026/00001");
        contract.GetProperty("totalVat").GetInt64().Should().Be(25333);

        var cheque = new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: "0001", Bank: "CIC");
        var recorded = await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "p1", Marina.CustomerId, cheque, 67000, new DateOnly(2026, 3, 2), [new PaymentAllocationRequest(contractId, 67000)]));
        var p1 = await Json(recorded, HttpStatusCode.Created);
        recorded.Headers.Location!.ToString().Should().Be($"/api/billing/customers/{Marina.CustomerId}/payments/p1");
        (p1.GetProperty("paymentId").GetString(), p1.GetProperty("amount").GetInt64(), p1.GetProperty("currency").GetString()).Should().Be(("p1", 67000L, "EUR"));
        p1.GetProperty("allocations")[0].GetProperty("invoiceId").GetString().Should().Be(contractId);
        (await Json(await staff.GetAsync(recorded.Headers.Location), HttpStatusCode.OK)).GetProperty("paymentId").GetString().Should().Be("p1");
        await Json(await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "p2", Marina.CustomerId, cheque, 17800, new DateOnly(2026, 3, 2), [new PaymentAllocationRequest(service.GetProperty("invoiceId").GetString()!, 17800)])), HttpStatusCode.Created);

        var customer = await app.ClientAsync("port-a", Roles.Customer, Marina.CustomerId);
        var account = await PollAsync(
            async () => await Json(await customer.GetAsync($"/api/billing/customers/{Marina.CustomerId}/account"), HttpStatusCode.OK),
            a => a.GetProperty("invoices").GetArrayLength() == 2);
        account.GetProperty("totalInvoices").GetInt64().Should().Be(169800);
        account.GetProperty("totalPayments").GetInt64().Should().Be(84800);
        account.GetProperty("balance").GetInt64().Should().Be(85000);
        account.GetProperty("invoices")[0].GetProperty("balance").GetInt64().Should().Be(85000);
        account.GetProperty("invoices")[1].GetProperty("balance").GetInt64().Should().Be(0);

        var pay = await Json(await customer.GetAsync($"/api/billing/invoices/{contractId}/payment-request"), HttpStatusCode.OK);
        pay.GetProperty("reference").GetString().Should().Be("2026/00001");
        pay.GetProperty("amount").GetInt64().Should().Be(85000);

        var list = await PollAsync(
            async () => await Json(await staff.GetAsync("/api/billing/invoices"), HttpStatusCode.OK),
            l => l.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("settled").GetInt64()) == 84800);
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("balance").GetInt64()).Should().Equal(85000, 0);
    }

    [Fact]
    public async Task Issuing_again_for_the_same_source_reference_returns_the_same_invoice()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        var first = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", Invoice("order-42", 5000, "Cotisation")), HttpStatusCode.Created);
        var again = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", Invoice("order-42", 5000, "Cotisation")), HttpStatusCode.OK);

        again.GetProperty("number").GetString().Should().Be(first.GetProperty("number").GetString());
        again.GetProperty("alreadyIssued").GetBoolean().Should().BeTrue();
        (await app.Services.GetRequiredService<IEventStore>().ReadStreamAsync("billing-numbering:port-a:F:2026-03-01"))
            .Count(e => e.Type == "billing.invoice-issued").Should().Be(1);
    }

    [Fact]
    public async Task A_credit_note_cannot_exceed_the_invoice_and_has_its_own_series()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var invoice = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", Invoice("booking-7", 30000, "Acompte séjour groupe")), HttpStatusCode.Created);
        var id = invoice.GetProperty("invoiceId").GetString();

        var tooMuch = await staff.PostAsJsonAsync($"/api/billing/invoices/{id}/credit-notes", new
        {
            reason = "Annulation",
            disposition = "keepAsCredit",
            lines = new[] { new { label = "Avoir", quantity = 1, unitPriceTtc = 30001, vatRate = new { basisPoints = 2000 } } },
        });
        (await Json(tooMuch, HttpStatusCode.UnprocessableEntity)).GetRawText().Should().Contain("credit-note.exceeds-invoice");

        var full = await Json(await staff.PostAsJsonAsync($"/api/billing/invoices/{id}/credit-notes", new { reason = "Annulation", disposition = "keepAsCredit" }), HttpStatusCode.Created);
        full.GetProperty("number").GetString().Should().Be("AV2026/00001");
        full.GetProperty("offsetOnInvoice").GetInt64().Should().Be(30000, "the unpaid invoice is cancelled");

        var html = await staff.GetStringAsync($"/api/billing/credit-notes/{full.GetProperty("documentId").GetString()}/html");
        html.Should().Contain("AV2026/00001").And.Contain("Avoir sur la facture n° 2026/00001");
    }

    [Fact]
    public async Task The_invoice_is_served_as_French_HTML_and_as_PDF_when_chromium_is_installed()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var fee = VatRate.OutOfScope("Cotisation d'association sans contrepartie");
        var request = new IssueInvoiceRequest("membership", "order-1", Marina with { Kind = CustomerKind.Business, VatNumber = "FR44732829320" },
            [new InvoiceLineRequest("Cotisation annuelle", 1, 5000, fee), new InvoiceLineRequest("Pack PRO", 1, 24000, VatRate.Standard)]);
        var invoice = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", request), HttpStatusCode.Created);
        var id = invoice.GetProperty("invoiceId").GetString();

        var html = await staff.GetStringAsync($"/api/billing/invoices/{id}/html");
        html.Should().Contain("Facture n° 2026/00001").And.Contain("Hors champ de TVA").And.Contain("SIREN 732829320")
            .And.Contain("40\u00A0€", "the amount never breaks from its unit").And.Contain("Échéance : 31/03/2026");

        var pdf = await staff.GetAsync($"/api/billing/invoices/{id}/pdf");
        if (ChromiumOnPath())
        {
            pdf.StatusCode.Should().Be(HttpStatusCode.OK);
            var bytes = await pdf.Content.ReadAsByteArrayAsync();
            System.Text.Encoding.ASCII.GetString(bytes, 0, 5).Should().Be("%PDF-");
        }
        else
        {
            var problem = await Json(pdf, HttpStatusCode.ServiceUnavailable);
            problem.GetProperty("detail").GetString().Should().Contain("PDF rendering is not available on this server: chromium is not installed");
        }
    }

    [Fact]
    public async Task A_customer_sees_only_their_own_account_and_another_office_sees_nothing()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var invoice = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", Invoice("c-1", 1000, "Prestation")), HttpStatusCode.Created);
        var id = invoice.GetProperty("invoiceId").GetString();

        var otherCustomer = await app.ClientAsync("port-a", Roles.Customer, "someone-else");
        (await otherCustomer.GetAsync($"/api/billing/invoices/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherCustomer.GetAsync($"/api/billing/customers/{Marina.CustomerId}/account")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var otherOffice = await app.ClientAsync("port-b", Roles.OfficeStaff);
        (await otherOffice.GetAsync($"/api/billing/invoices/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var customer = await app.ClientAsync("port-a", Roles.Customer, Marina.CustomerId);
        (await customer.GetAsync($"/api/billing/invoices/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await customer.PostAsJsonAsync("/api/billing/invoices", Invoice("c-2", 1000, "x"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static bool ChromiumOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "chromium")) || File.Exists(Path.Combine(dir, "chromium-browser")));
}
