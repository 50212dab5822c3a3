using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Host.Tests.Http;

public sealed class ProblemDetailsTests
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("type").GetString().Should().Be(type);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        problem.TryGetProperty("traceId", out _).Should().BeTrue();
        return problem;
    }

    [Fact]
    public async Task Invalid_body_is_400_with_one_entry_per_field()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().PostAsJsonAsync("/test/validate", new { name = "", age = -3 });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var errors = problem.GetProperty("errors");
        errors.GetProperty("name")[0].GetString().Should().Be("Enter a name.");
        errors.GetProperty("age")[0].GetString().Should().Be("The age cannot be negative.");
    }

    [Fact]
    public async Task Valid_body_passes_and_enums_are_written_as_strings()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().PostAsJsonAsync("/test/validate", new { name = "Ana", age = 3, colour = "red" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("name").GetString().Should().Be("Ana");
        body.GetProperty("colour").GetString().Should().Be("red");
    }

    [Fact]
    public async Task Anonymous_call_to_protected_endpoint_is_401_problem()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().GetAsync("/test/staff");
        await ProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthenticated);
    }

    [Fact]
    public async Task Caller_context_without_authentication_is_401_problem()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().GetAsync("/test/caller");
        await ProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthenticated);
    }

    [Fact]
    public async Task Missing_role_is_403_problem()
    {
        await using var app = new PlatformApp();
        var client = await app.ClientAsync("office-a", Roles.Customer);
        var response = await client.GetAsync("/test/staff");
        await ProblemAsync(response, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task Unknown_route_is_404_problem()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().GetAsync("/api/nothing-here");
        var problem = await ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        problem.GetProperty("instance").GetString().Should().Be("/api/nothing-here");
    }

    [Fact]
    public async Task NotFoundException_is_404_with_its_message()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().GetAsync("/test/not-found");
        var problem = await ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        problem.GetProperty("detail").GetString().Should().Be("Membership order 42 was not found.");
    }

    [Fact]
    public async Task Wrong_method_is_405_problem()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().GetAsync("/test/rule");
        await ProblemAsync(response, HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed);
    }

    [Fact]
    public async Task Broken_rule_is_422_with_code_and_message()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().PostAsync("/test/rule", null);
        var problem = await ProblemAsync(response, (HttpStatusCode)422, ProblemTypes.RuleViolation);
        problem.GetProperty("code").GetString().Should().Be("quote.expired");
        problem.GetProperty("detail").GetString().Should().Be("The quote expired on 01/03/2025.");
    }

    [Fact]
    public async Task Conflicting_rule_is_409_with_code()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().PostAsync("/test/rule-conflict", null);
        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        problem.GetProperty("code").GetString().Should().Be("booking.already-confirmed");
    }

    [Fact]
    public async Task Concurrency_conflict_without_IfMatch_is_409()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().PostAsync("/test/concurrency", null);
        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, ProblemTypes.ConcurrencyConflict);
        problem.GetProperty("detail").GetString().Should().Contain("Rechargez");
        problem.GetRawText().Should().NotContain("office-1", "the stream id is internal");
    }

    [Fact]
    public async Task Stale_IfMatch_is_412()
    {
        await using var app = new PlatformApp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/test/concurrency");
        request.Headers.TryAddWithoutValidation("If-Match", "\"3\"");
        var response = await app.CreateClient().SendAsync(request);
        await ProblemAsync(response, HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
    }

    [Fact]
    public async Task Weak_IfMatch_is_400_on_the_header()
    {
        await using var app = new PlatformApp();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/if-match");
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"3\"");
        var response = await app.CreateClient().SendAsync(request);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.Validation);
        problem.GetProperty("errors").GetProperty("If-Match")[0].GetString().Should().Contain("strong");
    }

    [Fact]
    public async Task IfMatch_is_read_as_the_expected_revision_and_ETag_is_the_revision()
    {
        await using var app = new PlatformApp();
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/if-match");
        request.Headers.TryAddWithoutValidation("If-Match", "\"12\"");
        var body = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("expected").GetString().Should().Be("12");

        var etag = await client.GetAsync("/test/etag");
        etag.Headers.ETag!.Tag.Should().Be("\"7\"");
        etag.Headers.ETag.IsWeak.Should().BeFalse();
    }

    [Fact]
    public async Task Unexpected_exception_is_500_without_message_or_stack_trace()
    {
        await using var app = new PlatformApp();
        var response = await app.CreateClient().GetAsync("/test/boom");
        var problem = await ProblemAsync(response, HttpStatusCode.InternalServerError, ProblemTypes.Unexpected);
        var raw = problem.GetRawText();
        raw.Should().NotContain("hunter2").And.NotContain("InvalidOperationException").And.NotContain(" at ");
        problem.GetProperty("detail").GetString().Should().Be(PlatformProblems.UnexpectedDetail);
        problem.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Malformed_json_is_400_problem()
    {
        await using var app = new PlatformApp();
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        var response = await app.CreateClient().PostAsync("/test/validate", content);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().NotContain(" at ");
    }
}
