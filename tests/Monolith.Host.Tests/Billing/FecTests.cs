using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Billing;

/// <summary>Issue 10 item 5: the FEC's file name, entry numbers given once when posted, lettering of settled invoices.</summary>
public sealed class FecTests
{
    private static readonly BillingCustomer Customer = new(
        "club-9", CustomerKind.Business, "Club de voile", new BillingAddress("Port", "66000", "Perpignan"), VatNumber: "FR44732829320");

    private static async Task<string> IssueAsync(HttpClient staff, string reference, long ttc)
    {
        var response = await staff.PostAsJsonAsync("/api/billing/invoices",
            new IssueInvoiceRequest("bookings", reference, Customer, [new InvoiceLineRequest("Visite guidée", 1, ttc, VatRate.Standard)]));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("invoiceId").GetString()!;
    }

    private static async Task<(string FileName, List<string[]> Rows)> ExportAsync(HttpClient accountant, string from, string to)
    {
        var response = await accountant.GetAsync($"/api/audit/fec?from={from}&to={to}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var rows = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToList();
        return (response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), rows);
    }

    [Fact]
    public async Task The_file_is_named_siren_FEC_closing_date_and_an_entry_keeps_its_number_whatever_the_period_exported()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-f", Roles.OfficeStaff);
        await IssueAsync(staff, "b-1", 10000); // 1 March
        await IssueAsync(staff, "b-2", 20000);
        app.Time.Advance(TimeSpan.FromDays(31)); // 1 April
        staff = await app.ClientAsync("port-f", Roles.OfficeStaff);
        await IssueAsync(staff, "b-3", 30000);
        var accountant = await app.ClientAsync("port-f", Roles.Accountant);

        var year = await ExportAsync(accountant, "2026-01-01", "2026-12-31");
        var april = await ExportAsync(accountant, "2026-04-01", "2026-12-31");

        year.FileName.Should().Be("732829320FEC20261231.txt");
        var third = year.Rows.Where(r => r[8] == "2026/00003").Select(r => r[2]).Distinct().Should().ContainSingle().Subject;
        third.Should().Be("VE000003");
        april.Rows.Where(r => r[8] == "2026/00003").Select(r => r[2]).Distinct().Should().Equal(third);
        april.Rows.Select(r => r[8]).Distinct().Should().Equal("2026/00003");
    }

    [Fact]
    public async Task A_settled_invoice_and_its_payment_share_a_letter_and_the_date_of_lettering_and_an_open_invoice_has_none()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-l", Roles.OfficeStaff);
        var paid = await IssueAsync(staff, "b-1", 12000);
        await IssueAsync(staff, "b-2", 5000);
        app.Time.Advance(TimeSpan.FromDays(2));
        staff = await app.ClientAsync("port-l", Roles.OfficeStaff);
        (await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "vir-1", Customer.CustomerId, new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: "VIR 1"), 12000, new DateOnly(2026, 3, 3),
            [new PaymentAllocationRequest(paid, 12000)]))).EnsureSuccessStatusCode();
        var accountant = await app.ClientAsync("port-l", Roles.Accountant);

        var (_, rows) = await ExportAsync(accountant, "2026-01-01", "2026-12-31");

        var customerLines = rows.Where(r => r[4] == "411000").ToList();
        var invoiceLine = customerLines.Single(r => r[8] == "2026/00001");
        var paymentLine = customerLines.Single(r => r[8] == "vir-1");
        invoiceLine[13].Should().Be("A");
        paymentLine[13].Should().Be("A");
        invoiceLine[14].Should().Be("20260303");
        paymentLine[14].Should().Be("20260303");
        customerLines.Single(r => r[8] == "2026/00002")[13].Should().BeEmpty("an open invoice is not lettered");
        rows.Where(r => r[4] != "411000").Should().OnlyContain(r => r[13] == "" && r[14] == "", "only customer-account lines are lettered");
    }
}
