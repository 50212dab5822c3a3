using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Host.Tests.Billing;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Compliance.Retention;

namespace Monolith.Host.Tests.Compliance;

/// <summary>Retention by moving the clock: a customer inactive for 5 years is crypto-shredded (after the yearly archive of their
/// documents is stored), an active one is kept, and the run is reported.</summary>
public sealed class RetentionTests
{
    private static BillingCustomer Consumer(string id, string name) =>
        new(id, CustomerKind.Consumer, name, new BillingAddress("3 rue des Mouettes", "66000", "Perpignan"), $"{id}@example.fr");

    private static async Task RunRetentionAsync(BillingApp app, DateTimeOffset at)
    {
        app.Time.SetUtcNow(at);
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunNowAsync();
    }

    private static async Task WaitForActivityAsync(BillingApp app, string office, Func<IReadOnlyList<DataSubjectLastActivity>, bool> done)
    {
        var activity = app.Services.GetRequiredService<DataSubjectActivity>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done(await activity.InactiveSinceAsync(office, DateTimeOffset.MaxValue)))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the data-subject activity projection should catch up");
            await Task.Delay(25); // poll interval only: the loop ends on the condition or the deadline
        }
    }

    /// <summary>The consumer's name as the invoice reads now (a forgotten person's sealed details read as null: erased).</summary>
    private static async Task<string> CustomerNameAsync(HttpClient staff, string invoiceId)
    {
        var consumer = (await staff.GetFromJsonAsync<JsonElement>($"/api/billing/invoices/{invoiceId}")).GetProperty("consumerCustomer");
        return consumer.ValueKind == JsonValueKind.Null ? PersonalData.ErasedText : consumer.GetProperty("name").GetString()!;
    }

    [Fact]
    public async Task A_customer_inactive_for_five_years_is_shredded_an_active_one_kept_and_the_run_reported()
    {
        await using var app = new BillingApp { Chromium = "none" };
        const string office = "port-r";
        _ = app.CreateClient();
        var billing = app.Services.GetRequiredService<IBillingService>();
        var jean = await billing.IssueInvoiceAsync(office, new IssueInvoiceRequest("marina", "escale-1", Consumer("jean", "Jean Dupont"), [new InvoiceLineRequest("Escale", 1, 3500, VatRate.Intermediate)]));
        await billing.IssueInvoiceAsync(office, new IssueInvoiceRequest("marina", "escale-2", Consumer("marie", "Marie Martin"), [new InvoiceLineRequest("Escale", 1, 3500, VatRate.Intermediate)]));
        app.Time.SetUtcNow(new DateTimeOffset(2029, 6, 1, 9, 0, 0, TimeSpan.Zero));
        var marieLater = await billing.IssueInvoiceAsync(office, new IssueInvoiceRequest("marina", "escale-3", Consumer("marie", "Marie Martin"), [new InvoiceLineRequest("Escale", 1, 3500, VatRate.Intermediate)]));
        await WaitForActivityAsync(app, office, subjects => subjects.Count == 2 && subjects.Single(s => s.SubjectId == "marie").LastActivityAt.Year == 2029);

        await RunRetentionAsync(app, new DateTimeOffset(2031, 2, 20, 3, 0, 0, TimeSpan.Zero));
        var staff = await app.ClientAsync(office, Roles.OfficeStaff);
        (await CustomerNameAsync(staff, jean.InvoiceId)).Should().Be("Jean Dupont", "less than 5 years since Jean's last invoice (1 March 2026)");

        await RunRetentionAsync(app, new DateTimeOffset(2031, 3, 5, 3, 0, 0, TimeSpan.Zero));
        staff = await app.ClientAsync(office, Roles.OfficeStaff);
        var accountant = await app.ClientAsync(office, Roles.Accountant);

        (await CustomerNameAsync(staff, jean.InvoiceId)).Should().Be(PersonalData.ErasedText);
        (await CustomerNameAsync(staff, marieLater.InvoiceId)).Should().Be("Marie Martin", "Marie was active in 2029");
        jean.TotalTtc.Should().Be(3500);
        var records = await accountant.GetFromJsonAsync<JsonElement>("/api/compliance/records?year=2031");
        var reports = records.GetProperty("retention").EnumerateArray().ToList();
        reports.Should().HaveCount(2);
        reports[0].GetProperty("subjectsForgotten").GetArrayLength().Should().Be(0);
        reports[1].GetProperty("subjectsForgotten").EnumerateArray().Select(s => s.GetString()).Should().Equal("jean");
        reports[1].GetProperty("personalDataInactiveBefore").GetString().Should().Be("2026-03-05");
        reports[1].GetProperty("accountingKeptFrom").GetString().Should().Be("2021-01-01");
        reports[0].GetProperty("archivesCreated").EnumerateArray().Should().BeEmpty();
        reports[1].GetProperty("archivesCreated").EnumerateArray().Select(a => a.GetString()).Should()
            .ContainSingle().Which.Should().StartWith("archive-port-r-20260101-20261231-", "the 2026 documents are archived as issued before the names are shredded");
        records.GetProperty("archives").EnumerateArray().Should().ContainSingle();
    }

    [Fact]
    public async Task An_archive_whose_ten_year_retention_is_over_is_deleted_and_reported()
    {
        await using var app = new BillingApp { Chromium = "none" };
        const string office = "port-s";
        _ = app.CreateClient();
        await app.Services.GetRequiredService<IBillingService>().IssueInvoiceAsync(
            office, new IssueInvoiceRequest("marina", "escale-1", Consumer("paul", "Paul Durand"), [new InvoiceLineRequest("Escale", 1, 3500, VatRate.Intermediate)]));
        app.Time.SetUtcNow(new DateTimeOffset(2027, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var accountant = await app.ClientAsync(office, Roles.Accountant);
        (await accountant.PostAsJsonAsync("/api/compliance/archives", new { year = 2026 })).EnsureSuccessStatusCode();

        await RunRetentionAsync(app, new DateTimeOffset(2036, 12, 20, 3, 0, 0, TimeSpan.Zero));
        accountant = await app.ClientAsync(office, Roles.Accountant);
        (await accountant.GetFromJsonAsync<JsonElement>("/api/compliance/archives")).GetProperty("total").GetInt32().Should().Be(1, "2026 + 10 years is not over");

        await RunRetentionAsync(app, new DateTimeOffset(2037, 1, 2, 3, 0, 0, TimeSpan.Zero));
        accountant = await app.ClientAsync(office, Roles.Accountant);

        (await accountant.GetFromJsonAsync<JsonElement>("/api/compliance/archives")).GetProperty("total").GetInt32().Should().Be(0);
        var report = (await accountant.GetFromJsonAsync<JsonElement>("/api/compliance/records?year=2037")).GetProperty("retention").EnumerateArray().Single();
        report.GetProperty("archivesDeleted").EnumerateArray().Single().GetString().Should().StartWith("archive-port-s-20260101-20261231-");
    }
}
