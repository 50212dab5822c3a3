using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monolith.Host.Tests.Http;

public sealed class PlatformEndpointsTests
{
    [Fact]
    public async Task OpenApi_document_is_served_with_the_bearer_scheme_and_the_auth_endpoints()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        document.GetProperty("openapi").GetString().Should().StartWith("3.");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        scheme.GetProperty("scheme").GetString().Should().Be("bearer");
        var paths = document.GetProperty("paths");
        paths.TryGetProperty("/api/auth/login", out _).Should().BeTrue();
        paths.GetProperty("/api/auth/me").GetProperty("get").GetProperty("security").GetArrayLength().Should().Be(1);
        var idempotencyHeader = paths.GetProperty("/test/counter").GetProperty("post").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString());
        idempotencyHeader.Should().Contain("Idempotency-Key");
    }

    [Fact]
    public async Task Swagger_UI_is_served_at_docs()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().GetAsync("/docs/index.html");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Contain("swagger-ui");

        var root = await app.CreateClient().GetAsync("/docs");
        root.StatusCode.Should().Be(HttpStatusCode.OK, "/docs redirects to the UI");
    }

    [Fact]
    public async Task Health_live_is_200_without_running_checks()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().GetAsync("/health/live");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("status").GetString().Should().Be("Healthy");
        report.GetProperty("checks").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Health_ready_checks_the_database_in_the_configured_data_folder()
    {
        await using var app = new PlatformApp();
        var anonymous = await app.CreateClient().GetAsync("/health/ready");
        anonymous.StatusCode.Should().Be(HttpStatusCode.OK);
        var minimal = await anonymous.Content.ReadFromJsonAsync<JsonElement>();
        minimal.GetProperty("status").GetString().Should().Be("Healthy");
        minimal.TryGetProperty("checks", out _).Should().BeFalse("anonymous callers see the status only");

        var operatorClient = await app.ClientAsync("platform", "platform-operator");
        var response = await operatorClient.GetAsync("/health/ready");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("status").GetString().Should().Be("Healthy");
        var database = report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
        database.GetProperty("status").GetString().Should().Be("Healthy");
        database.GetProperty("data").GetProperty("journalMode").GetString().Should().Be("wal");
        File.Exists(Path.Combine(app.DataFolderPath, "monolith.db")).Should().BeTrue();
    }
}
