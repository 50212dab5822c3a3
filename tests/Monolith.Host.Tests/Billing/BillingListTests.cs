using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Billing;

/// <summary>Billing's staff lists through the API: paging, typed filters (invalid → 400 in French), accent-insensitive search, sort,
/// CSV, and the new lists (customers with balances, payments, credit notes, aged receivables, e-mails sent).</summary>
public sealed class BillingListTests
{
    private static readonly BillingCustomer Helene = new(
        "cust-helene", CustomerKind.Consumer, "Hélène Lefèvre", new BillingAddress("3 rue des Mouettes", "66000", "Perpignan"), "helene@example.fr");

    private static readonly BillingCustomer Etoile = new(
        "cust-etoile", CustomerKind.Business, "Société de l'Étoile", new BillingAddress("1 avenue du Port", "66470", "Sainte-Marie-la-Mer"), "compta@etoile.fr",
        Siren: "732829320");

    private static readonly BillingCustomer Martin = new(
        "cust-martin", CustomerKind.Consumer, "Paul Martin", new BillingAddress("9 place Neuve", "66100", "Perpignan"), "paul@example.fr");

    private static IssueInvoiceRequest Invoice(string reference, BillingCustomer customer, long ttc, string label, int? term = null) =>
        new("marina", reference, customer, [new InvoiceLineRequest(label, 1, ttc, VatRate.Standard)], label, term);

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task CatchUp(BillingApp app) =>
        (await app.Services.GetRequiredService<IProjectionAdmin>().WaitForCatchUpAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();

    /// <summary>Three invoices (Hélène 1 520,00 €, Étoile 178,00 €, Martin 50,00 €) and a cheque of 670,00 € on Hélène's.</summary>
    private static async Task<(BillingApp App, HttpClient Staff, string HeleneInvoice)> ThreeInvoicesAsync()
    {
        var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var billing = app.Services.GetRequiredService<IBillingService>();
        var helene = await billing.IssueInvoiceAsync("port-a", Invoice("c-1", Helene, 152000, "Contrat annuel"));
        await billing.IssueInvoiceAsync("port-a", Invoice("c-2", Etoile, 17800, "Prestation de grutage"));
        await billing.IssueInvoiceAsync("port-a", Invoice("c-3", Martin, 5000, "Cotisation"));
        await Json(await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "pay-1", Helene.CustomerId, new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: "0001234", Bank: "CIC"), 67000, new DateOnly(2026, 3, 2),
            [new PaymentAllocationRequest(helene.InvoiceId, 67000)])), HttpStatusCode.Created);
        await CatchUp(app);
        return (app, staff, helene.InvoiceId);
    }

    [Fact]
    public async Task The_invoice_list_pages_with_a_total_and_bounds_the_page_size()
    {
        var (app, staff, _) = await ThreeInvoicesAsync();
        await using var owned = app;

        var first = await Json(await staff.GetAsync("/api/billing/invoices?pageSize=2&sort=number"));
        first.GetProperty("total").GetInt64().Should().Be(3);
        first.GetProperty("page").GetInt32().Should().Be(1);
        first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()).Should().Equal("2026/00001", "2026/00002");
        var second = await Json(await staff.GetAsync("/api/billing/invoices?pageSize=2&page=2&sort=number"));
        second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()).Should().Equal("2026/00003");

        (await Json(await staff.GetAsync("/api/billing/invoices?pageSize=1000"))).GetProperty("pageSize").GetInt32().Should().Be(200, "at most 200 a page");
        (await Json(await staff.GetAsync("/api/billing/invoices"))).GetProperty("pageSize").GetInt32().Should().Be(50, "50 by default");
    }

    [Fact]
    public async Task Invoice_rows_carry_the_customer_name_status_and_currency()
    {
        var (app, staff, heleneInvoice) = await ThreeInvoicesAsync();
        await using var owned = app;

        var list = await Json(await staff.GetAsync("/api/billing/invoices?sort=number"));
        var row = list.GetProperty("items")[0];
        row.GetProperty("invoiceId").GetString().Should().Be(heleneInvoice);
        row.GetProperty("customerName").GetString().Should().Be("Hélène Lefèvre");
        row.GetProperty("balance").GetInt64().Should().Be(85000);
        row.GetProperty("status").GetString().Should().Be("open");
        row.GetProperty("currency").GetString().Should().Be("EUR");
    }

    [Fact]
    public async Task The_invoice_search_ignores_case_and_accents()
    {
        var (app, staff, _) = await ThreeInvoicesAsync();
        await using var owned = app;

        var byName = await Json(await staff.GetAsync("/api/billing/invoices?q=HELENE%20lefevre"));
        byName.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("customerName").GetString()).Should().Equal("Hélène Lefèvre");
        var business = await Json(await staff.GetAsync("/api/billing/invoices?q=etoile"));
        business.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("customerId").GetString()).Should().Equal("cust-etoile");
        var byNumber = await Json(await staff.GetAsync("/api/billing/invoices?q=2026/00003"));
        byNumber.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("customerId").GetString()).Should().Equal("cust-martin");
    }

    [Fact]
    public async Task The_invoice_filters_select_by_status_customer_and_dates()
    {
        var (app, staff, _) = await ThreeInvoicesAsync();
        await using var owned = app;
        var billing = app.Services.GetRequiredService<IBillingService>();
        var paid = (await billing.IssueInvoiceAsync("port-a", Invoice("c-4", Martin, 1000, "Badge"))).InvoiceId;
        await Json(await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "pay-2", Martin.CustomerId, new PaymentDetails(PaymentMethod.Cash), 1000, new DateOnly(2026, 3, 1), [new PaymentAllocationRequest(paid, 1000)])), HttpStatusCode.Created);
        await CatchUp(app);

        Ids(await Json(await staff.GetAsync("/api/billing/invoices?status=paid"))).Should().Equal(paid);
        (await Json(await staff.GetAsync("/api/billing/invoices?status=open"))).GetProperty("total").GetInt64().Should().Be(3);
        (await Json(await staff.GetAsync("/api/billing/invoices?status=overdue"))).GetProperty("total").GetInt64().Should().Be(0, "nothing is due yet");
        (await Json(await staff.GetAsync("/api/billing/invoices?customerId=cust-martin"))).GetProperty("total").GetInt64().Should().Be(2);
        (await Json(await staff.GetAsync("/api/billing/invoices?from=2026-03-01&to=2026-03-01"))).GetProperty("total").GetInt64().Should().Be(4);
        (await Json(await staff.GetAsync("/api/billing/invoices?from=2026-03-02"))).GetProperty("total").GetInt64().Should().Be(0);
    }

    [Theory]
    [InlineData("/api/billing/invoices?status=bogus", "status", "bogus")]
    [InlineData("/api/billing/invoices?from=2026-03-10&to=2026-03-01", "to", "antérieure")]
    [InlineData("/api/billing/invoices?from=hier", "from", "hier")]
    [InlineData("/api/billing/invoices?sort=colour", "sort", "colour")]
    [InlineData("/api/billing/invoices?format=xlsx", "format", "xlsx")]
    [InlineData("/api/billing/customers?kind=alien", "kind", "alien")]
    [InlineData("/api/billing/customers?minDue=-1", "minDue", "positive")]
    [InlineData("/api/billing/payments?method=bitcoin", "method", "bitcoin")]
    [InlineData("/api/billing/payments?status=lost", "status", "lost")]
    [InlineData("/api/billing/credit-notes?from=2026-04-01&to=2026-03-01", "to", "antérieure")]
    [InlineData("/api/billing/receivables/aged?bucket=days100", "bucket", "days100")]
    [InlineData("/api/billing/emails?status=queued", "status", "queued")]
    [InlineData("/api/billing/emails?from=2026-04-01&until=2026-03-01", "until", "antérieure")]
    [InlineData("/api/billing/emails?to=not-an-address", "to", "adresse")]
    public async Task An_invalid_filter_is_a_400_naming_the_parameter_in_french(string url, string parameter, string mentioned)
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        var problem = await Json(await staff.GetAsync(url), HttpStatusCode.BadRequest);
        var messages = problem.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(m => m.GetString()!).ToList();
        messages.Should().ContainSingle().Which.Should().Contain(mentioned);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task The_invoice_list_sorts_by_a_whitelisted_key_in_either_direction()
    {
        var (app, staff, _) = await ThreeInvoicesAsync();
        await using var owned = app;

        Totals(await Json(await staff.GetAsync("/api/billing/invoices?sort=-total"))).Should().Equal(152000, 17800, 5000);
        Totals(await Json(await staff.GetAsync("/api/billing/invoices?sort=balance"))).Should().Equal(5000, 17800, 152000);
        (await Json(await staff.GetAsync("/api/billing/invoices?sort=customer"))).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("customerId").GetString()).Should().Equal("cust-helene", "cust-martin", "cust-etoile");
    }

    [Fact]
    public async Task The_invoice_list_exports_csv_for_french_excel()
    {
        var (app, staff, _) = await ThreeInvoicesAsync();
        await using var owned = app;

        var response = await staff.GetAsync("/api/billing/invoices?format=csv&sort=number");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.Should().Contain("factures-2026-03-01.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(4, "a header and every invoice");
        lines[0].Should().StartWith("Numéro;Date;Échéance;Client;");
        lines[1].Split(';').Should().StartWith(["2026/00001", "01/03/2026", "31/03/2026", "Hélène Lefèvre", "cust-helene", "Contrat annuel", "1520,00", "670,00", "850,00"]);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/billing/invoices");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var byAccept = await staff.SendAsync(request);
        byAccept.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
    }

    [Fact]
    public async Task Customers_are_listed_with_their_balances_and_found_without_accents()
    {
        var (app, staff, _) = await ThreeInvoicesAsync();
        await using var owned = app;
        // 1 000,00 € more from Hélène than she owes: 850,00 € settle her invoice, 150,00 € stay as credit.
        await Json(await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "pay-3", Helene.CustomerId, new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: "VIR-77"), 100000, new DateOnly(2026, 3, 1), [])), HttpStatusCode.Created);
        await CatchUp(app);

        var list = await Json(await staff.GetAsync("/api/billing/customers?sort=name"));
        list.GetProperty("total").GetInt64().Should().Be(3);
        var helene = list.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("customerId").GetString() == "cust-helene");
        helene.GetProperty("name").GetString().Should().Be("Hélène Lefèvre");
        helene.GetProperty("invoiced").GetInt64().Should().Be(152000);
        helene.GetProperty("due").GetInt64().Should().Be(85000);
        helene.GetProperty("credit").GetInt64().Should().Be(100000, "the transfer is not allocated yet: all customer credit");
        helene.GetProperty("currency").GetString().Should().Be("EUR");

        Ids(await Json(await staff.GetAsync("/api/billing/customers?q=lefevre")), "customerId").Should().Equal("cust-helene");
        Ids(await Json(await staff.GetAsync("/api/billing/customers?q=ÉTOILE")), "customerId").Should().Equal("cust-etoile");
        Ids(await Json(await staff.GetAsync("/api/billing/customers?kind=business")), "customerId").Should().Equal("cust-etoile");
        Ids(await Json(await staff.GetAsync("/api/billing/customers?minDue=10000&sort=-due")), "customerId").Should().Equal("cust-helene", "cust-etoile");
    }

    [Fact]
    public async Task Payments_are_listed_and_filtered_by_method()
    {
        var (app, staff, _) = await ThreeInvoicesAsync();
        await using var owned = app;
        await Json(await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "pay-4", Etoile.CustomerId, new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: "VIR-ETOILE"), 17800, new DateOnly(2026, 3, 1), [])), HttpStatusCode.Created);
        await CatchUp(app);

        var all = await Json(await staff.GetAsync("/api/billing/payments?sort=amount"));
        all.GetProperty("total").GetInt64().Should().Be(2);
        var cheque = Ids(await Json(await staff.GetAsync("/api/billing/payments?method=cheque")), "paymentId");
        cheque.Should().Equal("pay-1");
        var row = all.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("paymentId").GetString() == "pay-1");
        row.GetProperty("customerName").GetString().Should().Be("Hélène Lefèvre");
        row.GetProperty("allocated").GetInt64().Should().Be(67000);
        row.GetProperty("status").GetString().Should().Be("received");
        row.GetProperty("reference").GetString().Should().Be("0001234");
        Ids(await Json(await staff.GetAsync("/api/billing/payments?q=vir-etoile")), "paymentId").Should().Equal("pay-4");

        var csv = Encoding.UTF8.GetString(await staff.GetByteArrayAsync("/api/billing/payments?format=csv&sort=amount"));
        csv.Should().Contain(";Chèque;0001234;670,00;670,00;Reçu");
    }

    [Fact]
    public async Task Credit_notes_are_listed_with_the_customer_and_the_invoice_credited()
    {
        var (app, staff, heleneInvoice) = await ThreeInvoicesAsync();
        await using var owned = app;
        await Json(await staff.PostAsJsonAsync($"/api/billing/invoices/{heleneInvoice}/credit-notes", new
        {
            reason = "Geste commercial",
            disposition = "keepAsCredit",
            lines = new[] { new InvoiceLineRequest("Geste commercial", 1, 10000, VatRate.Standard) }
        }), HttpStatusCode.Created);
        await CatchUp(app);

        var list = await Json(await staff.GetAsync("/api/billing/credit-notes?q=helene"));
        list.GetProperty("total").GetInt64().Should().Be(1);
        var note = list.GetProperty("items")[0];
        note.GetProperty("customerName").GetString().Should().Be("Hélène Lefèvre");
        note.GetProperty("invoiceNumber").GetString().Should().Be("2026/00001");
        note.GetProperty("totalTtc").GetInt64().Should().Be(10000);
        note.GetProperty("disposition").GetString().Should().Be("keepAsCredit");
        (await Json(await staff.GetAsync("/api/billing/credit-notes?customerId=cust-martin"))).GetProperty("total").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task Aged_receivables_put_each_overdue_invoice_in_its_bucket_at_the_boundary_days()
    {
        await using var app = new BillingApp();
        _ = app.CreateClient();
        var billing = app.Services.GetRequiredService<IBillingService>();
        var today = new DateOnly(2026, 6, 10);

        // One invoice payable on receipt per number of days late, issued in date order (the numbering is chronological).
        int[] daysLate = [91, 90, 61, 60, 31, 30, 1, 0];
        foreach (var days in daysLate)
        {
            app.Time.SetUtcNow(new DateTimeOffset(today.AddDays(-days).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
            await billing.IssueInvoiceAsync("port-a", Invoice($"late-{days}", Martin, 1000 + days, $"Retard {days}", term: 0));
        }

        app.Time.SetUtcNow(new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        await CatchUp(app);
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        var aged = await Json(await staff.GetAsync("/api/billing/receivables/aged?pageSize=100"));
        aged.GetProperty("asOf").GetString().Should().Be("2026-06-10");
        var rows = aged.GetProperty("invoices").GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("daysPastDue").GetInt32(), i => i.GetProperty("bucket").GetString());
        rows.Should().BeEquivalentTo(new Dictionary<int, string?>
        {
            [1] = "days0To30",
            [30] = "days0To30",
            [31] = "days31To60",
            [60] = "days31To60",
            [61] = "days61To90",
            [90] = "days61To90",
            [91] = "over90",
        }, "an invoice due today is not overdue yet");
        var buckets = aged.GetProperty("buckets").EnumerateArray().ToDictionary(b => b.GetProperty("bucket").GetString()!, b => b.GetProperty("balance").GetInt64());
        buckets.Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["days0To30"] = 1001 + 1030,
            ["days31To60"] = 1031 + 1060,
            ["days61To90"] = 1061 + 1090,
            ["over90"] = 1091,
        });
        aged.GetProperty("totalBalance").GetInt64().Should().Be(1001 + 1030 + 1031 + 1060 + 1061 + 1090 + 1091);

        var over90 = await Json(await staff.GetAsync("/api/billing/receivables/aged?bucket=over90"));
        over90.GetProperty("invoices").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("daysPastDue").GetInt32()).Should().Equal(91);
        var thirty = await Json(await staff.GetAsync("/api/billing/receivables/aged?bucket=days31To60"));
        thirty.GetProperty("invoices").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("daysPastDue").GetInt32()).Should().Equal(60, 31);

        var csv = Encoding.UTF8.GetString(await staff.GetByteArrayAsync("/api/billing/receivables/aged?format=csv"));
        csv.Should().Contain(";91;Plus de 90 jours;10,91;10,91");
    }

    [Fact]
    public async Task Emails_sent_are_listed_with_their_recipients_and_found_by_recipient()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var issued = await app.Services.GetRequiredService<IBillingService>().IssueInvoiceAsync("port-a", Invoice("c-9", Helene, 5000, "Cotisation"));
        (await staff.PostAsync($"/api/billing/invoices/{issued.InvoiceId}/email", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await CatchUp(app);

        var list = await Json(await staff.GetAsync("/api/billing/emails"));
        list.GetProperty("total").GetInt64().Should().Be(1);
        var mail = list.GetProperty("items")[0];
        mail.GetProperty("template").GetString().Should().StartWith("billing.");
        mail.GetProperty("status").GetString().Should().Be("sent");
        mail.GetProperty("recipients").GetInt32().Should().Be(1);
        mail.GetProperty("recipientAddresses").EnumerateArray().Select(a => a.GetString()).Should().Equal("helene@example.fr");
        (await Json(await staff.GetAsync("/api/billing/emails?to=Helene@Example.fr"))).GetProperty("total").GetInt64().Should().Be(1);
        (await Json(await staff.GetAsync("/api/billing/emails?q=HELENE@example"))).GetProperty("total").GetInt64().Should().Be(1, "search finds the recipient");
        (await Json(await staff.GetAsync("/api/billing/emails?q=paul@"))).GetProperty("total").GetInt64().Should().Be(0);
        var csv = Encoding.UTF8.GetString(await staff.GetByteArrayAsync("/api/billing/emails?format=csv"));
        csv.Should().Contain(";Adresses;").And.Contain(";helene@example.fr;");
        (await Json(await staff.GetAsync("/api/billing/emails?to=paul@example.fr"))).GetProperty("total").GetInt64().Should().Be(0);
        (await Json(await staff.GetAsync("/api/billing/emails?status=failed"))).GetProperty("total").GetInt64().Should().Be(0);

        var other = await app.ClientAsync("port-b", Roles.OfficeAdmin);
        (await Json(await other.GetAsync("/api/billing/emails"))).GetProperty("total").GetInt64().Should().Be(0, "another office's e-mails are not listed");
        var customer = await app.ClientAsync("port-a", Roles.Customer, Helene.CustomerId);
        (await customer.GetAsync("/api/billing/emails")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/api/billing/receivables/aged")]
    [InlineData("/api/billing/receivables/aged?bucket=days61To90&q=a&pageSize=150")]
    [InlineData("/api/billing/customers")]
    public async Task An_office_with_nothing_to_list_gets_an_empty_page_and_an_empty_csv(string url)
    {
        // SQLite types an expression column by its value: with no row it is a blob, which a row record cannot take (it was a 500).
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        var page = await Json(await staff.GetAsync(url));
        (page.TryGetProperty("invoices", out var invoices) ? invoices : page).GetProperty("total").GetInt64().Should().Be(0);
        var csv = await staff.GetAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "format=csv");
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
    }

    [Fact]
    public async Task Erasing_a_customer_no_module_links_an_address_to_shreds_the_addresses_the_admin_names_in_the_e_mails_list()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var issued = await app.Services.GetRequiredService<IBillingService>().IssueInvoiceAsync("port-a", Invoice("c-9", Helene, 5000, "Cotisation"));
        (await staff.PostAsync($"/api/billing/invoices/{issued.InvoiceId}/email", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await CatchUp(app);
        var admin = await app.ClientAsync("port-a", Roles.OfficeAdmin);

        var invalid = await admin.PostAsJsonAsync($"/api/office/personal-data/{Helene.CustomerId}/erasure", new { emailAddresses = new[] { "pas-une-adresse" } });
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadAsStringAsync()).Should().Contain("Adresse e-mail invalide");

        (await admin.PostAsJsonAsync($"/api/office/personal-data/{Helene.CustomerId}/erasure", new { emailAddresses = new[] { "Helene@Example.fr" } }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        await CatchUp(app);

        var list = await Json(await staff.GetAsync("/api/billing/emails"));
        list.GetProperty("total").GetInt64().Should().Be(1, "the e-mail stays listed");
        list.GetProperty("items")[0].GetProperty("recipientAddresses").EnumerateArray().Select(a => a.GetString()).Should().Equal("[effacé]");
        (await Json(await staff.GetAsync("/api/billing/emails?q=helene"))).GetProperty("total").GetInt64().Should().Be(0);
    }

    private static List<string?> Ids(JsonElement page, string property = "invoiceId") =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(property).GetString())];

    private static List<long> Totals(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("totalTtc").GetInt64())];
}
