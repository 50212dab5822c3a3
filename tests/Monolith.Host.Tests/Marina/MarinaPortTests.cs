using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Monolith.Host.Tests.Marina;

public sealed class MarinaPortTests(MarinaApp app) : IClassFixture<MarinaApp>
{
    [Fact]
    public async Task A_berth_whose_holder_is_away_is_free_for_visitors_on_those_dates_only()
    {
        var (staff, _) = await app.NewPortAsync();
        var holderId = await MarinaApp.NewHolderAsync(staff, "ROUX Anne", null);
        await MarinaApp.DraftContractAsync(staff, holderId, "A-12");
        (await staff.PostAsJsonAsync($"/api/marina/holders/{holderId}/absences", new { from = new DateOnly(2026, 7, 1), to = new DateOnly(2026, 7, 15) }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await staff.PostAsJsonAsync($"/api/marina/holders/{holderId}/absences", new { from = new DateOnly(2026, 7, 10), to = new DateOnly(2026, 7, 20) }))
            .StatusCode.Should().Be(HttpStatusCode.Conflict, "absences do not overlap");
        await app.CatchUpAsync();

        var away = await staff.GetFromJsonAsync<JsonElement>("/api/marina/berths/free?on=2026-07-05");
        away.EnumerateArray().Select(b => (b.GetProperty("berthId").GetString(), b.GetProperty("holderAway").GetBoolean()))
            .Should().Equal(("A-12", true), ("A-14", false), ("B-03", false));
        var back = await staff.GetFromJsonAsync<JsonElement>("/api/marina/berths/free?on=2026-08-01");
        back.EnumerateArray().Select(b => b.GetProperty("berthId").GetString()).Should().Equal("A-14", "B-03");
        var page = await staff.GetFromJsonAsync<JsonElement>("/api/marina/berths?pageSize=2&page=2");
        page.GetProperty("total").GetInt32().Should().Be(3);
        (page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32()).Should().Be((2, 2));
        page.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("berthId").GetString()).Should().Equal("B-03");
    }

    [Fact]
    public async Task Staff_publish_the_ports_documents_and_holders_download_them()
    {
        var (staff, officeId) = await app.NewPortAsync();
        var email = $"anne.{TestIds.Letters()}@example.test";
        await MarinaApp.NewHolderAsync(staff, "ROUX Anne", email);
        var content = Encoding.UTF8.GetBytes("%PDF-1.4 tutoriel du portail");
        var published = await staff.PostAsJsonAsync("/api/marina/documents", new
        {
            title = "Tutoriel du portail",
            category = "tutoriel",
            fileName = "tutoriel.pdf",
            contentType = "application/pdf",
            contentBase64 = Convert.ToBase64String(content),
        });
        published.StatusCode.Should().Be(HttpStatusCode.Created);
        var documentId = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentId").GetString()!;
        (await staff.PostAsJsonAsync("/api/marina/documents", new { title = "x", category = "divers", fileName = "x.pdf", contentType = "application/pdf", contentBase64 = "AA==" }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var holder = await app.RegisterAndSignInAsync(officeId, email);
        var list = await holder.GetFromJsonAsync<JsonElement>("/api/marina/portal/documents");
        list.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("title").GetString()).Should().Equal("Tutoriel du portail");
        list.GetProperty("total").GetInt64().Should().Be(1);
        (await holder.GetFromJsonAsync<JsonElement>("/api/marina/portal/documents?category=tarifs")).GetProperty("total").GetInt64().Should().Be(0);
        (await holder.GetAsync("/api/marina/portal/documents?category=divers")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await holder.GetByteArrayAsync($"/api/marina/portal/documents/{documentId}")).Should().Equal(content);

        (await staff.DeleteAsync($"/api/marina/documents/{documentId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await app.CatchUpAsync();
        (await holder.GetFromJsonAsync<JsonElement>("/api/marina/portal/documents")).GetProperty("total").GetInt64().Should().Be(0);
        (await holder.GetAsync($"/api/marina/portal/documents/{documentId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
