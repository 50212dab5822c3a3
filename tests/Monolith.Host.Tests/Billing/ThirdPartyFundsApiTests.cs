using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Closures;
using Monolith.Modules.Billing.Contracts;
using UglyToad.PdfPig;

namespace Monolith.Host.Tests.Billing;

/// <summary>Third-party funds from outside (ADR 0022): an invoice mixing the office's own service and tickets sold in a partner's name;
/// the FEC posts the partner's lines to 467 (one auxiliary per provider), the closure reports them apart from sales, a credit note takes
/// them back, the provider's payout statement and a payout (467 against bank).</summary>
public sealed class ThirdPartyFundsApiTests
{
    private static readonly BillingCustomer Customer = new(
        "grp-3", CustomerKind.Business, "Comité des fêtes de Zonza", new BillingAddress("Place de l'Église", "20124", "Zonza"), VatNumber: "FR44732829320");

    private static readonly ThirdPartyProvider Theatre = new("theatre-du-port", "Théâtre du Port", "552081317");

    private static readonly ThirdPartyProvider Inn = new("auberge-bavella", "Auberge de Bavella");

    private static readonly InvoiceLineRequest[] Lines =
    [
        new("Visite guidée du village", 2, 1200, VatRate.Standard),
        new("Billet « Les Fourberies de Scapin »", 3, 2500, VatRate.Reduced, OnBehalfOf: Theatre),
        new("Déjeuner du terroir", 1, 4000, VatRate.Intermediate, OnBehalfOf: Inn),
    ];

    private static Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK) => Read(response, expected);

    private static async Task<JsonElement> Read(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static DateTimeOffset Paris(int year, int month, int day, int hour) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, 0, 0), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));

    private static async Task CatchUpAsync(BillingApp app) =>
        (await app.Services.GetRequiredService<IProjectionAdmin>().WaitForCatchUpAsync(TimeSpan.FromSeconds(60))).Should().BeTrue();

    private static async Task<List<string[]>> FecAsync(HttpClient accountant)
    {
        var response = await accountant.GetAsync("/api/audit/fec?from=2026-01-01&to=2026-12-31");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return [.. (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t'))];
    }

    private static long Cents(string amount) => amount.Length == 0 ? 0 : (long)Math.Round(decimal.Parse(amount, System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) * 100);

    [Fact]
    public async Task A_payout_is_refused_while_the_third_party_funds_projection_is_stopped()
    {
        // Given a partner's tickets sold and paid
        await using var app = new BillingApp { Chromium = "none" };
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        await Json(await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest("bookings", "grp-3/2", Customer, Lines)), HttpStatusCode.Created);
        await CatchUpAsync(app);

        // When the projection that counts what is owed to partners is stopped (an event of it parked)
        await using (var connection = await app.OpenEventLogConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE platform_projection_checkpoints SET status = 'stopped' WHERE name = 'billing.third-party-funds'";
            (await command.ExecuteNonQueryAsync()).Should().Be(1);
        }

        // Then a payout is refused, in words a clerk understands, and nothing is recorded
        var refused = await staff.PostAsJsonAsync("/api/billing/third-party/providers/theatre-du-port/payouts",
            new RecordThirdPartyPayoutRequestBody("po-stopped", 1000, new DateOnly(2026, 3, 1), "bankTransfer", "VIR-1"));
        var problem = await Read(refused, HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().Should().Be("third-party.ledger-stopped");
        problem.GetProperty("detail").GetString().Should().Contain("un administrateur doit le relancer");
        await using (var connection = await app.OpenEventLogConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM platform_events WHERE type = 'billing.third-party-payout-recorded'";
            Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(0, "the refused payout wrote nothing");
        }
    }

    [Fact]
    public async Task Tickets_sold_for_a_partner_go_to_467_and_its_payout_statement_never_to_revenue_and_a_payout_settles_what_is_owed()
    {
        await using var app = new BillingApp { Chromium = "none" }; // reads no PDF: the closure prints none
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var invoice = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest("bookings", "grp-3/1", Customer, Lines)), HttpStatusCode.Created);
        var invoiceId = invoice.GetProperty("invoiceId").GetString()!;
        invoice.GetProperty("totalTtc").GetInt64().Should().Be(2400 + 7500 + 4000, "the customer pays the office's service and the partners'");
        invoice.GetProperty("totalVat").GetInt64().Should().Be(400, "VAT collected by the office is on its own service only");

        // Paid in full: an invoice with partner lines settles as usual.
        (await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "p-1", Customer.CustomerId, new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: "VIR-77"), 13900, new DateOnly(2026, 3, 1),
            [new PaymentAllocationRequest(invoiceId, 13900)]))).StatusCode.Should().Be(HttpStatusCode.Created);
        await CatchUpAsync(app);
        var listed = (await staff.GetFromJsonAsync<JsonElement>("/api/billing/invoices")).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("invoiceId").GetString() == invoiceId);
        listed.GetProperty("balance").GetInt64().Should().Be(0);

        // A ticket cancelled: the credit note takes it back from the theatre's funds.
        await Json(await staff.PostAsJsonAsync($"/api/billing/invoices/{invoiceId}/credit-notes", new
        {
            reason = "Annulation d'un billet",
            disposition = "refund",
            lines = new[] { new InvoiceLineRequest("Billet « Les Fourberies de Scapin » annulé", 1, 2500, VatRate.Reduced, OnBehalfOf: Theatre) },
        }), HttpStatusCode.Created);
        await CatchUpAsync(app);

        var accountant = await app.ClientAsync("port-a", Roles.Accountant);
        var fec = await FecAsync(accountant);
        var sale = fec.Where(r => r[0] == "VE" && r[8] == invoice.GetProperty("number").GetString()).ToList();
        sale.Where(r => r[4] == "706000").Sum(r => Cents(r[12])).Should().Be(2000, "revenue: the office's own visit HT only");
        sale.Where(r => r[4] == "445710").Sum(r => Cents(r[12])).Should().Be(400);
        var theatre = sale.Single(r => r[4] == "467000" && r[6] == "TIERS-theatre-du-port");
        (theatre[7], Cents(theatre[12])).Should().Be(("Théâtre du Port", 7500L));
        Cents(sale.Single(r => r[4] == "467000" && r[6] == "TIERS-auberge-bavella")[12]).Should().Be(4000);
        sale.Where(r => r[4] == "411000").Sum(r => Cents(r[11])).Should().Be(13900);
        var credit = fec.Where(r => r[0] == "VE" && r[10].StartsWith("Avoir", StringComparison.Ordinal)).ToList();
        Cents(credit.Single(r => r[4] == "467000")[11]).Should().Be(2500, "the credit note debits the theatre's account");
        credit.Should().NotContain(r => r[4] == "706000" || r[4] == "445710");

        // The theatre's statement: 75 € collected, 25 € credited, 50 € owed.
        var statement = await Json(await staff.GetAsync("/api/billing/third-party/providers/theatre-du-port/statement?from=2026-03-01&to=2026-03-31"));
        statement.GetProperty("collected").GetInt64().Should().Be(7500);
        statement.GetProperty("credited").GetInt64().Should().Be(2500);
        statement.GetProperty("owed").GetInt64().Should().Be(5000);
        statement.GetProperty("siren").GetString().Should().Be("552081317");
        statement.GetProperty("lines").GetProperty("total").GetInt64().Should().Be(2);
        statement.GetProperty("lines").GetProperty("items")[1].GetProperty("kind").GetString().Should().Be("credit-note");

        // Paying out more than owed is refused; the exact amount is recorded, once.
        var tooMuch = await staff.PostAsJsonAsync("/api/billing/third-party/providers/theatre-du-port/payouts",
            new RecordThirdPartyPayoutRequestBody("po-1", 5001, new DateOnly(2026, 3, 1), "bankTransfer", "VIR-THEATRE-03"));
        tooMuch.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await tooMuch.Content.ReadAsStringAsync());
        (await tooMuch.Content.ReadAsStringAsync()).Should().Contain("dépasse le montant dû à Théâtre du Port");
        var body = new RecordThirdPartyPayoutRequestBody("po-1", 5000, new DateOnly(2026, 3, 1), "bankTransfer", "VIR-THEATRE-03");
        var paid = await Json(await staff.PostAsJsonAsync("/api/billing/third-party/providers/theatre-du-port/payouts", body), HttpStatusCode.Created);
        paid.GetProperty("owedAfter").GetInt64().Should().Be(0);
        await Json(await staff.PostAsJsonAsync("/api/billing/third-party/providers/theatre-du-port/payouts", body), HttpStatusCode.OK);
        await CatchUpAsync(app);

        var payout = (await FecAsync(accountant)).Where(r => r[8] == "po-1").ToList();
        payout.Should().HaveCount(2);
        payout.Should().ContainSingle(r => r[0] == "BQ" && r[4] == "467000" && r[6] == "TIERS-theatre-du-port" && Cents(r[11]) == 5000);
        payout.Should().ContainSingle(r => r[0] == "BQ" && r[4] == "512000" && Cents(r[12]) == 5000);
        var providers = await Json(await staff.GetAsync("/api/billing/third-party/providers?page=1&pageSize=10"));
        providers.GetProperty("total").GetInt64().Should().Be(2);
        providers.GetProperty("items").EnumerateArray().Select(p => (p.GetProperty("providerId").GetString(), p.GetProperty("owed").GetInt64()))
            .Should().BeEquivalentTo([("auberge-bavella", 4000L), ("theatre-du-port", 0L)]);
        (await staff.GetAsync("/api/billing/third-party/providers/unknown/statement?from=2026-03-01&to=2026-03-31")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await staff.GetAsync("/api/billing/third-party/providers/theatre-du-port/statement?from=2026-03-31&to=2026-03-01")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var otherOffice = await app.ClientAsync("port-b", Roles.OfficeStaff);
        (await otherOffice.GetAsync("/api/billing/third-party/providers/theatre-du-port/statement?from=2026-03-01&to=2026-03-31")).StatusCode
            .Should().Be(HttpStatusCode.NotFound, "another office sees nothing of this one's providers");

        // The day's closure: sales are the office's own; third-party funds apart (collected − credited); the grand total leaves them out.
        app.Time.SetUtcNow(Paris(2026, 3, 2, 1));
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ClosureJob>().RunNowAsync();
        }

        accountant = await app.ClientAsync("port-a", Roles.Accountant);

        var closures = await Json(await accountant.GetAsync("/api/audit/closures?year=2026&pageSize=50"));
        var day = closures.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "day-2026-03-01");
        day.GetProperty("totals").GetProperty("salesTtc").GetInt64().Should().Be(2400);
        day.GetProperty("totals").GetProperty("creditNotesTtc").GetInt64().Should().Be(0, "the credit note was on a partner's line");
        day.GetProperty("totals").GetProperty("thirdPartyFunds").GetInt64().Should().Be(7500 + 4000 - 2500);
        day.GetProperty("totals").GetProperty("paymentsNet").GetInt64().Should().Be(13900, "all money received, partners' included");
        day.GetProperty("grandTotal").GetProperty("netSalesTtc").GetInt64().Should().Be(2400);
        var document = await (await accountant.GetAsync("/api/audit/closures/2026/day-2026-03-01")).Content.ReadAsStringAsync();
        document.Should().Contain(ClosureDocument.ThirdPartySeparatedNote[..40]);
    }

    [ChromiumFact]
    public async Task The_invoice_prints_the_partners_lines_apart_and_the_statement_prints_in_french()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var invoice = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest("bookings", "grp-3/2", Customer, Lines)), HttpStatusCode.Created);
        var pdf = await staff.GetAsync($"/api/billing/invoices/{invoice.GetProperty("invoiceId").GetString()}/pdf");
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);

        var text = Text(await pdf.Content.ReadAsByteArrayAsync());
        text.Should().Contain("Sommes encaissées au nom et pour le compte de tiers")
            .And.Contain("552081317").And.Contain("Bavella")
            .And.Contain("Total TVA : 4,00 €")
            .And.Contain("Total TTC : 24,00 €", "the office's own total")
            .And.Contain("Débours (tiers) : 115,00 €")
            .And.Contain("Net à payer : 139,00 €");
        var html = await staff.GetStringAsync($"/api/billing/invoices/{invoice.GetProperty("invoiceId").GetString()}/html");
        html.Should().Contain("Encaissé pour le compte de Théâtre du Port (SIREN 552081317)").And.Contain("Encaissé pour le compte de Auberge de Bavella")
            .And.Contain("art. 267 II 2° du CGI");

        await CatchUpAsync(app);
        var statement = await staff.GetAsync("/api/billing/third-party/providers/theatre-du-port/statement/pdf?from=2026-03-01&to=2026-03-31");
        statement.StatusCode.Should().Be(HttpStatusCode.OK);
        Text(await statement.Content.ReadAsByteArrayAsync()).Should().Contain("Relevé de reversement — période du 01/03/2026 au 31/03/2026")
            .And.Contain("Théâtre du Port").And.Contain("SIREN : 552081317").And.Contain("Fourberies")
            .And.Contain("Encaissé pour le compte du prestataire 75,00 €")
            .And.Contain("Total dû au prestataire au 31/03/2026 75,00 €");
    }

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var words = document.GetPages().SelectMany(p => p.GetWords()
            .GroupBy(w => Math.Round(w.BoundingBox.Bottom / 2))
            .OrderByDescending(g => g.Key)
            .Select(g => string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))));
        return string.Join(' ', string.Join(" ", words).Replace('\u00A0', ' ').Replace('\u202F', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private sealed record RecordThirdPartyPayoutRequestBody(string PayoutId, long Amount, DateOnly PaidOn, string Method, string Reference);
}
