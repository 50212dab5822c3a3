using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monolith.Host.Tests.Offices;

/// <summary>The office's users list (admin): paging with a total, search by name or e-mail without case or accents, role and active
/// filters, sort, invalid values → 400 in French; a forgotten person is no longer found by name.</summary>
public sealed class OfficeUserListTests(OfficesApp app) : IClassFixture<OfficesApp>
{
    private static IEnumerable<string?> Names(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("displayName").GetString());

    private static async Task<JsonElement> Get(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>An office with its admin and three users: Élodie Génin (accountant), Bruno Martin (office-staff, deactivated), Zoé Roux
    /// (office-staff, scanner).</summary>
    private async Task<(HttpClient Admin, string OfficeId, Dictionary<string, string> Ids)> OfficeWithUsersAsync()
    {
        var (admin, officeId, _) = await app.NewOfficeAsync();
        var ids = new Dictionary<string, string>();
        foreach (var (name, email, roles) in new[]
        {
            ("Élodie Génin", "elodie.genin@ot.test", new[] { "accountant" }),
            ("Bruno Martin", "bruno@ot.test", new[] { "office-staff" }),
            ("Zoé Roux", "ZOE.roux@ot.test", new[] { "office-staff", "scanner" }),
        })
        {
            var created = await admin.PostAsJsonAsync("/api/office/users", new { email, displayName = name, roles, password = OfficesApp.Password });
            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            ids[name] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
        }

        var deactivated = await admin.PostAsJsonAsync($"/api/office/users/{ids["Bruno Martin"]}/deactivation", new { });
        deactivated.IsSuccessStatusCode.Should().BeTrue(await deactivated.Content.ReadAsStringAsync());
        await app.CatchUpAsync();
        return (admin, officeId, ids);
    }

    [Fact]
    public async Task Users_are_paged_with_a_total_and_found_by_name_or_e_mail_without_case_or_accents()
    {
        var (admin, _, _) = await OfficeWithUsersAsync();

        var first = await Get(admin, "/api/office/users?pageSize=2&q=ot.test");
        first.GetProperty("total").GetInt64().Should().Be(3);
        Names(first).Should().Equal("Bruno Martin", "Élodie Génin");
        Names(await Get(admin, "/api/office/users?pageSize=2&page=2&q=ot.test")).Should().Equal("Zoé Roux");
        (await Get(admin, "/api/office/users")).GetProperty("pageSize").GetInt32().Should().Be(50, "50 by default");

        Names(await Get(admin, "/api/office/users?q=ELODIE%20genin")).Should().Equal("Élodie Génin");
        Names(await Get(admin, "/api/office/users?q=zoe.roux@")).Should().Equal("Zoé Roux");
    }

    [Fact]
    public async Task Users_are_filtered_by_role_and_active_and_sorted()
    {
        var (admin, _, _) = await OfficeWithUsersAsync();

        Names(await Get(admin, "/api/office/users?role=scanner")).Should().Equal("Zoé Roux");
        Names(await Get(admin, "/api/office/users?role=office-staff")).Should().Equal("Bruno Martin", "Zoé Roux");
        Names(await Get(admin, "/api/office/users?role=accountant&active=true")).Should().Equal("Élodie Génin");
        Names(await Get(admin, "/api/office/users?active=false")).Should().Equal("Bruno Martin");
        Names(await Get(admin, "/api/office/users?q=ot.test&sort=-name")).Should().Equal("Zoé Roux", "Élodie Génin", "Bruno Martin");
    }

    [Fact]
    public async Task Users_are_exported_as_french_excel_csv()
    {
        var (admin, _, _) = await OfficeWithUsersAsync();

        var export = await admin.GetAsync("/api/office/users?format=csv&q=ot.test&sort=-name");
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        export.Content.Headers.ContentDisposition!.ToString().Should().Contain("utilisateurs-");
        var bytes = await export.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("Nom;E-mail;Rôles;Actif;Identifiant");
        lines.Skip(1).Select(l => l.Split(';')).Select(c => $"{c[0]}|{c[1].ToLowerInvariant()}|{c[2]}|{c[3]}").Should().Equal(
            "Zoé Roux|zoe.roux@ot.test|office-staff, scanner|Oui",
            "Élodie Génin|elodie.genin@ot.test|accountant|Oui",
            "Bruno Martin|bruno@ot.test|office-staff|Non");
        (await admin.GetAsync("/api/office/users?format=xlsx")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_forgotten_person_is_no_longer_found_by_name()
    {
        var (admin, _, ids) = await OfficeWithUsersAsync();

        (await admin.PostAsJsonAsync($"/api/office/personal-data/{ids["Élodie Génin"]}/erasure", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        await app.CatchUpAsync();

        (await Get(admin, "/api/office/users?q=genin")).GetProperty("total").GetInt64().Should().Be(0);
    }

    [Theory]
    [InlineData("/api/office/users?role=owner", "role", "owner")]
    [InlineData("/api/office/users?active=oui", "active", "oui")]
    [InlineData("/api/office/users?sort=password", "sort", "password")]
    public async Task An_invalid_filter_is_a_400_naming_the_parameter_in_french(string url, string parameter, string mentioned)
    {
        var (admin, _, _) = await app.NewOfficeAsync();

        var problem = await Get(admin, url, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(m => m.GetString()!).Should().ContainSingle()
            .Which.Should().Contain(mentioned);
    }
}
