using System.Net;
using System.Net.Http.Json;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Host.Tests.Http;

public sealed class IdempotencyTests
{
    private static HttpRequestMessage Post(string path, string key, string label)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { label }) };
        request.Headers.Add(Idempotency.HeaderName, key);
        return request;
    }

    [Fact]
    public async Task Retry_with_same_key_returns_the_first_answer_and_runs_nothing()
    {
        await using var app = new PlatformApp();
        var client = await app.ClientAsync("office-a", Roles.OfficeStaff);

        using var first = await client.SendAsync(Post("/test/counter", "key-1", "membership"));
        using var second = await client.SendAsync(Post("/test/counter", "key-1", "membership"));

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.Created);
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        second.Headers.ETag.Should().Be(first.Headers.ETag);
        second.Headers.Location.Should().Be(first.Headers.Location);
        second.Content.Headers.ContentType.Should().Be(first.Content.Headers.ContentType);
        second.Headers.Contains(Idempotency.ReplayedHeaderName).Should().BeTrue();
        first.Headers.Contains(Idempotency.ReplayedHeaderName).Should().BeFalse();
        (await app.CountSideEffectsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Same_key_with_another_body_is_422_and_runs_nothing()
    {
        await using var app = new PlatformApp();
        var client = await app.ClientAsync("office-a", Roles.OfficeStaff);

        (await client.SendAsync(Post("/test/counter", "key-1", "membership"))).StatusCode.Should().Be(HttpStatusCode.Created);
        using var reused = await client.SendAsync(Post("/test/counter", "key-1", "marina"));

        reused.StatusCode.Should().Be((HttpStatusCode)422);
        (await reused.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Type.Should().Be(ProblemTypes.IdempotencyKeyReused);
        (await app.CountSideEffectsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Keys_are_scoped_per_tenant_and_user()
    {
        await using var app = new PlatformApp();
        var alice = await app.ClientAsync("office-a", Roles.OfficeStaff);
        var bob = await app.ClientAsync("office-a", Roles.OfficeStaff);
        var carol = await app.ClientAsync("office-b", Roles.OfficeStaff);

        foreach (var client in new[] { alice, bob, carol })
        {
            (await client.SendAsync(Post("/test/counter", "shared-key", "membership"))).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        (await app.CountSideEffectsAsync()).Should().Be(3);
    }

    [Fact]
    public async Task Requests_without_a_key_run_every_time()
    {
        await using var app = new PlatformApp();
        var client = await app.ClientAsync("office-a", Roles.OfficeStaff);
        (await client.PostAsJsonAsync("/test/counter", new { label = "x" })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await client.PostAsJsonAsync("/test/counter", new { label = "x" })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await app.CountSideEffectsAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_4xx_answer_is_stored_and_replayed()
    {
        await using var app = new PlatformApp();
        var client = await app.ClientAsync("office-a", Roles.OfficeStaff);

        using var first = await client.SendAsync(Post("/test/counter-rule", "key-r", "x"));
        using var second = await client.SendAsync(Post("/test/counter-rule", "key-r", "x"));

        first.StatusCode.Should().Be((HttpStatusCode)422);
        second.StatusCode.Should().Be((HttpStatusCode)422);
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        second.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await app.CountSideEffectsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task A_5xx_answer_is_not_stored_so_a_retry_runs_again()
    {
        await using var app = new PlatformApp();
        var client = await app.ClientAsync("office-a", Roles.OfficeStaff);

        (await client.SendAsync(Post("/test/counter-boom", "key-b", "x"))).StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await client.SendAsync(Post("/test/counter-boom", "key-b", "x"))).StatusCode.Should().Be(HttpStatusCode.InternalServerError);

        (await app.CountSideEffectsAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_duplicate_while_the_first_is_running_is_409()
    {
        await using var app = new PlatformApp();
        var client = await app.ClientAsync("office-a", Roles.OfficeStaff);

        var first = client.SendAsync(Post("/test/counter-slow", "key-s", "x"));
        await app.Gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var duplicate = await client.SendAsync(Post("/test/counter-slow", "key-s", "x"));
        duplicate.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await duplicate.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Type.Should().Be(ProblemTypes.IdempotencyKeyInFlight);

        app.Gate.Release.SetResult();
        using var firstResponse = await first.WaitAsync(TimeSpan.FromSeconds(30));
        firstResponse.StatusCode.Should().Be(HttpStatusCode.OK);

        using var retry = await client.SendAsync(Post("/test/counter-slow", "key-s", "x"));
        retry.StatusCode.Should().Be(HttpStatusCode.OK);
        (await retry.Content.ReadAsStringAsync()).Should().Be(await firstResponse.Content.ReadAsStringAsync());
        (await app.CountSideEffectsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task An_oversized_key_is_400()
    {
        await using var app = new PlatformApp();
        var client = await app.ClientAsync("office-a", Roles.OfficeStaff);
        using var response = await client.SendAsync(Post("/test/counter", new string('k', 300), "x"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await app.CountSideEffectsAsync()).Should().Be(0);
    }
}
