using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.Host.Tests.Offices;

namespace Monolith.Host.Tests.Security;

/// <summary>H3: tokens are revoked at once (security stamp), password changes need the current password and sign out the other
/// sessions, the password policy follows NIST 800-63B, token answers are never cached, accountants do not take card payments.</summary>
public sealed class CredentialsTests(OfficesApp app) : IClassFixture<OfficesApp>
{
    [Fact]
    public async Task A_deactivated_user_s_still_valid_access_and_refresh_tokens_are_refused_at_the_next_request()
    {
        var (admin, officeId, _) = await app.NewOfficeAsync();
        var userId = await AddUserAsync(admin, "clerk@ot.test", ["office-staff"]);
        var (clerk, refresh) = await SignInWithRefreshAsync(officeId, "clerk@ot.test", TempHostApp.Password);
        (await clerk.GetAsync("/api/office")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await admin.PostAsync($"/api/office/users/{userId}/deactivation", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await clerk.GetAsync("/api/office")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await clerk.GetAsync("/api/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await clerk.PostAsJsonAsync("/api/office/terms-of-sale", new { title = "CGV", text = "Texte", effectiveFrom = "2030-01-01" }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_signs_out_every_other_session()
    {
        var (admin, officeId, _) = await app.NewOfficeAsync();
        await AddUserAsync(admin, "clerk@ot.test", ["office-staff"]);
        var (other, otherRefresh) = await SignInWithRefreshAsync(officeId, "clerk@ot.test", TempHostApp.Password);
        var (me, _) = await SignInWithRefreshAsync(officeId, "clerk@ot.test", TempHostApp.Password);
        const string newPassword = "Un tout nouveau mot de passe 2027";

        var wrong = await me.PutAsJsonAsync("/api/auth/me/password", new { currentPassword = "not my password at all", newPassword });
        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync()).Should().Contain("currentPassword");

        var changed = await me.PutAsJsonAsync("/api/auth/me/password", new { currentPassword = TempHostApp.Password, newPassword });
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        changed.Headers.CacheControl!.NoStore.Should().BeTrue();
        var fresh = (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        (await other.GetAsync("/api/office")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await me.GetAsync("/api/office")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the token used for the change is an old session too");
        (await app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = otherRefresh }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var renewed = app.CreateClient();
        renewed.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        (await renewed.GetAsync("/api/office")).StatusCode.Should().Be(HttpStatusCode.OK);

        await app.CatchUpAsync();
        (await Login(officeId, "clerk@ot.test", TempHostApp.Password)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Login(officeId, "clerk@ot.test", newPassword)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaa")]
    [InlineData("motdepasse2024!!!")]
    [InlineData("azertyazertyazerty")]
    [InlineData("abcdefghijklmnopqrs")]
    [InlineData("short phrase")]
    [InlineData("my address is clerk@ot.test")]
    public async Task Weak_passwords_are_refused_with_a_french_message(string password)
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var response = await admin.PostAsJsonAsync("/api/office/users",
            new { email = "clerk@ot.test", displayName = "Clerk", roles = new[] { "office-staff" }, password });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("password")[0].GetString()
            .Should().MatchRegex("mot de passe|Le mot de passe");
    }

    [Fact]
    public async Task A_long_password_accepted_at_creation_is_accepted_at_sign_in_and_a_longer_one_is_refused_at_creation()
    {
        var (admin, officeId, _) = await app.NewOfficeAsync();
        var longest = string.Concat(Enumerable.Range(0, 16).Select(i => $"mot{i:D2}-ab")); // 128 characters
        longest.Length.Should().Be(128);
        (await admin.PostAsJsonAsync("/api/office/users",
            new { email = "long@ot.test", displayName = "Long", roles = new[] { "office-staff" }, password = longest })).StatusCode.Should().Be(HttpStatusCode.Created);
        await app.CatchUpAsync();
        (await Login(officeId, "long@ot.test", longest)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await admin.PostAsJsonAsync("/api/office/users",
            new { email = "longer@ot.test", displayName = "Longer", roles = new[] { "office-staff" }, password = longest + "x" }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Token_answers_are_never_cached()
    {
        var (_, officeId, _) = await app.NewOfficeAsync();
        var login = await Login(officeId, TempHostApp.AdminEmail(officeId), TempHostApp.Password);
        login.Headers.CacheControl!.NoStore.Should().BeTrue();
        var refresh = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString();
        var renewed = await app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh });
        renewed.StatusCode.Should().Be(HttpStatusCode.OK);
        renewed.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    [Fact]
    public async Task An_accountant_cannot_start_a_card_checkout()
    {
        var (admin, officeId, _) = await app.NewOfficeAsync();
        await AddUserAsync(admin, "compta@ot.test", ["accountant"]);
        var accountant = await app.SignInAsync(officeId, "compta@ot.test", TempHostApp.Password);
        var response = await accountant.PostAsJsonAsync("/api/billing/invoices/any-invoice/card-payments", new { returnUrl = "/retour" });
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task<string> AddUserAsync(HttpClient admin, string email, string[] roles)
    {
        var created = await admin.PostAsJsonAsync("/api/office/users", new { email, displayName = "Clerk", roles, password = TempHostApp.Password });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        await app.CatchUpAsync();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
    }

    private async Task<(HttpClient Client, string RefreshToken)> SignInWithRefreshAsync(string officeId, string email, string password)
    {
        var login = await Login(officeId, email, password);
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await login.Content.ReadFromJsonAsync<JsonElement>();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        return (client, body.GetProperty("refreshToken").GetString()!);
    }

    private Task<HttpResponseMessage> Login(string officeId, string email, string password) =>
        app.CreateClient().PostAsJsonAsync("/api/auth/login", new { tenant = officeId, email, password });
}
