using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Monolith.Host.Tests.Membership;

/// <summary>The members and orders lists: paging, accent-insensitive search, invalid filters → 400, CSV.</summary>
public sealed class MemberListTests(MembershipApp app) : IClassFixture<MembershipApp>
{
    private async Task<(HttpClient Staff, string OfficeId)> TwoMembersAsync()
    {
        var (staff, officeId) = await app.NewOfficeAsync();
        foreach (var (company, who) in new[] { ("Hôtel des Îles", "iles"), ("Camping Bellevue", "bellevue") })
        {
            var response = await staff.PostAsJsonAsync("/api/membership/members", new
            {
                companyName = company,
                loginEmail = $"{who}@{officeId}.example.test",
                contacts = new[] { new { name = "Gérant", email = $"{who}@{officeId}.example.test", phone = "02 31 00 00 00", role = "Gérant" } },
                offers = new[] { new { offerId = "org-2", name = "Offre ORG 2", principal = true } },
            });
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        await app.CatchUpAsync();
        return (staff, officeId);
    }

    [Fact]
    public async Task Members_are_paged_and_found_without_case_or_accents()
    {
        var (staff, _) = await TwoMembersAsync();

        var all = await staff.GetFromJsonAsync<JsonElement>("/api/membership/members?pageSize=1");
        all.GetProperty("total").GetInt64().Should().Be(2);
        all.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("companyName").GetString()).Should().Equal("Camping Bellevue");
        var found = await staff.GetFromJsonAsync<JsonElement>("/api/membership/members?q=HOTEL%20DES%20ILES");
        found.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("companyName").GetString()).Should().Equal("Hôtel des Îles");
        var byEmail = await staff.GetFromJsonAsync<JsonElement>("/api/membership/members?q=bellevue@");
        byEmail.GetProperty("total").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task The_members_list_exports_csv()
    {
        var (staff, _) = await TwoMembersAsync();

        var bytes = await staff.GetByteArrayAsync("/api/membership/members?format=csv");
        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("N° adhérent;Raison sociale;E-mail de connexion;Invitations");
        lines.Skip(1).Select(l => l.Split(';')[1]).Should().Equal("Camping Bellevue", "Hôtel des Îles");
    }

    [Theory]
    [InlineData("/api/membership/orders?status=paid", "status")]
    [InlineData("/api/membership/orders?year=1999", "year")]
    [InlineData("/api/membership/orders?sort=price", "sort")]
    [InlineData("/api/membership/members?sort=email", "sort")]
    [InlineData("/api/membership/members?invited=perhaps", "invited")]
    public async Task An_invalid_filter_is_a_400_naming_the_parameter(string url, string parameter)
    {
        var (staff, _) = await app.NewOfficeAsync();

        var response = await staff.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue();
    }
}
