using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monolith.Host.Tests.Http;

/// <summary>The operators' dead-letters list is a page of the shared toolkit: its <c>status</c> filter is a string enum in the contract and
/// anything else is a 400 in French; the projection admin's problems are in French too.</summary>
public sealed class DeadLetterListTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private Task<HttpClient> OperatorAsync() => app.ClientAsync("ot-a", "office-admin", "platform-operator");

    [Fact]
    public async Task Dead_letters_are_a_page_filtered_by_a_known_status()
    {
        var client = await OperatorAsync();

        var page = await client.GetFromJsonAsync<JsonElement>("/api/admin/dead-letters?status=parked&pageSize=1000");
        page.GetProperty("items").ValueKind.Should().Be(JsonValueKind.Array);
        page.GetProperty("total").GetInt64().Should().Be(page.GetProperty("items").GetArrayLength());
        page.GetProperty("pageSize").GetInt32().Should().Be(200);

        var bogus = await client.GetAsync("/api/admin/dead-letters?status=lost");
        bogus.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bogus.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("status")[0].GetString()
            .Should().Be("La valeur « lost » n'est pas valide pour « status ». Valeurs possibles : parked, retried, skipped, rebuilt.");
    }

    [Fact]
    public async Task The_status_filter_is_an_enum_in_the_served_contract()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var parameters = document.GetProperty("paths").GetProperty("/api/admin/dead-letters").GetProperty("get").GetProperty("parameters").EnumerateArray();
        var status = parameters.Single(p => p.GetProperty("name").GetString() == "status");
        status.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString())
            .Should().Equal("parked", "retried", "skipped", "rebuilt");
    }

    [Fact]
    public async Task An_unknown_projection_is_a_404_problem_in_french()
    {
        var client = await OperatorAsync();

        var response = await client.PostAsync("/api/admin/projections/nope/retry", null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Be("Aucune projection ni aucun réacteur ne s'appelle « nope ».");
    }
}
