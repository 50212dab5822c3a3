using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monolith.Host.Tests.Marina;

/// <summary>The holder portal's lists (contracts, mandates) are pages of the shared toolkit: total, bounded page size, typed filters
/// (invalid → 400 in French), sort; a holder sees only their own.</summary>
public sealed class MarinaPortalListTests(MarinaApp app) : IClassFixture<MarinaApp>
{
    private static async Task<JsonElement> Get(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task The_holder_pages_their_contracts_and_mandates_with_filters_and_a_total()
    {
        var (staff, officeId) = await app.NewPortAsync();
        var email = $"jean.dupont.{TestIds.Letters()}@example.test";
        var holderId = await MarinaApp.NewHolderAsync(staff, "DUPONT JEAN", email);
        var contractId = await MarinaApp.DraftContractAsync(staff, holderId, "A-12");
        var otherHolder = await MarinaApp.NewHolderAsync(staff, "MARTIN PAUL", $"paul.{TestIds.Letters()}@example.test");
        await MarinaApp.DraftContractAsync(staff, otherHolder, "A-14");
        var mandate = await staff.PostAsJsonAsync($"/api/marina/holders/{holderId}/mandates", new
        {
            debtorName = "DUPONT JEAN",
            addressLine1 = "10, rue du Marché",
            addressLine2 = "11000 Carcassonne",
            iban = "FR7630006000011234567890189",
            bic = "AGRIFRPP",
            signedOn = new DateOnly(2026, 3, 1),
        });
        mandate.IsSuccessStatusCode.Should().BeTrue(await mandate.Content.ReadAsStringAsync());
        var holder = await app.RegisterAndSignInAsync(officeId, email);
        await app.CatchUpAsync();

        var contracts = await Get(holder, "/api/marina/portal/contracts?pageSize=1000");
        contracts.GetProperty("total").GetInt64().Should().Be(1, "the other holder's contract is not theirs");
        contracts.GetProperty("pageSize").GetInt32().Should().Be(200);
        var row = contracts.GetProperty("items").EnumerateArray().Single();
        row.GetProperty("contractId").GetString().Should().Be(contractId);
        row.GetProperty("currency").GetString().Should().Be("EUR");
        (await Get(holder, "/api/marina/portal/contracts?status=draft&season=2026&sort=-total")).GetProperty("total").GetInt64().Should().Be(1);
        (await Get(holder, "/api/marina/portal/contracts?status=signed")).GetProperty("total").GetInt64().Should().Be(0);
        (await Get(holder, "/api/marina/portal/contracts?season=2025")).GetProperty("total").GetInt64().Should().Be(0);

        var mandates = await Get(holder, "/api/marina/portal/mandates");
        mandates.GetProperty("total").GetInt64().Should().Be(1);
        mandates.GetProperty("items")[0].GetProperty("status").GetString().Should().Be("active");
        (await Get(holder, "/api/marina/portal/mandates?status=lapsed")).GetProperty("total").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task Erasing_a_holder_shreds_their_address_in_the_e_mails_sent_list()
    {
        var (staff, officeId) = await app.NewPortAsync();
        var email = $"lea.morel.{TestIds.Letters()}@example.test";
        var holderId = await MarinaApp.NewHolderAsync(staff, "MOREL LÉA", email);
        await app.RegisterAndSignInAsync(officeId, email);
        await app.CatchUpAsync();
        var url = $"/api/billing/emails?to={Uri.EscapeDataString(email)}";
        var sent = await Get(staff, url);
        sent.GetProperty("total").GetInt64().Should().BeGreaterThan(0, "the portal registration e-mail went to the holder");
        sent.GetProperty("items")[0].GetProperty("recipientAddresses").EnumerateArray().Select(a => a.GetString()).Should().Equal(email);

        (await staff.PostAsync($"/api/office/personal-data/{holderId}/erasure", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await app.CatchUpAsync();

        var after = await Get(staff, url);
        after.GetProperty("items").EnumerateArray().SelectMany(m => m.GetProperty("recipientAddresses").EnumerateArray()).Select(a => a.GetString())
            .Should().NotBeEmpty().And.OnlyContain(a => a == "[effacé]");
    }

    [Theory]
    [InlineData("/api/marina/portal/contracts?status=signe", "status", "signe")]
    [InlineData("/api/marina/portal/contracts?season=1999", "season", "2000")]
    [InlineData("/api/marina/portal/contracts?sort=berth", "sort", "berth")]
    [InlineData("/api/marina/portal/mandates?status=revoked", "status", "revoked")]
    [InlineData("/api/marina/portal/documents?category=divers", "category", "divers")]
    public async Task An_invalid_portal_filter_is_a_400_in_french_naming_the_parameter(string url, string parameter, string mentioned)
    {
        var (staff, officeId) = await app.NewPortAsync();
        var email = $"holder.{TestIds.Letters()}@example.test";
        await MarinaApp.NewHolderAsync(staff, "DUPONT JEAN", email);
        var holder = await app.RegisterAndSignInAsync(officeId, email);

        var problem = await Get(holder, url, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(m => m.GetString()!).Should().ContainSingle()
            .Which.Should().Contain(mentioned);
    }
}
