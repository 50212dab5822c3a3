using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Monolith.Host.Tests.Offices;
using Monolith.Testing;

namespace Monolith.Host.Tests.Security;

/// <summary>M3 and M5: one guard in front of every endpoint refuses card numbers in free text, over-long strings, null list items,
/// missing required fields, undefined enum values, and bodies over the endpoint's size limit.</summary>
public sealed class RequestGuardTests(OfficesApp app) : IClassFixture<OfficesApp>
{
    private const string Pan = "4111 1111 1111 1111";

    [Fact]
    public async Task A_card_number_in_an_invoice_line_label_is_refused_with_a_french_message()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var response = await admin.PostAsJsonAsync("/api/billing/invoices", new
        {
            customer = new { customerId = "c-1", name = "Hôtel de la Plage", email = "hotel@plage.test", address = new { street = "1 quai", postalCode = "14000", city = "Caen" } },
            lines = new[] { new { label = $"Cotisation payée avec la carte {Pan}", quantity = 1, unitPriceTtc = 1000, vatRate = new { basisPoints = 2000 } } },
            sourceModule = "test",
            sourceReference = "r-1",
        });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("lines[0].label")[0].GetString().Should().Contain("numéro de carte");
    }

    [Fact]
    public async Task A_card_number_in_a_user_name_or_a_nested_customer_name_is_refused()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var user = await admin.PostAsJsonAsync("/api/office/users",
            new { email = "clerk@ot.test", displayName = "5555-5555-5555-4444", roles = new[] { "office-staff" }, password = TempHostApp.Password });
        (await ProblemAsync(user, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("displayName")[0].GetString().Should().Contain("carte");
    }

    [Fact]
    public async Task A_siret_is_an_identifier_not_a_card_number()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var response = await admin.PutAsJsonIfMatchAsync("/api/office/legal-identity", new
        {
            legalName = "Office de Tourisme Caen la Mer",
            legalForm = "EPIC",
            siren = "732829320",
            siret = "73282932000074",
            vatNumber = "FR 44 732829320",
            address = new { street = "Place Saint-Pierre", postalCode = "14000", city = "Caen" },
            bank = new { accountHolder = "OT Caen la Mer", iban = "FR76 3000 6000 0112 3456 7890 189", bic = "AGRIFRPP" },
            sepaCreditorId = "FR72ZZZ123456",
        });
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_string_has_a_maximum_length()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var response = await admin.PostAsJsonAsync("/api/office/users",
            new { email = "clerk@ot.test", displayName = new string('x', 2_001), roles = new[] { "office-staff" }, password = TempHostApp.Password });
        (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("displayName")[0].GetString().Should().Contain("trop long");

        var terms = await admin.PostAsJsonAsync("/api/office/terms-of-sale",
            new { title = "CGV", text = new string('x', 50_000), effectiveFrom = "2030-01-01" });
        terms.StatusCode.Should().Be(HttpStatusCode.Created, "terms of sale are long texts with a limit of their own");
    }

    [Fact]
    public async Task A_29_megabyte_label_is_refused_before_it_is_read()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var json = $$"""{"lines":[{"label":"{{new string('x', 29 * 1024 * 1024)}}","quantity":1,"unitPriceTtc":100,"vatRate":"standard"}]}""";
        var response = await admin.PostAsync("/api/billing/invoices", new StringContent(json, Encoding.UTF8, "application/json"));
        (await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge)).GetProperty("title").GetString().Should().Contain("trop volumineuse");
    }

    [Fact]
    public async Task Null_items_missing_required_fields_and_enum_numbers_are_400_not_500()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var nullRole = await admin.PutAsync("/api/office/users/someone/roles", Json("""{"roles":[null]}"""));
        (await ProblemAsync(nullRole, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("roles[0]").GetArrayLength().Should().Be(1);

        var missing = await admin.PostAsync("/api/office/users", Json("""{"email":"a@b.test"}"""));
        var errors = (await ProblemAsync(missing, HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.GetProperty("displayName")[0].GetString().Should().Be("Ce champ est obligatoire.");

        var enumNumber = await admin.PostAsync("/api/billing/payments", Json("""{"method":12}"""));
        ((int)enumNumber.StatusCode).Should().Be(400);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }
}
