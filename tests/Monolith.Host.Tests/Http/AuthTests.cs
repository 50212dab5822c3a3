using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Host.Tests.Http;

public sealed class AuthTests
{
    private static Task<HttpResponseMessage> Login(HttpClient client, string tenant, string email, string password) =>
        client.PostAsJsonAsync("/api/auth/login", new { tenant, email, password });

    [Fact]
    public async Task Login_issues_bearer_tokens_that_carry_tenant_user_roles_and_customer()
    {
        await using var app = new PlatformApp();
        var user = app.Users.Add("office-a", "clerk@office.test", PlatformApp.Password, [Roles.Customer], customerId: "cust-9");
        var client = app.CreateClient();

        var tokens = await PlatformApp.LoginAsync(client, "office-a", "CLERK@office.test", PlatformApp.Password);
        tokens.GetProperty("tokenType").GetString().Should().Be("Bearer");
        tokens.GetProperty("refreshToken").GetString().Should().NotBeNullOrEmpty();

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        me.GetProperty("tenantId").GetString().Should().Be("office-a");
        me.GetProperty("userId").GetString().Should().Be(user.UserId);
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal(Roles.Customer);
        me.GetProperty("customerId").GetString().Should().Be("cust-9");
    }

    [Fact]
    public async Task Wrong_password_unknown_email_other_tenant_and_inactive_user_fail_the_same_way()
    {
        await using var app = new PlatformApp();
        var inactive = app.Users.Add("office-a", "gone@office.test", PlatformApp.Password, [Roles.OfficeStaff]);
        app.Users.Deactivate(inactive);
        app.Users.Add("office-a", "clerk@office.test", PlatformApp.Password, [Roles.OfficeStaff]);
        var client = app.CreateClient();

        var attempts = new[]
        {
            await Login(client, "office-a", "clerk@office.test", "wrong password"),
            await Login(client, "office-a", "nobody@office.test", PlatformApp.Password),
            await Login(client, "office-b", "clerk@office.test", PlatformApp.Password),
            await Login(client, "office-a", "gone@office.test", PlatformApp.Password),
        };

        var bodies = new List<(string?, string?, string?)>();
        foreach (var response in attempts)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("type").GetString().Should().Be(ProblemTypes.InvalidCredentials);
            bodies.Add((problem.GetProperty("type").GetString(), problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()));
        }

        bodies.Distinct().Should().HaveCount(1);
    }

    [Fact]
    public async Task Empty_fields_are_400_per_field()
    {
        await using var app = new PlatformApp();
        var response = await Login(app.CreateClient(), "", "", "");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("tenant").GetArrayLength().Should().BeGreaterThan(0);
        errors.GetProperty("email").GetArrayLength().Should().BeGreaterThan(0);
        errors.GetProperty("password").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Five_failures_block_the_account_for_fifteen_minutes_even_with_the_right_password()
    {
        await using var app = new PlatformApp();
        app.Users.Add("office-a", "clerk@office.test", PlatformApp.Password, [Roles.OfficeStaff]);
        var client = app.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            (await Login(client, "office-a", "clerk@office.test", "guess " + i)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var blocked = await Login(client, "office-a", "clerk@office.test", PlatformApp.Password);
        blocked.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        blocked.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.FromMinutes(14));
        (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString().Should().Be(ProblemTypes.TooManyRequests);

        // Another account of the same office is not blocked.
        app.Users.Add("office-a", "other@office.test", PlatformApp.Password, [Roles.OfficeStaff]);
        (await Login(client, "office-a", "other@office.test", PlatformApp.Password)).StatusCode.Should().Be(HttpStatusCode.OK);

        app.Time.Advance(TimeSpan.FromMinutes(15));
        (await Login(client, "office-a", "clerk@office.test", PlatformApp.Password)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_hash_with_old_parameters_is_rehashed_on_sign_in()
    {
        await using var app = new PlatformApp();
        var user = app.Users.Add("office-a", "old@office.test", PlatformApp.Password, [Roles.OfficeAdmin], mode: PasswordHasherCompatibilityMode.IdentityV2);

        (await Login(app.CreateClient(), "office-a", "old@office.test", PlatformApp.Password)).StatusCode.Should().Be(HttpStatusCode.OK);

        app.Users.RehashedPasswords.Should().ContainKey(user.UserId);
        Convert.FromBase64String(app.Users.RehashedPasswords[user.UserId])[0].Should().Be(0x01, "Identity V3 format marker");
        (await Login(app.CreateClient(), "office-a", "old@office.test", PlatformApp.Password)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Refresh_issues_a_new_access_token_while_the_user_is_active()
    {
        await using var app = new PlatformApp();
        var user = app.Users.Add("office-a", "clerk@office.test", PlatformApp.Password, [Roles.OfficeStaff]);
        var client = app.CreateClient();
        var tokens = await PlatformApp.LoginAsync(client, "office-a", "clerk@office.test", PlatformApp.Password);
        var refreshToken = tokens.GetProperty("refreshToken").GetString();

        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        refreshed.StatusCode.Should().Be(HttpStatusCode.OK);
        var access = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        (await client.SendAsync(me)).StatusCode.Should().Be(HttpStatusCode.OK);

        app.Users.Deactivate(user);
        (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "garbage" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_invalid_bearer_token_is_401()
    {
        await using var app = new PlatformApp();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        (await client.GetAsync("/api/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(Roles.OfficeAdmin, "/test/admin", HttpStatusCode.OK)]
    [InlineData(Roles.OfficeStaff, "/test/admin", HttpStatusCode.Forbidden)]
    [InlineData(Roles.OfficeAdmin, "/test/staff", HttpStatusCode.OK)]
    [InlineData(Roles.OfficeStaff, "/test/staff", HttpStatusCode.OK)]
    [InlineData(Roles.Accountant, "/test/staff", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Accountant, "/test/accounting", HttpStatusCode.OK)]
    [InlineData(Roles.OfficeAdmin, "/test/accounting", HttpStatusCode.OK)]
    [InlineData(Roles.OfficeStaff, "/test/accounting", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Accountant, "/test/read", HttpStatusCode.OK)]
    [InlineData(Roles.OfficeStaff, "/test/read", HttpStatusCode.OK)]
    [InlineData(Roles.Customer, "/test/read", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Customer, "/test/portal", HttpStatusCode.OK)]
    [InlineData(Roles.OfficeAdmin, "/test/portal", HttpStatusCode.Forbidden)]
    public async Task Role_policies_are_enforced(string role, string path, HttpStatusCode expected)
    {
        await using var app = new PlatformApp();
        var client = await app.ClientAsync("office-a", role);
        (await client.GetAsync(path)).StatusCode.Should().Be(expected);
    }

    [Fact]
    public async Task Another_tenants_resource_is_404_not_403()
    {
        await using var app = new PlatformApp();
        var client = await app.ClientAsync("office-a", Roles.OfficeStaff);

        (await client.GetAsync("/test/tenants/office-a/thing")).StatusCode.Should().Be(HttpStatusCode.OK);
        var other = await client.GetAsync("/test/tenants/office-b/thing");
        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Be("The thing was not found.");
    }
}
