using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Payments;

namespace Monolith.Host.Tests.Billing;

/// <summary>Card payments through the payment-provider port with the built-in test provider (a simulated bank on our own endpoints).</summary>
public sealed partial class CardPaymentTests
{
    private const string Pan = "4242 4242 4242 4242";

    private static readonly BillingCustomer Marina = new(
        "berth-42", CustomerKind.Consumer, "Jean Dupont", new BillingAddress("3 rue des Mouettes", "66000", "Perpignan"), "jean@example.fr");

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> IssueAsync(BillingApp app, long ttc = 85000)
    {
        _ = app.CreateClient();
        var issued = await app.Services.GetRequiredService<IBillingService>().IssueInvoiceAsync(
            "port-a", new IssueInvoiceRequest("marina", $"contract-{TestIds.Letters()}", Marina, [new InvoiceLineRequest("Contrat annuel", 1, ttc, VatRate.Standard)]));
        return issued.InvoiceId;
    }

    private static Task<HttpResponseMessage> BankAsync(BillingApp app, string redirectUrl, string outcome, string? cardNumber = Pan)
    {
        var bank = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = new Dictionary<string, string> { ["outcome"] = outcome };
        if (cardNumber is not null)
        {
            form["cardNumber"] = cardNumber;
        }

        return bank.PostAsync(redirectUrl, new FormUrlEncodedContent(form));
    }

    private static StringContent Signed(string body, string? secret = BillingApp.ProviderSecret)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        if (secret is not null)
        {
            content.Headers.Add(TestPaymentProvider.SignatureHeader, Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        }

        return content;
    }

    [Fact]
    public async Task A_customer_pays_an_invoice_by_card_on_the_providers_page_and_only_the_reference_and_last_4_digits_are_kept()
    {
        await using var app = new BillingApp();
        var invoiceId = await IssueAsync(app);
        var customer = await app.ClientAsync("port-a", Roles.Customer, Marina.CustomerId);

        var started = await Json(await customer.PostAsJsonAsync($"/api/billing/invoices/{invoiceId}/card-payments", new { returnUrl = "/portal/invoices?tab=paid" }), HttpStatusCode.Created);
        var reference = started.GetProperty("providerReference").GetString()!;
        var redirectUrl = started.GetProperty("redirectUrl").GetString()!;
        started.GetProperty("amount").GetInt64().Should().Be(85000);
        started.GetProperty("invoiceNumber").GetString().Should().Be("2026/00001");

        // Pending: it does not count yet.
        (await Json(await customer.GetAsync($"/api/billing/invoices/{invoiceId}/payment-request"), HttpStatusCode.OK)).GetProperty("amount").GetInt64().Should().Be(85000);
        (await Json(await customer.GetAsync($"/api/billing/card-payments/{reference}"), HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("pending");

        // The bank's page (anonymous), then the customer types a card and approves.
        var page = await app.CreateClient().GetStringAsync(redirectUrl);
        page.Should().Contain("2026/00001");
        var back = await BankAsync(app, redirectUrl, "approve");
        back.StatusCode.Should().Be(HttpStatusCode.Redirect);
        back.Headers.Location!.ToString().Should().Be($"/portal/invoices?tab=paid&paymentReference={reference}&status=received");

        var payment = await Json(await customer.GetAsync($"/api/billing/card-payments/{reference}"), HttpStatusCode.OK);
        payment.GetProperty("status").GetString().Should().Be("received");
        payment.GetProperty("cardLast4").GetString().Should().Be("4242");
        (await Json(await customer.GetAsync($"/api/billing/invoices/{invoiceId}/payment-request"), HttpStatusCode.OK)).GetProperty("amount").GetInt64().Should().Be(0);

        // PCI DSS: no stored event holds a card number, and the database files do not contain it anywhere (events, read models,
        // idempotency records...).
        var events = await app.Services.GetRequiredService<IEventStore>().ReadAllAsync(0, 100_000);
        events.Should().NotBeEmpty();
        events.SelectMany(e => CardNumbersIn(JsonDocument.Parse(e.Data).RootElement).Select(v => $"{e.Type}: {v}")).Should().BeEmpty();
        events.Where(e => e.Type.StartsWith("billing.payment-", StringComparison.Ordinal) && e.StreamId.Contains(Marina.CustomerId, StringComparison.Ordinal))
            .Select(e => e.Type).Should().Equal("billing.payment-pending", "billing.payment-received", "billing.payment-allocated");
        foreach (var file in Directory.GetFiles(app.DataFolderPath, "*", SearchOption.AllDirectories))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            var text = Encoding.Latin1.GetString(memory.ToArray());
            text.Should().NotContain("4242424242424242", file).And.NotContain(Pan, file);
        }
    }

    [Fact]
    public async Task A_declined_card_fails_the_pending_payment_the_balance_stays_and_it_cannot_be_approved_afterwards()
    {
        await using var app = new BillingApp();
        var invoiceId = await IssueAsync(app);
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        var started = await Json(await staff.PostAsJsonAsync($"/api/billing/invoices/{invoiceId}/card-payments", new { returnUrl = "/back" }), HttpStatusCode.Created);
        var reference = started.GetProperty("providerReference").GetString()!;
        var back = await BankAsync(app, started.GetProperty("redirectUrl").GetString()!, "decline");
        back.Headers.Location!.ToString().Should().Be($"/back?paymentReference={reference}&status=failed");

        var payment = await Json(await staff.GetAsync($"/api/billing/card-payments/{reference}"), HttpStatusCode.OK);
        payment.GetProperty("status").GetString().Should().Be("failed");
        payment.GetProperty("failureReason").GetString().Should().Contain("refusé");
        (await Json(await staff.GetAsync($"/api/billing/invoices/{invoiceId}/payment-request"), HttpStatusCode.OK)).GetProperty("amount").GetInt64().Should().Be(85000);

        var late = await app.CreateClient().PostAsync("/api/billing/card-payments/notifications",
            Signed($$"""{"providerReference":"{{reference}}","approved":true,"cardLast4":"4242"}"""));
        (await Json(late, HttpStatusCode.Conflict)).GetRawText().Should().Contain("payment.failed");
    }

    [Fact]
    public async Task The_webhook_accepts_only_signed_notifications_and_a_repeated_one_changes_nothing()
    {
        await using var app = new BillingApp();
        var invoiceId = await IssueAsync(app);
        var billing = app.Services.GetRequiredService<IBillingService>();
        var started = await billing.StartCardPaymentAsync("port-a", invoiceId, "/membership/orders/42");
        var anonymous = app.CreateClient();
        var body = $$"""{"providerReference":"{{started.ProviderReference}}","approved":true,"cardLast4":"1111"}""";

        (await anonymous.PostAsync("/api/billing/card-payments/notifications", Signed(body, secret: null))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync("/api/billing/card-payments/notifications", Signed(body, secret: "forged"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await billing.GetCardPaymentAsync("port-a", started.ProviderReference))!.Status.Should().Be(CardPaymentStatus.Pending);

        for (var i = 0; i < 2; i++)
        {
            var ok = await Json(await anonymous.PostAsync("/api/billing/card-payments/notifications", Signed(body)), HttpStatusCode.OK);
            ok.GetProperty("status").GetString().Should().Be("Received");
        }

        var view = await billing.GetCardPaymentAsync("port-a", started.ProviderReference);
        view!.Status.Should().Be(CardPaymentStatus.Received);
        view.CardLast4.Should().Be("1111");
        (await billing.GetPaymentRequestAsync("port-a", invoiceId))!.Amount.Should().Be(0);
        var account = await app.Services.GetRequiredService<IEventStore>().ReadStreamAsync($"billing-account:port-a:{Marina.CustomerId}");
        account.Select(e => e.Type).Should().Equal(
            ["billing.payment-pending", "billing.payment-received", "billing.payment-allocated", "billing.published-payment-received", "billing.published-invoice-settled"],
            "the published facts follow the events that made them true, in the same append");
        (await billing.GetCardPaymentAsync("port-b", started.ProviderReference)).Should().BeNull("another office does not see it");
    }

    [Fact]
    public async Task Card_data_is_refused_wherever_it_is_offered_and_the_return_url_cannot_leave_the_site()
    {
        await using var app = new BillingApp();
        var invoiceId = await IssueAsync(app);
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);

        var pan = await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "p1", Marina.CustomerId, new PaymentDetails(PaymentMethod.Card, ProviderReference: "4242-4242-4242-4242"), 1000, null, []));
        // Refused before billing's own rule by the platform's request guard (a card number in any free-text field is a 400).
        (await Json(pan, HttpStatusCode.BadRequest)).GetRawText().Should().Contain("carte bancaire");
        var last4 = await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "p2", Marina.CustomerId, new PaymentDetails(PaymentMethod.Card, ProviderReference: "psp-1", CardLast4: "4242424242424242"), 1000, null, []));
        (await Json(last4, HttpStatusCode.BadRequest)).GetRawText().Should().Contain("carte bancaire");

        var evil = await staff.PostAsJsonAsync($"/api/billing/invoices/{invoiceId}/card-payments", new { returnUrl = "https://evil.example/steal" });
        (await Json(evil, HttpStatusCode.UnprocessableEntity)).GetRawText().Should().Contain("payment.return-url-invalid");
        var other = await app.ClientAsync("port-a", Roles.Customer, "someone-else");
        (await other.PostAsJsonAsync($"/api/billing/invoices/{invoiceId}/card-payments", new { returnUrl = "/x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public void No_public_billing_contract_has_a_field_for_card_data()
    {
        var cardField = CardFieldName();
        var fields = typeof(IBillingService).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => $"{t.Name}.{p.Name}"))
            .ToList();

        fields.Should().Contain("PaymentDetails.CardLast4", "the scan sees the contracts");
        fields.Where(f => cardField.IsMatch(f.Split('.')[1]) && !f.EndsWith(".CardLast4", StringComparison.Ordinal)).Should().BeEmpty();
    }

    /// <summary>Every value of the document that looks like a card number, except a company's SIRET (14 digits that pass Luhn by design).</summary>
    private static IEnumerable<string> CardNumbersIn(JsonElement element, string? property = null) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => CardNumbersIn(p.Value, p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => CardNumbersIn(e, property)),
        JsonValueKind.String or JsonValueKind.Number when property != "siret" && CardData.ContainsCardNumber(element.ToString()) => [$"{property}={element}"],
        _ => [],
    };

    [GeneratedRegex("pan$|cardnumber|card_?no|cvv|cvc|cryptogram|securitycode|expir.*card|card.*expir", RegexOptions.IgnoreCase)]
    private static partial Regex CardFieldName();
}
