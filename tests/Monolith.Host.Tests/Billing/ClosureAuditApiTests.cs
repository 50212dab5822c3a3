using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Audit;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Closures;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Billing;

/// <summary>Closures (conservation), the keyed per-office chain and its anchors, from outside (ADR 0021). Runs on both engines in CI
/// (the PostgreSQL host filter matches "AuditApiTests").</summary>
public sealed class ClosureAuditApiTests
{
    private static readonly BillingCustomer Customer = new(
        "club-7", CustomerKind.Business, "Club de voile", new BillingAddress("Port", "66000", "Perpignan"), VatNumber: "FR44732829320");

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> Issue(HttpClient staff, string reference, params InvoiceLineRequest[] lines) =>
        await Json(await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest("bookings", reference, Customer, lines)), HttpStatusCode.Created);

    private static Task<HttpResponseMessage> Pay(HttpClient staff, string paymentId, long amount, PaymentDetails details, DateOnly receivedOn, params PaymentAllocationRequest[] allocations) =>
        staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(paymentId, Customer.CustomerId, details, amount, receivedOn, allocations));

    private static readonly PaymentDetails Cheque = new(PaymentMethod.Cheque, ChequeNumber: "0012345", Bank: "Crédit Maritime");
    private static readonly PaymentDetails Cash = new(PaymentMethod.Cash);

    /// <summary>Paris local time → UTC instant.</summary>
    private static DateTimeOffset Paris(int year, int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));

    private static async Task RunClosuresAsync(BillingApp app)
    {
        (await app.Services.GetRequiredService<IProjectionAdmin>().WaitForCatchUpAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ClosureJob>().RunNowAsync();
    }

    private static async Task<JsonElement> Closure(HttpClient accountant, int year, string name)
    {
        var page = await Json(await accountant.GetAsync($"/api/audit/closures?year={year}&pageSize=500"));
        var items = page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("name").GetString() == name).ToList();
        items.Should().HaveCount(1, $"closure {name} should be listed");
        return items[0];
    }

    private static long Rate(JsonElement totals, string list, string rate) =>
        totals.GetProperty(list).EnumerateArray().Single(r => r.GetProperty("rate").GetString() == rate).GetProperty("ttc").GetInt64();

    private static JsonElement Method(JsonElement totals, string method) =>
        totals.GetProperty("payments").EnumerateArray().Single(p => p.GetProperty("method").GetString() == method);

    [Fact]
    public async Task A_daily_closure_holds_the_days_invoices_per_rate_and_payments_per_method_and_is_archived_signed()
    {
        await using var app = new BillingApp { Chromium = "none" }; // reads no closure PDF: prints none
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var first = await Issue(staff, "c-1", new InvoiceLineRequest("Visite guidée", 10, 1200, VatRate.Standard));
        var second = await Issue(staff, "c-2", new InvoiceLineRequest("Nuitée", 2, 4500, VatRate.Intermediate), new InvoiceLineRequest("Visite", 1, 3000, VatRate.Standard));
        (await Pay(staff, "p-1", 5000, Cheque, new DateOnly(2026, 3, 1), new PaymentAllocationRequest(first.GetProperty("invoiceId").GetString()!, 5000))).EnsureSuccessStatusCode();
        (await Pay(staff, "p-2", 1000, Cash, new DateOnly(2026, 3, 1))).EnsureSuccessStatusCode();
        var otherOffice = await app.ClientAsync("port-b", Roles.OfficeStaff);
        await Issue(otherOffice, "x-1", new InvoiceLineRequest("Autre office", 1, 99900, VatRate.Standard));

        app.Time.SetUtcNow(Paris(2026, 3, 2, 1, 0));
        await RunClosuresAsync(app);

        var accountant = await app.ClientAsync("port-a", Roles.Accountant);
        var day = await Closure(accountant, 2026, "day-2026-03-01");
        var totals = day.GetProperty("totals");
        totals.GetProperty("invoices").GetInt32().Should().Be(2);
        totals.GetProperty("salesTtc").GetInt64().Should().Be(first.GetProperty("totalTtc").GetInt64() + second.GetProperty("totalTtc").GetInt64());
        Rate(totals, "sales", "2000").Should().Be(12000 + 3000);
        Rate(totals, "sales", "1000").Should().Be(9000);
        Method(totals, "cheque").GetProperty("received").GetInt64().Should().Be(5000);
        Method(totals, "cash").GetProperty("received").GetInt64().Should().Be(1000);
        totals.GetProperty("paymentsNet").GetInt64().Should().Be(6000);
        totals.GetProperty("thirdPartyFunds").GetInt64().Should().Be(0);
        day.GetProperty("grandTotal").GetProperty("netSalesTtc").GetInt64().Should().Be(24000);

        // The document in the archive (outside the database) is the one served, and its signature holds with the office's key.
        var path = Path.Combine(app.DataFolderPath, "archive", "port-a", "closures", "day-2026-03-01.json");
        File.Exists(path).Should().BeTrue();
        var download = await accountant.GetAsync("/api/audit/closures/2026/day-2026-03-01");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        var served = await download.Content.ReadAsStringAsync();
        served.Should().Be(await File.ReadAllTextAsync(path, Encoding.UTF8));
        var signature = download.Headers.GetValues(ClosureEndpoints.SignatureHeader).Single();
        (await File.ReadAllTextAsync(path + ".sig")).Trim().Should().Be(signature);
        signature.Should().StartWith(ClosureSignatures.EcdsaPrefix, "closures are signed asymmetrically (version 2)");
        app.Get<ChainAnchors>().VerifySignature("port-a", served, signature).Should().BeTrue();

        // Offline, with the public key alone (as the accountant does with openssl): the signature holds, and fails after one change.
        var key = await Json(await accountant.GetAsync("/api/compliance/archive-key"));
        using var ecdsa = System.Security.Cryptography.ECDsa.Create();
        ecdsa.ImportFromPem(key.GetProperty("publicKeyPem").GetString());
        var der = Convert.FromBase64String(signature[ClosureSignatures.EcdsaPrefix.Length..]);
        bool Holds(string document) => ecdsa.VerifyData(
            Encoding.UTF8.GetBytes(document), der, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence);
        Holds(served).Should().BeTrue();
        Holds(served.Replace("24000", "24001", StringComparison.Ordinal)).Should().BeFalse();

        var verify = await Json(await accountant.GetAsync("/api/audit/verify"));
        verify.GetProperty("intact").GetBoolean().Should().BeTrue();
        verify.GetProperty("lastAnchor").GetProperty("label").GetString().Should().Be("journée du 01/03/2026");
    }

    [Fact]
    public async Task A_closure_signed_with_the_former_hmac_still_verifies_and_a_changed_one_does_not()
    {
        await using var app = new BillingApp { Chromium = "none" }; // reads no closure PDF: prints none
        _ = await app.ClientAsync("port-v1", Roles.Accountant); // starts the host
        var anchors = app.Get<ChainAnchors>();
        var document = JsonSerializer.Serialize(new
        {
            officeId = "port-v1",
            anchor = new ChainAnchor("port-v1", 1, new string('a', 64), 1, new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero), "journée du 31/12/2025"),
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var hmac = app.Get<OfficeChainKeys>().Sign("port-v1", document); // version 1: hex HMAC-SHA256 with the office's closure key
        await anchors.WriteAsync("port-v1", "day-2025-12-31", document, hmac);

        anchors.VerifySignature("port-v1", document, hmac).Should().BeTrue("closures signed before version 2 keep verifying");
        anchors.VerifySignature("port-v1", document.Replace("31/12", "30/12", StringComparison.Ordinal), hmac).Should().BeFalse();
        (await anchors.ListAsync("port-v1")).Should().ContainSingle().Which.SignatureValid.Should().BeTrue();
        anchors.VerifySignature("port-v1", document, anchors.Sign(document)).Should().BeTrue("a version 2 signature of the same bytes");
    }

    [ChromiumFact]
    public async Task A_closure_is_archived_as_a_french_pdf_next_to_its_signed_json()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var invoice = await Issue(staff, "pdf-1", new InvoiceLineRequest("Visite guidée", 10, 1200, VatRate.Standard), new InvoiceLineRequest("Nuitée", 2, 4500, VatRate.Intermediate));
        (await Pay(staff, "pdf-p", 5000, Cheque, new DateOnly(2026, 3, 1), new PaymentAllocationRequest(invoice.GetProperty("invoiceId").GetString()!, 5000))).EnsureSuccessStatusCode();
        app.Time.SetUtcNow(Paris(2026, 3, 2, 1, 0));
        await RunClosuresAsync(app);

        var json = Path.Combine(app.DataFolderPath, "archive", "port-a", "closures", "day-2026-03-01.json");
        var pdf = Path.ChangeExtension(json, ".pdf");
        File.Exists(json).Should().BeTrue();
        File.Exists(pdf).Should().BeTrue("the readable copy is stored next to the signed JSON");
        using var document = UglyToad.PdfPig.PdfDocument.Open(await File.ReadAllBytesAsync(pdf));
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text.Replace('\u00A0', ' ').Replace('\u202F', ' ')));
        text.Should().Contain("Clôture").And.Contain("01/03/2026").And.Contain("Ventes").And.Contain("Avoirs").And.Contain("Chèque")
            .And.Contain("Fonds de tiers").And.Contain("Grand total perpétuel").And.Contain("Tête de chaîne");
        string Flat(long cents) => Euros.Format(cents).Replace('\u00A0', ' ').Replace('\u202F', ' ');
        text.Should().Contain(Flat(invoice.GetProperty("totalTtc").GetInt64()), "the day's sales TTC").And.Contain(Flat(5000), "the cheque received");

        var before = File.GetLastWriteTimeUtc(pdf);
        await RunClosuresAsync(app); // a rerun prints nothing again
        File.GetLastWriteTimeUtc(pdf).Should().Be(before);
    }

    [Fact]
    public async Task The_grand_total_is_continuous_across_a_month_and_a_year_boundary()
    {
        await using var app = new BillingApp { Chromium = "none" }; // reads no closure PDF: prints none
        app.Time.SetUtcNow(Paris(2026, 12, 31, 10));
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        await Issue(staff, "y-1", new InvoiceLineRequest("Visite", 1, 10000, VatRate.Standard));
        app.Time.SetUtcNow(Paris(2027, 1, 1, 10));
        staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        await Issue(staff, "y-2", new InvoiceLineRequest("Visite", 1, 5000, VatRate.Standard));
        (await Pay(staff, "p-y", 5000, Cash, new DateOnly(2027, 1, 1))).EnsureSuccessStatusCode();
        app.Time.SetUtcNow(Paris(2027, 1, 2, 1));

        await RunClosuresAsync(app);
        await RunClosuresAsync(app); // a rerun records nothing more

        var accountant = await app.ClientAsync("port-a", Roles.Accountant);
        var lastDay = await Closure(accountant, 2026, "day-2026-12-31");
        var december = await Closure(accountant, 2026, "month-2026-12");
        var year = await Closure(accountant, 2026, "year-2026");
        var newYear = await Closure(accountant, 2027, "day-2027-01-01");
        lastDay.GetProperty("grandTotal").GetProperty("netSalesTtc").GetInt64().Should().Be(10000);
        december.GetProperty("totals").GetProperty("salesTtc").GetInt64().Should().Be(10000);
        year.GetProperty("totals").GetProperty("salesTtc").GetInt64().Should().Be(10000);
        year.GetProperty("grandTotal").GetProperty("netSalesTtc").GetInt64().Should().Be(10000);
        newYear.GetProperty("totals").GetProperty("salesTtc").GetInt64().Should().Be(5000);
        newYear.GetProperty("grandTotal").GetProperty("netSalesTtc").GetInt64().Should().Be(15000, "the perpetual total goes on across the year's closure");
        newYear.GetProperty("grandTotal").GetProperty("paymentsNet").GetInt64().Should().Be(5000);
        (await Json(await accountant.GetAsync("/api/audit/closures?year=2026"))).GetProperty("total").GetInt32().Should().Be(3);
        (await Json(await accountant.GetAsync("/api/audit/closures?year=2027"))).GetProperty("total").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Nothing_is_recorded_in_a_closed_day_and_a_late_payment_counts_in_the_open_day_with_its_own_date()
    {
        await using var app = new BillingApp { Chromium = "none" }; // reads no closure PDF: prints none
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var invoice = await Issue(staff, "n-1", new InvoiceLineRequest("Visite", 1, 8000, VatRate.Standard));
        app.Time.SetUtcNow(Paris(2026, 3, 2, 1));
        await RunClosuresAsync(app);
        var accountant = await app.ClientAsync("port-a", Roles.Accountant);
        var closedBefore = (await Closure(accountant, 2026, "day-2026-03-01")).GetRawText();

        // A clock set back into the closed day: issuing and recording are refused.
        app.Time.SetUtcNow(Paris(2026, 3, 1, 15));
        staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var refused = await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest("bookings", "n-2", Customer, [new InvoiceLineRequest("Visite", 1, 100, VatRate.Standard)]));
        var problem = await Json(refused, HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().Should().Contain("clôturée");
        (await Pay(staff, "p-late", 100, Cash, new DateOnly(2026, 3, 1))).StatusCode.Should().Be(HttpStatusCode.Conflict);

        // The next day: the cheque received on the closed day is recorded with its own date, and counts in the open day.
        app.Time.SetUtcNow(Paris(2026, 3, 2, 10));
        staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        (await Pay(staff, "p-late", 8000, Cheque, new DateOnly(2026, 3, 1), new PaymentAllocationRequest(invoice.GetProperty("invoiceId").GetString()!, 8000))).EnsureSuccessStatusCode();
        app.Time.SetUtcNow(Paris(2026, 3, 3, 1));
        await RunClosuresAsync(app);

        accountant = await app.ClientAsync("port-a", Roles.Accountant);
        (await Closure(accountant, 2026, "day-2026-03-01")).GetRawText().Should().Be(closedBefore, "a closed day never changes");
        var next = await Closure(accountant, 2026, "day-2026-03-02");
        Method(next.GetProperty("totals"), "cheque").GetProperty("received").GetInt64().Should().Be(8000);
        next.GetProperty("totals").GetProperty("lateFacts").GetInt32().Should().Be(1);
        next.GetProperty("totals").GetProperty("invoices").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Verify_shows_only_the_callers_office_and_a_break_in_another_office_does_not_show()
    {
        await using var app = new BillingApp { Chromium = "none" }; // reads no closure PDF: prints none
        var a = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var b = await app.ClientAsync("port-b", Roles.OfficeStaff);
        await Issue(a, "v-1", new InvoiceLineRequest("Visite", 1, 1000, VatRate.Standard));
        await Issue(b, "v-1", new InvoiceLineRequest("Visite", 1, 2000, VatRate.Standard));
        await Issue(b, "v-2", new InvoiceLineRequest("Visite", 1, 3000, VatRate.Standard));
        var accountantA = await app.ClientAsync("port-a", Roles.Accountant);
        var accountantB = await app.ClientAsync("port-b", Roles.Accountant);
        var store = app.Get<IEventStore>();
        var eventsOfA = (await store.ReadAllAsync(0, 10_000)).Count(e => e.Metadata.TenantId == "port-a");

        var verifyA = await Json(await accountantA.GetAsync("/api/audit/verify"));
        verifyA.GetProperty("officeId").GetString().Should().Be("port-a");
        verifyA.GetProperty("eventsChecked").GetInt64().Should().Be(eventsOfA);

        await using (var connection = await app.OpenEventLogConnectionAsync())
        {
            var position = await connection.ExecuteScalarAsync<long>(
                "SELECT position FROM platform_events WHERE tenant_id = 'port-b' AND type = 'billing.invoice-issued' ORDER BY position LIMIT 1");
            (await connection.ExecuteAsync("UPDATE platform_events SET data = replace(data, '2000', '200') WHERE position = @position", new { position })).Should().Be(1);
            var verifyB = await Json(await accountantB.GetAsync("/api/audit/verify"));
            verifyB.GetProperty("intact").GetBoolean().Should().BeFalse();
            verifyB.GetProperty("firstBrokenPosition").GetInt64().Should().Be(position);
        }

        (await Json(await accountantA.GetAsync("/api/audit/verify"))).GetProperty("intact").GetBoolean().Should().BeTrue("office A's chain does not contain office B's events");
    }

    [Fact]
    public async Task Deleting_the_newest_events_after_a_closure_is_detected_against_its_anchor()
    {
        await using var app = new BillingApp { Chromium = "none" }; // reads no closure PDF: prints none
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        await Issue(staff, "t-1", new InvoiceLineRequest("Visite", 1, 1000, VatRate.Standard));
        app.Time.SetUtcNow(Paris(2026, 3, 2, 1));
        await RunClosuresAsync(app);
        var accountant = await app.ClientAsync("port-a", Roles.Accountant);
        var verify = await Json(await accountant.GetAsync("/api/audit/verify"));
        verify.GetProperty("intact").GetBoolean().Should().BeTrue();
        var anchored = verify.GetProperty("lastAnchor").GetProperty("position").GetInt64();

        await using (var connection = await app.OpenEventLogConnectionAsync())
        {
            (await connection.ExecuteAsync("DELETE FROM platform_events WHERE position >= @anchored AND tenant_id = 'port-a'", new { anchored })).Should().BeGreaterThan(0);
        }

        var after = await Json(await accountant.GetAsync("/api/audit/verify"));
        after.GetProperty("intact").GetBoolean().Should().BeFalse();
        after.GetProperty("firstBrokenPosition").GetInt64().Should().Be(anchored);
        after.GetProperty("reason").GetString().Should().Contain("supprimés");
    }
}
