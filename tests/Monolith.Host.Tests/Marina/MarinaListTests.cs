using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Monolith.Host.Tests.Marina;

/// <summary>Marina's staff lists (holders, contracts, berths, direct debits): paging with a total, accent-insensitive search, typed filters
/// (invalid → 400 in French), sort, CSV.</summary>
public sealed class MarinaListTests(MarinaApp app) : IClassFixture<MarinaApp>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static IEnumerable<string?> Values(JsonElement page, string property) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(property).GetString());

    private static string[] CsvLines(byte[] bytes)
    {
        bytes.Take(3).Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF }, "French Excel reads UTF-8 with a BOM");
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A port with three holders (two with a contract: Hélène on A-12, Gaël on B-03) and projections caught up.</summary>
    private async Task<(HttpClient Staff, string Helene, string Gael, string Paul)> PortWithHoldersAsync()
    {
        var (staff, _) = await app.NewPortAsync();
        var helene = await MarinaApp.NewHolderAsync(staff, "Hélène Lefèvre", $"helene.{TestIds.Letters()}@example.test");
        var gael = await MarinaApp.NewHolderAsync(staff, "Gaël Le Goff", null);
        var paul = await MarinaApp.NewHolderAsync(staff, "Paul Martin", "paul.martin@example.test");
        await MarinaApp.DraftContractAsync(staff, helene, "A-12");
        await MarinaApp.DraftContractAsync(staff, gael, "B-03");
        await app.CatchUpAsync();
        return (staff, helene, gael, paul);
    }

    [Fact]
    public async Task Holders_are_paged_with_a_total_and_found_without_case_or_accents()
    {
        var (staff, helene, _, paul) = await PortWithHoldersAsync();

        var first = await Json(await staff.GetAsync("/api/marina/holders?pageSize=2"));
        first.GetProperty("total").GetInt64().Should().Be(3);
        first.GetProperty("pageSize").GetInt32().Should().Be(2);
        Values(first, "name").Should().Equal("Gaël Le Goff", "Hélène Lefèvre");
        Values(await Json(await staff.GetAsync("/api/marina/holders?pageSize=2&page=2")), "name").Should().Equal("Paul Martin");
        (await Json(await staff.GetAsync("/api/marina/holders"))).GetProperty("pageSize").GetInt32().Should().Be(50, "50 by default");

        Values(await Json(await staff.GetAsync("/api/marina/holders?q=HELENE%20lefevre")), "holderId").Should().Equal(helene);
        Values(await Json(await staff.GetAsync("/api/marina/holders?q=paul.martin@")), "holderId").Should().Equal(paul);
        Values(await Json(await staff.GetAsync("/api/marina/holders?season=2026&sort=-name")), "name").Should().Equal("Hélène Lefèvre", "Gaël Le Goff");
        var row = (await Json(await staff.GetAsync($"/api/marina/holders?q={helene}"))).GetProperty("items")[0];
        row.GetProperty("boats").GetInt64().Should().Be(1);
        row.GetProperty("contracts").GetInt64().Should().Be(1);
        row.GetProperty("portalAccount").GetBoolean().Should().BeFalse();
        (await Json(await staff.GetAsync("/api/marina/holders?portalAccount=true"))).GetProperty("total").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task The_holders_list_exports_csv_for_french_excel()
    {
        var (staff, _, _, _) = await PortWithHoldersAsync();

        var response = await staff.GetAsync("/api/marina/holders?format=csv");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var lines = CsvLines(await response.Content.ReadAsByteArrayAsync());
        lines[0].Should().Be("N° plaisancier;Nom;E-mail;Compte portail;Bateaux;Contrats");
        lines.Skip(1).Select(l => l.Split(';')[1]).Should().Equal("Gaël Le Goff", "Hélène Lefèvre", "Paul Martin");
        lines[1].Split(';')[3].Should().Be("non");
    }

    [Fact]
    public async Task Contracts_are_filtered_by_status_and_season_searched_by_holder_or_berth_and_exported()
    {
        var (staff, helene, gael, _) = await PortWithHoldersAsync();

        var all = await Json(await staff.GetAsync("/api/marina/contracts?sort=berth"));
        all.GetProperty("total").GetInt64().Should().Be(2);
        Values(all, "holderId").Should().Equal(helene, gael);
        all.GetProperty("items")[0].GetProperty("holderName").GetString().Should().Be("Hélène Lefèvre");
        all.GetProperty("items")[0].GetProperty("status").GetString().Should().Be("draft");
        (await Json(await staff.GetAsync("/api/marina/contracts?status=draft&season=2026"))).GetProperty("total").GetInt64().Should().Be(2);
        (await Json(await staff.GetAsync("/api/marina/contracts?status=signed"))).GetProperty("total").GetInt64().Should().Be(0);
        (await Json(await staff.GetAsync("/api/marina/contracts?season=2027"))).GetProperty("total").GetInt64().Should().Be(0);
        Values(await Json(await staff.GetAsync("/api/marina/contracts?q=gael")), "holderId").Should().Equal(gael);
        Values(await Json(await staff.GetAsync("/api/marina/contracts?q=A%2012")), "holderId").Should().Equal(helene);
        Values(await Json(await staff.GetAsync($"/api/marina/contracts?holderId={gael}")), "berthId").Should().Equal("B-03");

        var lines = CsvLines(await staff.GetByteArrayAsync("/api/marina/contracts?format=csv&sort=berth"));
        lines[0].Should().Be("Contrat;Saison;Plaisancier;N° plaisancier;Ponton;Place;Statut;Total TTC (€);Facture");
        lines[1].Split(';')[1..3].Should().Equal("2026", "Hélène Lefèvre");
        lines[1].Split(';')[6..8].Should().Equal("Brouillon", "1520,00");
    }

    [Fact]
    public async Task Berths_are_filtered_by_pontoon_and_boat_length_sorted_and_exported()
    {
        var (staff, _) = await app.NewPortAsync();
        (await staff.PostAsJsonAsync("/api/marina/berths", new { berthId = "C-01", pontoon = "C", number = "1", category = "D", maxLengthCm = 1500, maxBeamCm = 450 }))
            .EnsureSuccessStatusCode();
        await app.CatchUpAsync();

        var all = await Json(await staff.GetAsync("/api/marina/berths?pageSize=3"));
        all.GetProperty("total").GetInt64().Should().Be(4);
        Values(all, "berthId").Should().Equal("A-12", "A-14", "B-03");
        Values(await Json(await staff.GetAsync("/api/marina/berths?pontoon=a")), "berthId").Should().Equal("A-12", "A-14");
        Values(await Json(await staff.GetAsync("/api/marina/berths?fitsLengthCm=1000")), "berthId").Should().Equal("C-01");
        Values(await Json(await staff.GetAsync("/api/marina/berths?category=d")), "berthId").Should().Equal("C-01");
        Values(await Json(await staff.GetAsync("/api/marina/berths?sort=-maxLength&pageSize=1")), "berthId").Should().Equal("C-01");
        Values(await Json(await staff.GetAsync("/api/marina/berths?q=b%203")), "berthId").Should().Equal("B-03");

        var lines = CsvLines(await staff.GetByteArrayAsync("/api/marina/berths?format=csv"));
        lines[0].Should().Be("Place;Ponton;Numéro;Catégorie;Longueur max (cm);Largeur max (cm)");
        lines.Should().HaveCount(5);
        lines[4].Should().Be("C-01;C;1;D;1500;450");
    }

    [Theory]
    [InlineData("/api/marina/contracts?status=bogus", "status", "bogus")]
    [InlineData("/api/marina/contracts?season=1800", "season", "saison")]
    [InlineData("/api/marina/contracts?sort=colour", "sort", "colour")]
    [InlineData("/api/marina/holders?portalAccount=peut-etre", "portalAccount", "peut-etre")]
    [InlineData("/api/marina/holders?format=xlsx", "format", "xlsx")]
    [InlineData("/api/marina/berths?fitsLengthCm=0", "fitsLengthCm", "longueur")]
    [InlineData("/api/marina/direct-debits?status=lost", "status", "lost")]
    [InlineData("/api/marina/direct-debits?from=2026-04-01&to=2026-03-01", "to", "antérieure")]
    public async Task An_invalid_filter_is_a_400_naming_the_parameter_in_french(string url, string parameter, string mentioned)
    {
        var (staff, _) = await app.NewPortAsync();

        var problem = await Json(await staff.GetAsync(url), HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(m => m.GetString()!).Should().ContainSingle()
            .Which.Should().ContainEquivalentOf(mentioned);
    }
}
