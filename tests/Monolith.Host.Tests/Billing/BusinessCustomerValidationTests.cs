using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Billing;

/// <summary>Issue 10 item 3: a business customer is validated before numbering (a numbered document is for ever).</summary>
public sealed class BusinessCustomerValidationTests
{
    private static readonly BillingCustomer Valid = new(
        "club-7", CustomerKind.Business, "Club de voile", new BillingAddress("1 quai du Port", "66000", "Perpignan"), Siren: "732829320",
        VatNumber: "FR44732829320");

    private static IssueInvoiceRequest Invoice(string reference, BillingCustomer customer) =>
        new("bookings", reference, customer, [new InvoiceLineRequest("Visite guidée", 1, 12000, VatRate.Standard)]);

    [Fact]
    public async Task A_business_with_a_bad_siren_vat_number_and_postal_code_is_refused_in_french_and_consumes_no_number()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-v", Roles.OfficeStaff);
        (await staff.PostAsJsonAsync("/api/billing/invoices", Invoice("b-1", Valid))).StatusCode.Should().Be(HttpStatusCode.Created);

        var bad = Valid with { Siren = "123456789", VatNumber = "FR00123456789", Address = new BillingAddress("1 quai du Port", "1", "Perpignan") };
        var refused = await staff.PostAsJsonAsync("/api/billing/invoices", Invoice("b-2", bad));

        var body = await refused.Content.ReadAsStringAsync();
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, body);
        var problem = JsonDocument.Parse(body).RootElement;
        var detail = problem.GetProperty("detail").GetString();
        detail.Should().Contain("SIREN/SIRET « 123456789 » n'est pas valide").And.Contain("numéro de TVA « FR00123456789 »")
            .And.Contain("code postal « 1 » n'est pas valide (5 chiffres en France)");
        body.Should().Contain("billing.business-customer-invalid");

        var next = await staff.PostAsJsonAsync("/api/billing/invoices", Invoice("b-3", Valid with { CustomerId = "club-8" }));
        next.StatusCode.Should().Be(HttpStatusCode.Created);
        (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString().Should().Be("2026/00002", "the refused invoice took no number");
    }

    [Theory]
    [InlineData("DE", "DE123456789", "10115", true)]
    [InlineData("Allemagne", null, "10115", false)] // another EU country: its VAT number is required
    [InlineData("DE", "DE12345", "10115", false)]
    [InlineData("France", "FR44732829320", "6600", false)]
    [InlineData("Suisse", null, "1201", true)]
    public async Task Foreign_vat_numbers_and_postal_codes_follow_their_country(string country, string? vat, string postalCode, bool accepted)
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-w", Roles.OfficeStaff);
        var customer = new BillingCustomer("c-1", CustomerKind.Business, "Firma", new BillingAddress("Straße 1", postalCode, "Berlin", country), VatNumber: vat);

        var response = await staff.PostAsJsonAsync("/api/billing/invoices", Invoice("x-1", customer));

        response.StatusCode.Should().Be(accepted ? HttpStatusCode.Created : HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
    }
}
