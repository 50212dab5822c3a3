using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.Host.Tests.Marina;

public sealed class MarinaRegistrationTests(MarinaApp app) : IClassFixture<MarinaApp>
{
    private static async Task<(HttpStatusCode Status, string Body, TimeSpan Took)> RegisterAsync(HttpClient client, object body)
    {
        var watch = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/api/marina/portal/registrations", body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text, watch.Elapsed);
    }

    /// <summary>A holder without e-mail at the harbour office, with a 1 520 € contract signed by staff's paper process: here its
    /// invoice is the one of a service, 178 €, issued this year.</summary>
    private async Task<(string OfficeId, string HolderId, JsonElement Invoice)> HolderWithInvoiceAsync()
    {
        var (staff, officeId) = await app.NewPortAsync();
        var holderId = await MarinaApp.NewHolderAsync(staff, "DURAND Luc", null);
        var invoice = await staff.PostAsJsonAsync($"/api/marina/holders/{holderId}/service-invoices", new
        {
            reference = "place-visiteur-2026",
            lines = new[] { new { label = "Nuitées visiteur", quantity = 2, unitPriceTtc = 8900, vatRate = new { basisPoints = 2000 } } },
        });
        invoice.EnsureSuccessStatusCode();
        await app.CatchUpAsync();
        return (officeId, holderId, await invoice.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task I_have_a_contract_the_number_date_and_amount_of_an_invoice_of_the_year_open_a_login()
    {
        var (officeId, _, invoice) = await HolderWithInvoiceAsync();
        var email = $"luc.{TestIds.Letters()}@example.test";

        var answer = await RegisterAsync(app.CreateClient(), new
        {
            tenant = officeId,
            email,
            invoiceNumber = invoice.GetProperty("number").GetString(),
            invoiceDate = invoice.GetProperty("issueDate").GetString(),
            amountTtc = 17800,
        });

        answer.Status.Should().Be(HttpStatusCode.Accepted);
        var mail = app.Emails(officeId, email).Should().ContainSingle().Which;
        mail.Should().Contain("Votre identifiant (LOGIN) est").And.Contain(email).And.Contain("Choisir mon mot de passe");
        mail.Replace("=\r\n", "", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)
            .Should().Contain($"https://{officeId}.port.example.test/invitation?office={officeId}&token=", "the one Portal:BaseUrl decides Marina's links too");
    }

    [Fact]
    public async Task A_wrong_number_date_or_amount_gets_the_same_answer_in_the_same_time_and_no_mail()
    {
        var (officeId, _, invoice) = await HolderWithInvoiceAsync();
        var number = invoice.GetProperty("number").GetString()!;
        var date = DateOnly.Parse(invoice.GetProperty("issueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var good = new { number, date, amount = 17800L };
        var emailOk = $"ok.{TestIds.Letters()}@example.test";
        var client = app.CreateClient();

        var success = await RegisterAsync(client, new { tenant = officeId, email = emailOk, invoiceNumber = good.number, invoiceDate = good.date, amountTtc = good.amount });
        var wrongNumber = await RegisterAsync(client, new { tenant = officeId, email = $"a.{TestIds.Letters()}@example.test", invoiceNumber = "2026/99999", invoiceDate = good.date, amountTtc = good.amount });
        var wrongDate = await RegisterAsync(client, new { tenant = officeId, email = $"b.{TestIds.Letters()}@example.test", invoiceNumber = good.number, invoiceDate = good.date.AddDays(1), amountTtc = good.amount });
        var wrongAmount = await RegisterAsync(client, new { tenant = officeId, email = $"c.{TestIds.Letters()}@example.test", invoiceNumber = good.number, invoiceDate = good.date, amountTtc = 17801L });
        var unknownEmail = await RegisterAsync(client, new { tenant = officeId, email = $"d.{TestIds.Letters()}@example.test" });

        foreach (var refused in new[] { wrongNumber, wrongDate, wrongAmount, unknownEmail })
        {
            refused.Status.Should().Be(success.Status);
            refused.Body.Should().Be(success.Body, "a failed proof never says which field was wrong, nor that it failed");
            refused.Took.Should().BeGreaterThanOrEqualTo(MarinaApp.MinimumRegistrationDuration);
        }

        success.Took.Should().BeGreaterThanOrEqualTo(MarinaApp.MinimumRegistrationDuration);
        app.Emails(officeId, emailOk).Should().ContainSingle();
        Directory.GetFiles(Path.Combine(app.DataFolderPath, "outbox", officeId), "*.eml")
            .Count(f => File.ReadAllText(f).Contains("portail plaisanciers", StringComparison.Ordinal)).Should().Be(1, "only the right proof mails a login");

        // Every attempt is recorded (e-mail and address hashed).
        var store = app.Get<IEventStore>();
        var attempts = await store.ReadStreamAsync($"marina-registrations-{officeId}-20260302", ReadDirection.Forwards, null, 100);
        attempts.Should().HaveCount(5);
        attempts.Select(a => a.Data).Should().OnlyContain(d => !d.Contains("@example.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attempts_are_throttled_per_email_and_a_proof_of_another_year_fails()
    {
        var (officeId, _, invoice) = await HolderWithInvoiceAsync();
        var email = $"spam.{TestIds.Letters()}@example.test";
        var client = app.CreateClient();
        var body = new { tenant = officeId, email, invoiceNumber = "2026/00001", invoiceDate = new DateOnly(2025, 3, 2), amountTtc = 17800L };
        for (var i = 0; i < 5; i++)
        {
            (await RegisterAsync(client, body)).Status.Should().Be(HttpStatusCode.Accepted);
        }

        var throttled = await client.PostAsJsonAsync("/api/marina/portal/registrations", body with { invoiceNumber = invoice.GetProperty("number").GetString()! });
        throttled.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter.Should().NotBeNull();
        app.Emails(officeId, email).Should().BeEmpty();
    }

    [Fact]
    public async Task A_partial_proof_is_a_bad_request_in_french()
    {
        var (officeId, _, _) = await HolderWithInvoiceAsync();

        var response = await app.CreateClient().PostAsJsonAsync("/api/marina/portal/registrations", new { tenant = officeId, email = "x@example.test", invoiceNumber = "2026/00001" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("numéro, la date et le montant TTC");
    }
}
