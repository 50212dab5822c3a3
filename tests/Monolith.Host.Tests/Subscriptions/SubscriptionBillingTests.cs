using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.Host.Tests.Billing;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Ledger;

namespace Monolith.Host.Tests.Subscriptions;

/// <summary>Issue 10 items 1, 2 and 4: the subscription's invoice reaches the manager, a cancellation for non-payment is corrected by a
/// credit note, and the links in the module's e-mails are absolute.</summary>
public sealed class SubscriptionBillingTests
{
    private static readonly DateOnly Day0 = new(2026, 3, 10);

    private static string Decoded(string path) =>
        File.ReadAllText(path).Replace("=\r\n", "", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    [ChromiumFact]
    public async Task The_invoice_of_a_subscription_is_emailed_to_the_manager_with_its_pdf_and_can_be_sent_again_through_the_api()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(Day0);
        var (admin, office) = await app.NewOfficeAsync();
        var subscription = await app.SubscribeAsync(office, await app.CreateOfferAsync(admin, 3), 2);
        var id = subscription.GetProperty("subscriptionId").GetString()!;
        await app.CatchUpAsync();

        var invoiceId = await SubscriptionTimeTravelTests.InvoiceIdAsync(app, office, id);
        app.Sent(office, $"billing/invoice-{invoiceId}/sent").Should().BeTrue("billing e-mails the subscription's invoice once issued");
        var mail = app.OutboxFiles(office).Select(Decoded).Should().ContainSingle(m => m.Contains("facture-2026-00001.pdf", StringComparison.Ordinal)).Subject;
        mail.Should().Contain("application/pdf").And.Contain("marie.gestion@ville.test");

        admin = await app.SignInAsync(office, $"admin@{office}.test", SubscriptionsApp.Password);
        var again = await admin.PostAsync($"/api/billing/invoices/{invoiceId}/email", null);
        again.StatusCode.Should().Be(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().Should().Be("AlreadySent");
    }

    [Fact]
    public async Task The_links_in_the_activation_email_are_absolute_on_the_office_portal()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(Day0);
        var (admin, office) = await app.NewOfficeAsync();
        var subscription = await app.SubscribeAsync(office, await app.CreateOfferAsync(admin, 3), 1);
        var id = subscription.GetProperty("subscriptionId").GetString()!;

        app.Sent(office, $"subscriptions/{id}/activated").Should().BeTrue();
        var activation = app.OutboxFiles(office).Select(Decoded).Single(m => m.Contains("marie.gestion@ville.test", StringComparison.Ordinal)
            && m.Contains("/invitation?office=", StringComparison.Ordinal));
        activation.Should().Contain($"https://portail.example.test/invitation?office={office}&token=");
        activation.Should().NotContain("href=\"/invitation", "a relative link is unusable from a mail client");
    }

    [Fact]
    public async Task A_subscription_cancelled_for_non_payment_gets_a_credit_note_its_account_is_back_to_zero_and_the_FEC_letters_both()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(Day0);
        var (admin, office) = await app.NewOfficeAsync();
        var subscription = await app.SubscribeAsync(office, await app.CreateOfferAsync(admin, 3, priceTtc: 45000), 1);
        var id = subscription.GetProperty("subscriptionId").GetString()!;
        var customerId = subscription.GetProperty("customerId").GetString()!;
        var invoiceId = await SubscriptionTimeTravelTests.InvoiceIdAsync(app, office, id);
        var billing = app.Get<IBillingService>();
        (await billing.GetCustomerAccountAsync(office, customerId)).Balance.Should().Be(45000);

        app.Clock.SetParisMorning(Day0.AddDays(16)); // the payment deadline (15 days) passed unpaid
        await app.RunDailyJobsAsync();
        await app.CatchUpAsync();

        var staff = await app.SignInAsync(office, $"admin@{office}.test", SubscriptionsApp.Password);
        (await staff.GetFromJsonAsync<JsonElement>($"/api/subscriptions/{id}")).GetProperty("status").GetString().Should().Be("cancelled");
        var account = await billing.GetCustomerAccountAsync(office, customerId);
        account.TotalInvoices.Should().Be(45000);
        account.TotalCreditNotes.Should().Be(45000, "the cancelled sale is corrected by a credit note (CGI 289-I-5)");
        account.Balance.Should().Be(0);

        var fec = (await app.Get<FecExport>().ExportAsync(office, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToList();
        var customer = fec.Where(r => r[4] == "411000").ToList();
        customer.Should().HaveCount(2);
        customer.Should().ContainSingle(r => r[8] == "AV2026/00001" && r[10].Contains("sur facture 2026/00001", StringComparison.Ordinal) && r[12] == "450,00");
        customer.Should().ContainSingle(r => r[8] == "2026/00001" && r[11] == "450,00");
        customer.Select(r => r[13]).Should().Equal("A", "A");

        // The fact replayed (the reactor's at-least-once delivery) issues nothing more.
        await app.RunDailyJobsAsync();
        (await billing.GetCustomerAccountAsync(office, customerId)).TotalCreditNotes.Should().Be(45000);
        _ = invoiceId;
    }

    [Fact]
    public async Task A_renewal_cancelled_for_non_payment_gets_a_credit_note_on_its_invoice_only_and_the_FEC_letters_the_pair()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(Day0);
        var (admin, office) = await app.NewOfficeAsync();
        var offer = await app.CreateOfferAsync(admin, 3, priceTtc: 45000);
        var manager = await SubscriptionApiTests.PortalCustomerAsync(app, office, "marie.gestion@ville.test");
        var created = await manager.PostAsJsonAsync("/api/portal/subscriptions", SubscriptionsApp.SubscribeBody(offer, office, 1));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var subscription = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = subscription.GetProperty("subscriptionId").GetString()!;
        var customerId = subscription.GetProperty("customerId").GetString()!;
        await app.CatchUpAsync();
        await app.PayAsync(office, customerId, await SubscriptionTimeTravelTests.InvoiceIdAsync(app, office, id), 45000, Day0.AddDays(3));
        await app.CatchUpAsync();

        // Renewed 20 days before the end (2027-03-09); the renewal's invoice is never paid (due by renewal + 15 days).
        app.Clock.SetParisMorning(new DateOnly(2027, 2, 17));
        manager = await app.SignInAsync(office, "marie.gestion@ville.test", SubscriptionsApp.Password);
        var renewed = await manager.PostAsync($"/api/portal/subscriptions/{id}/renewal", null);
        renewed.StatusCode.Should().Be(HttpStatusCode.OK, await renewed.Content.ReadAsStringAsync());
        await app.CatchUpAsync();
        var billing = app.Get<IBillingService>();
        (await billing.GetCustomerAccountAsync(office, customerId)).Balance.Should().Be(45000, "the renewal's invoice is due");

        app.Clock.SetParisMorning(new DateOnly(2027, 3, 5)); // the renewal's deadline (2027-03-04) passed unpaid
        await app.RunDailyJobsAsync();

        var staff = await app.SignInAsync(office, $"admin@{office}.test", SubscriptionsApp.Password);
        var after = await staff.GetFromJsonAsync<JsonElement>($"/api/subscriptions/{id}");
        after.GetProperty("status").GetString().Should().Be("active", "the paid period runs to its end");
        after.GetProperty("endDate").GetString().Should().Be("2027-03-09");
        var account = await billing.GetCustomerAccountAsync(office, customerId);
        account.TotalInvoices.Should().Be(90000);
        account.TotalCreditNotes.Should().Be(45000, "only the cancelled renewal's invoice is credited (CGI 289-I-5)");
        account.Balance.Should().Be(0);

        var fec = (await app.Get<FecExport>().ExportAsync(office, new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31)))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToList();
        var customer = fec.Where(r => r[4] == "411000").ToList();
        customer.Should().HaveCount(2, "the renewal's invoice and its credit note");
        customer.Should().ContainSingle(r => r[8].StartsWith("AV", StringComparison.Ordinal) && r[12] == "450,00");
        customer.Should().ContainSingle(r => !r[8].StartsWith("AV", StringComparison.Ordinal) && r[11] == "450,00");
        customer.Select(r => r[13]).Distinct().Should().ContainSingle().Which.Should().NotBeNullOrEmpty("the pair is lettered together");

        // The fact replayed (the reactor's at-least-once delivery) issues nothing more.
        await app.RunDailyJobsAsync();
        (await billing.GetCustomerAccountAsync(office, customerId)).TotalCreditNotes.Should().Be(45000);
    }

    [Fact]
    public async Task A_sign_up_whose_organisation_billing_would_refuse_is_answered_400_in_french_and_nothing_is_written()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(Day0);
        var (admin, office) = await app.NewOfficeAsync();
        var offer = await app.CreateOfferAsync(admin, 3);
        var anonymous = app.CreateClient();

        async Task<JsonElement> RefusedAsync(object organisation)
        {
            var response = await anonymous.PostAsJsonAsync($"/api/public/offices/{office}/subscriptions", new
            {
                offerId = offer,
                organisation,
                manager = new { name = "Marie Gestion", email = "marie.gestion@ville.test" },
                users = new[] { new { name = "Utilisateur 1", email = "user1@ville.test" } },
            });
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
            return JsonDocument.Parse(body).RootElement.GetProperty("errors");
        }

        var postal = await RefusedAsync(new { name = "Ville de Caen", street = "1 place de l'Hôtel de ville", postalCode = "1", city = "Caen" });
        postal.GetProperty("organisation.postalCode")[0].GetString().Should().Be("Le code postal « 1 » n'est pas valide (5 chiffres en France).");

        var identifiers = await RefusedAsync(new
        {
            name = "SARL Exemple", street = "2 rue du Port", postalCode = "14000", city = "Caen", siren = "123456789", vatNumber = "FR00123456789",
        });
        identifiers.GetProperty("organisation.siren")[0].GetString().Should().Contain("SIREN/SIRET « 123456789 » n'est pas valide");
        identifiers.GetProperty("organisation.vatNumber")[0].GetString().Should().Contain("numéro de TVA « FR00123456789 » n'est pas valide");

        var foreign = await RefusedAsync(new { name = "Stadt Köln", street = "Rathausplatz 1", postalCode = "50667", city = "Köln", country = "Allemagne" });
        foreign.GetProperty("organisation.vatNumber")[0].GetString().Should().Contain("obligatoire pour un client professionnel d'un autre pays");

        var staff = await app.SignInAsync(office, $"admin@{office}.test", SubscriptionsApp.Password);
        (await staff.GetStringAsync("/api/subscriptions")).Should().NotContain("subscriptionId", "a refused sign-up writes nothing");
        app.OutboxFiles(office).Should().BeEmpty("no account, no invoice, no e-mail");

        var valid = await anonymous.PostAsJsonAsync($"/api/public/offices/{office}/subscriptions", SubscriptionsApp.SubscribeBody(offer, office, 1));
        valid.StatusCode.Should().Be(HttpStatusCode.Created, await valid.Content.ReadAsStringAsync());
    }
}
