using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Billing;

public sealed class AuditApiTests
{
    private static readonly BillingCustomer Customer = new(
        "club-7", CustomerKind.Business, "Club de voile", new BillingAddress("Port", "66000", "Perpignan"), VatNumber: "FR44732829320");

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> Issue(HttpClient staff, string reference, params InvoiceLineRequest[] lines)
    {
        var invoice = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest("bookings", reference, Customer, lines)), HttpStatusCode.Created);
        return invoice.GetProperty("invoiceId").GetString()!;
    }

    private static Task<HttpResponseMessage> Pay(HttpClient staff, string paymentId, long amount, PaymentMethod method, params PaymentAllocationRequest[] allocations) =>
        staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            paymentId, Customer.CustomerId, new PaymentDetails(method, TransferReference: "VIR"), amount, new DateOnly(2026, 3, 2), allocations));

    private static async Task CatchUp(BillingApp app) =>
        (await app.Services.GetRequiredService<IProjectionAdmin>().WaitForCatchUpAsync(TempHostApp.EventuallyTimeout)).Should().BeTrue();

    [Fact]
    public async Task The_balance_as_of_a_past_date_is_recomputed_from_events_and_today_agrees_with_the_read_model()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        var first = await Issue(staff, "b-1", new InvoiceLineRequest("Visite guidée", 10, 1200, VatRate.Standard)); // 1 March
        app.Time.Advance(TimeSpan.FromDays(1));
        staff = await app.ClientAsync("port-a", Roles.OfficeStaff); // bearer tokens expire with the manual clock
        (await Pay(staff, "p1", 5000, PaymentMethod.BankTransfer, new PaymentAllocationRequest(first, 5000))).EnsureSuccessStatusCode(); // 2 March
        app.Time.Advance(TimeSpan.FromDays(1));
        staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        await Issue(staff, "b-2", new InvoiceLineRequest("Nuitée", 2, 4500, VatRate.Intermediate)); // 3 March
        var accountant = await app.ClientAsync("port-a", Roles.Accountant);

        var march1 = await Json(await accountant.GetAsync($"/api/audit/customers/{Customer.CustomerId}/account?asOf=2026-03-01"));
        march1.GetProperty("account").GetProperty("balance").GetInt64().Should().Be(12000);
        var march2 = await Json(await accountant.GetAsync($"/api/audit/customers/{Customer.CustomerId}/account?asOf=2026-03-02"));
        march2.GetProperty("account").GetProperty("balance").GetInt64().Should().Be(7000);
        march2.GetProperty("account").GetProperty("totalPayments").GetInt64().Should().Be(5000);
        var today = await Json(await accountant.GetAsync($"/api/audit/customers/{Customer.CustomerId}/account?asOf=2026-03-03"));
        today.GetProperty("account").GetProperty("balance").GetInt64().Should().Be(16000);

        await CatchUp(app);
        var live = await Json(await accountant.GetAsync($"/api/billing/customers/{Customer.CustomerId}/account"));
        live.GetProperty("balance").GetInt64().Should().Be(today.GetProperty("account").GetProperty("balance").GetInt64());
        live.GetProperty("invoices").GetRawText().Should().Be(today.GetProperty("account").GetProperty("invoices").GetRawText());
    }

    [Fact]
    public async Task Replay_lists_a_stream_in_order_with_position_time_user_and_data_and_another_office_gets_404()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var first = await Issue(staff, "b-1", new InvoiceLineRequest("Visite", 1, 10000, VatRate.Standard));
        (await Pay(staff, "p1", 4000, PaymentMethod.BankTransfer, new PaymentAllocationRequest(first, 4000))).EnsureSuccessStatusCode();

        var accountant = await app.ClientAsync("port-a", Roles.Accountant);
        var events = await Json(await accountant.GetAsync($"/api/audit/streams/billing-account:port-a:{Customer.CustomerId}"));
        events.EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should().Equal(
            "billing.payment-received", "billing.payment-allocated", "billing.published-payment-received");
        events[0].GetProperty("position").GetInt64().Should().BeLessThan(events[1].GetProperty("position").GetInt64());
        events[0].GetProperty("userId").GetString().Should().NotBeNullOrEmpty();
        events[1].GetProperty("data").GetProperty("amount").GetInt64().Should().Be(4000);

        var other = await app.ClientAsync("port-b", Roles.Accountant);
        (await other.GetAsync($"/api/audit/streams/billing-account:port-a:{Customer.CustomerId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await staff.GetAsync("/api/audit/verify")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "staff do not reach audit");
    }

    [Fact]
    public async Task Verify_reports_intact_then_finds_a_row_tampered_with_in_the_database_file()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        await Issue(staff, "b-1", new InvoiceLineRequest("Visite", 1, 152000, VatRate.Standard));
        await Issue(staff, "b-2", new InvoiceLineRequest("Visite", 1, 17800, VatRate.Standard));
        var accountant = await app.ClientAsync("port-a", Roles.Accountant);

        (await Json(await accountant.GetAsync("/api/audit/verify"))).GetProperty("intact").GetBoolean().Should().BeTrue();

        await using (var connection = await app.OpenEventLogConnectionAsync())
        {
            var position = await connection.ExecuteScalarAsync<long>(
                "SELECT position FROM platform_events WHERE type = 'billing.invoice-issued' ORDER BY position LIMIT 1");
            (await connection.ExecuteAsync("UPDATE platform_events SET data = replace(data, '152000', '15200') WHERE position = @position", new { position }))
                .Should().Be(1);
            var verify = await Json(await accountant.GetAsync("/api/audit/verify"));
            verify.GetProperty("intact").GetBoolean().Should().BeFalse();
            verify.GetProperty("firstBrokenPosition").GetInt64().Should().Be(position);
        }
    }

    [Fact]
    public async Task The_FEC_has_the_18_columns_and_balances_and_only_accountants_reach_it()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var fee = VatRate.OutOfScope("Cotisation");
        var first = await Issue(staff, "b-1",
            new InvoiceLineRequest("Cotisation", 1, 5000, fee),
            new InvoiceLineRequest("Pack PRO", 1, 24000, VatRate.Standard),
            new InvoiceLineRequest("Nuitée", 3, 3333, VatRate.Intermediate),
            new InvoiceLineRequest("Concert", 2, 1999, VatRate.Reduced));
        (await Pay(staff, "p1", 20000, PaymentMethod.BankTransfer, new PaymentAllocationRequest(first, 20000))).EnsureSuccessStatusCode();
        (await Pay(staff, "p2", 1000, PaymentMethod.Cash)).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync($"/api/billing/invoices/{first}/credit-notes", new
        {
            reason = "Geste commercial",
            disposition = "refund",
            lines = new[] { new { label = "Remise", quantity = 1, unitPriceTtc = 2000, vatRate = new { basisPoints = 2000 } } },
        })).EnsureSuccessStatusCode();

        var admin = await app.ClientAsync("port-a", Roles.OfficeAdmin);
        (await admin.GetAsync("/api/audit/fec?from=2026-01-01&to=2026-12-31")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var accountant = await app.ClientAsync("port-a", Roles.Accountant);
        var response = await accountant.GetAsync("/api/audit/fec?from=2026-01-01&to=2026-12-31");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        lines[0].Split('\t').Should().Equal(
            "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef",
            "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise");
        var rows = lines.Skip(1).Select(l => l.Split('\t')).ToList();
        rows.Should().OnlyContain(r => r.Length == 18);
        rows.Should().OnlyContain(r => r[3].Length == 8 && r[3].StartsWith("2026", StringComparison.Ordinal));
        static long Cents(string amount) => long.Parse(amount.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        rows.Sum(r => Cents(r[11])).Should().Be(rows.Sum(r => Cents(r[12])), "debits equal credits");
        foreach (var entry in rows.GroupBy(r => r[2]))
        {
            entry.Sum(r => Cents(r[11])).Should().Be(entry.Sum(r => Cents(r[12])), $"entry {entry.Key} balances");
        }

        rows.Select(r => r[2]).Distinct().Should().BeEquivalentTo(["BQ000001", "CA000001", "VE000001", "VE000002"]);
        rows.Where(r => r[4] == "411000" && r[2] == "VE000001").Single()[11].Should().Be("429,97");
        rows.Should().Contain(r => r[4] == "756000" && r[12] == "50,00", "the out-of-scope fee goes to its own account without VAT");
    }

    [Fact]
    public async Task Rebuilding_the_read_model_from_zero_gives_the_same_figures()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var first = await Issue(staff, "b-1", new InvoiceLineRequest("Contrat", 1, 152000, VatRate.Standard));
        await Issue(staff, "b-2", new InvoiceLineRequest("Prestation", 1, 17800, VatRate.Standard));
        (await Pay(staff, "p1", 67000, PaymentMethod.BankTransfer, new PaymentAllocationRequest(first, 67000))).EnsureSuccessStatusCode();
        await CatchUp(app);
        var before = await Json(await staff.GetAsync("/api/billing/invoices"));
        var accountBefore = await Json(await staff.GetAsync($"/api/billing/customers/{Customer.CustomerId}/account"));

        var admin = app.Services.GetRequiredService<IProjectionAdmin>();
        (await admin.RebuildAsync("billing.invoices")).Should().Be(AdminOutcome.Done);
        await CatchUp(app);

        (await Json(await staff.GetAsync("/api/billing/invoices"))).GetRawText().Should().Be(before.GetRawText());
        (await Json(await staff.GetAsync($"/api/billing/customers/{Customer.CustomerId}/account"))).GetRawText().Should().Be(accountBefore.GetRawText());
        before.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("balance").GetInt64()).Should().Equal(85000, 17800);
    }
}
