using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Dunning;

namespace Monolith.Host.Tests.Billing;

public sealed class NotificationTests
{
    private static readonly BillingCustomer Customer = new(
        "berth-9", CustomerKind.Consumer, "Marie Martin", new BillingAddress("2 quai Nord", "66470", "Sainte-Marie"), "marie@example.fr");

    private static async Task<List<string>> SentKeysAsync(BillingApp app, string tenant)
    {
        var all = await app.Services.GetRequiredService<IEventStore>().ReadAllAsync(0, 100_000);
        return [.. all.Where(e => e.Type == "notifications.email-sent" && e.Metadata.TenantId == tenant)
            .Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("businessKey").GetString()!)];
    }

    [Fact]
    public async Task An_invoice_is_emailed_once_with_its_document_attached()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var invoice = await (await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest(
            "marina", "c-1", Customer, [new InvoiceLineRequest("Contrat annuel", 1, 152000, VatRate.Standard)]))).Content.ReadFromJsonAsync<JsonElement>();
        var id = invoice.GetProperty("invoiceId").GetString();

        var first = await staff.PostAsync($"/api/billing/invoices/{id}/email", null);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().Should().Be("Sent");
        var again = await staff.PostAsync($"/api/billing/invoices/{id}/email", null);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().Should().Be("AlreadySent");

        (await SentKeysAsync(app, "port-a")).Should().Equal($"billing/invoice-{id}/sent");
        var eml = Directory.GetFiles(app.DataFolderPath, "*.eml", SearchOption.AllDirectories);
        eml.Should().ContainSingle();
        var message = await File.ReadAllTextAsync(eml[0]);
        message.Should().Contain("facture-2026-00001.").And.Contain("marie@example.fr");
    }

    [Fact]
    public async Task An_invoice_issued_with_EmailToCustomer_is_emailed_once_with_its_PDF_and_one_without_is_not()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var quiet = await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest(
            "marina", "c-0", Customer, [new InvoiceLineRequest("Grutage", 1, 17800, VatRate.Standard)]));
        quiet.StatusCode.Should().Be(HttpStatusCode.Created);
        var request = new IssueInvoiceRequest(
            "marina", "c-1", Customer, [new InvoiceLineRequest("Contrat annuel", 1, 152000, VatRate.Standard)], EmailToCustomer: true);
        var issued = await (await staff.PostAsJsonAsync("/api/billing/invoices", request)).Content.ReadFromJsonAsync<JsonElement>();
        var id = issued.GetProperty("invoiceId").GetString();
        (await staff.PostAsJsonAsync("/api/billing/invoices", request)).StatusCode.Should().Be(HttpStatusCode.OK, "the same source: the same invoice");

        // The reactor runs after the append; it handles events in order, so once the second invoice's e-mail exists the first was seen.
        var deadline = DateTime.UtcNow + TempHostApp.EventuallyTimeout;
        string[] eml;
        while ((eml = Directory.GetFiles(app.DataFolderPath, "*.eml", SearchOption.AllDirectories)).Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20); // poll interval only: the loop ends on the file or the deadline
        }

        eml.Should().ContainSingle();
        var message = await File.ReadAllTextAsync(eml[0]);
        message.Should().Contain("marie@example.fr").And.Contain(ChromiumFactAttribute.IsInstalled ? "facture-2026-00002.pdf" : "facture-2026-00002.html");
        (await SentKeysAsync(app, "port-a")).Should().Equal($"billing/invoice-{id}/sent");
        var again = await staff.PostAsync($"/api/billing/invoices/{id}/email", null);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().Should().Be("AlreadySent");
    }

    [Fact]
    public async Task EmailToCustomer_without_an_address_is_refused_before_anything_is_issued()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        var response = await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest(
            "marina", "c-1", Customer with { Email = null }, [new InvoiceLineRequest("Contrat", 1, 1000, VatRate.Standard)], EmailToCustomer: true));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await app.Services.GetRequiredService<IEventStore>().ReadStreamAsync("billing-numbering:port-a:F:2026-03-01")).Should().BeEmpty();
    }

    [Fact]
    public async Task Dunning_sends_each_reminder_of_the_schedule_once_and_nothing_for_paid_invoices()
    {
        await using var app = new BillingApp();
        var billing = app.Services.GetRequiredService<IBillingService>();
        _ = app.CreateClient();
        var unpaid = await billing.IssueInvoiceAsync("port-a", new IssueInvoiceRequest("marina", "c-1", Customer, [new InvoiceLineRequest("Contrat", 1, 152000, VatRate.Standard)]));
        var paid = await billing.IssueInvoiceAsync("port-a", new IssueInvoiceRequest("marina", "c-2", Customer, [new InvoiceLineRequest("Grutage", 1, 17800, VatRate.Standard)]));
        await billing.RecordPaymentAsync("port-a", new RecordPaymentRequest(
            "p1", Customer.CustomerId, new PaymentDetails(PaymentMethod.Cash), 17800, new DateOnly(2026, 3, 1), [new PaymentAllocationRequest(paid.InvoiceId, 17800)]));
        (await app.Services.GetRequiredService<IProjectionAdmin>().WaitForCatchUpAsync(TempHostApp.EventuallyTimeout)).Should().BeTrue();
        unpaid.DueDate.Should().Be(new DateOnly(2026, 3, 31));

        async Task RunOn(int year, int month, int day)
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DunningJob>().RunAtAsync(new DateTimeOffset(year, month, day, 7, 0, 0, TimeSpan.Zero));
        }

        await RunOn(2026, 4, 5); // 5 days late: nothing yet
        (await SentKeysAsync(app, "port-a")).Should().BeEmpty();
        await RunOn(2026, 4, 7); // 7 days late: first reminder
        await RunOn(2026, 4, 7); // a second run the same day sends nothing
        await RunOn(2026, 4, 10);
        (await SentKeysAsync(app, "port-a")).Should().Equal($"billing/invoice-{unpaid.InvoiceId}/reminder-1");
        await RunOn(2026, 5, 20); // 50 days late, after missed runs: only the latest step, once
        await RunOn(2026, 5, 21);
        (await SentKeysAsync(app, "port-a")).Should().Equal(
            $"billing/invoice-{unpaid.InvoiceId}/reminder-1", $"billing/invoice-{unpaid.InvoiceId}/reminder-3");
    }
}
