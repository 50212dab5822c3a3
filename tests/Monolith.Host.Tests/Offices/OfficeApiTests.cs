using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Host.Tests.Offices;

public sealed class OfficeApiTests : IClassFixture<OfficesApp>
{
    private static readonly object Legal = new
    {
        legalName = "Office de Tourisme Caen la Mer",
        legalForm = "EPIC",
        siren = "732829320",
        siret = "73282932000074",
        vatNumber = "FR 44 732829320",
        address = new { street = "Place Saint-Pierre", postalCode = "14000", city = "Caen" },
        bank = new { accountHolder = "OT Caen la Mer", iban = "FR76 3000 6000 0112 3456 7890 189", bic = "AGRIFRPP" },
        sepaCreditorId = "FR72ZZZ123456",
    };

    private readonly OfficesApp _app;

    public OfficeApiTests(OfficesApp app) => _app = app;

    [Fact]
    public async Task The_office_is_read_with_its_revision_as_etag_and_a_stale_if_match_is_412()
    {
        var (client, officeId, _) = await _app.NewOfficeAsync();

        var get = await client.GetAsync("/api/office");
        get.StatusCode.Should().Be(HttpStatusCode.OK);
        get.Headers.ETag!.Tag.Should().Be("\"0\"");
        (await get.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("officeId").GetString().Should().Be(officeId);

        var update = await Send(client, HttpMethod.Put, "/api/office/legal-identity", Legal, ifMatch: "\"0\"");
        update.StatusCode.Should().Be(HttpStatusCode.OK);
        update.Headers.ETag!.Tag.Should().Be("\"1\"");
        var legal = (await update.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("legal");
        legal.GetProperty("vatNumber").GetString().Should().Be("FR44732829320", "identifiers are stored compact");

        var stale = await Send(client, HttpMethod.Put, "/api/office/settings", new { name = "Renamed", timeZone = "Europe/Paris" }, ifMatch: "\"0\"");
        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32().Should().Be(412);

        var events = await _app.Get<IEventStore>().ReadStreamAsync($"office:{officeId}");
        events.Should().HaveCount(2, "the stale update wrote nothing");
    }

    [Fact]
    public async Task An_update_without_if_match_is_428_and_writes_nothing()
    {
        var (client, officeId, _) = await _app.NewOfficeAsync();

        var blind = await Send(client, HttpMethod.Put, "/api/office/settings", new { name = "Renamed", timeZone = "Europe/Paris" });

        blind.StatusCode.Should().Be((HttpStatusCode)428);
        var problem = await blind.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("Version de la fiche requise.");
        (await _app.Get<IEventStore>().ReadStreamAsync($"office:{officeId}")).Should().HaveCount(1, "nothing was written");
    }

    [Fact]
    public async Task Invalid_legal_identity_is_400_with_a_message_per_field_and_writes_nothing()
    {
        var (client, officeId, _) = await _app.NewOfficeAsync();

        var response = await Send(client, HttpMethod.Put, "/api/office/legal-identity", new
        {
            legalName = "OT",
            legalForm = "EPIC",
            siren = "732829321",
            vatNumber = "FR45732829320",
            address = new { street = "1 rue", postalCode = "140", city = "Caen" },
            bank = new { accountHolder = "OT", iban = "FR7630006000011234567890188" },
        }, ifMatch: "*");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("siren", out _).Should().BeTrue();
        errors.TryGetProperty("vatNumber", out _).Should().BeTrue();
        errors.TryGetProperty("address.postalCode", out _).Should().BeTrue();
        errors.TryGetProperty("bank.iban", out _).Should().BeTrue();
        (await _app.Get<IEventStore>().ReadStreamAsync($"office:{officeId}")).Should().HaveCount(1);
    }

    [Fact]
    public async Task A_retried_command_with_the_same_idempotency_key_returns_the_first_answer_and_appends_nothing()
    {
        var (client, officeId, _) = await _app.NewOfficeAsync();
        var body = new { title = "CGV 2026", text = "Conditions générales de vente…", settings = new { depositRate = "30" }, effectiveFrom = "2026-01-01" };

        var first = await Send(client, HttpMethod.Post, "/api/office/terms-of-sale", body, idempotencyKey: "terms-2026");
        var second = await Send(client, HttpMethod.Post, "/api/office/terms-of-sale", body, idempotencyKey: "terms-2026");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.Created);
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        second.Headers.ETag.Should().Be(first.Headers.ETag);
        (await _app.Get<IEventStore>().ReadStreamAsync($"office:{officeId}")).Select(e => e.Type).Should().Equal(
            ["offices.office-registered", "offices.terms-of-sale-published", "offices.published-new-terms-of-sale"], "registered + one publication (and its published fact)");

        await _app.CatchUpAsync();
        var inForce = await client.GetFromJsonAsync<JsonElement>("/api/office/terms-of-sale/in-force?on=2026-03-01");
        inForce.GetProperty("version").GetInt32().Should().Be(1);
        inForce.GetProperty("settings").GetProperty("depositRate").GetString().Should().Be("30");
        (await client.GetAsync("/api/office/terms-of-sale/in-force?on=2025-12-31")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_office_s_user_is_not_found_and_its_data_never_shown()
    {
        var (clientA, _, _) = await _app.NewOfficeAsync();
        var (clientB, officeB, adminB) = await _app.NewOfficeAsync();

        var roles = await Send(clientA, HttpMethod.Put, $"/api/office/users/{adminB}/roles", new { roles = new[] { "accountant" } });
        roles.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await roles.Content.ReadAsStringAsync()).Should().NotContain(officeB);

        var users = await clientA.GetFromJsonAsync<JsonElement>("/api/office/users");
        users.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userId").GetString()).Should().NotContain(adminB);

        var office = await clientB.GetFromJsonAsync<JsonElement>("/api/office");
        office.GetProperty("officeId").GetString().Should().Be(officeB);
    }

    [Fact]
    public async Task A_login_e_mail_is_unique_within_an_office_and_roles_are_enforced()
    {
        var (admin, officeId, _) = await _app.NewOfficeAsync();
        var user = new { email = "Claire@OT.test", displayName = "Claire", roles = new[] { "accountant" }, password = OfficesApp.Password };

        (await Send(admin, HttpMethod.Post, "/api/office/users", user)).StatusCode.Should().Be(HttpStatusCode.Created);
        var duplicate = await Send(admin, HttpMethod.Post, "/api/office/users", user with { email = "claire@ot.test" });
        duplicate.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("user.email-taken");

        var accountant = await _app.SignInAsync(officeId, "claire@ot.test", OfficesApp.Password);
        (await accountant.GetAsync("/api/office")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Send(accountant, HttpMethod.Put, "/api/office/settings", new { name = "X", timeZone = "Europe/Paris" }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Forgetting_a_person_erases_their_data_everywhere_while_the_chain_still_verifies()
    {
        var (admin, officeId, _) = await _app.NewOfficeAsync();
        var created = await Send(admin, HttpMethod.Post, "/api/office/users",
            new { email = "jean.dupont@ot.test", displayName = "Jean Dupont", roles = new[] { "office-staff" }, password = OfficesApp.Password });
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
        await _app.SignInAsync(officeId, "jean.dupont@ot.test", OfficesApp.Password);

        (await Send(admin, HttpMethod.Post, $"/api/office/personal-data/{userId}/erasure", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        await _app.CatchUpAsync();

        var users = await admin.GetFromJsonAsync<JsonElement>("/api/office/users");
        var erased = users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("userId").GetString() == userId);
        erased.GetProperty("email").GetString().Should().Be("[effacé]");
        erased.GetProperty("displayName").GetString().Should().Be("[effacé]");
        erased.GetProperty("active").GetBoolean().Should().BeFalse();

        var login = await _app.CreateClient().PostAsJsonAsync("/api/auth/login", new { tenant = officeId, email = "jean.dupont@ot.test", password = OfficesApp.Password });
        login.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        (await _app.Get<IEventStore>().VerifyChainAsync()).Intact.Should().BeTrue();

        // Rebuilding the read model from the log gives the same erased row: the data is gone from the log's readable form too.
        var admin2 = _app.Get<IProjectionAdmin>();
        (await admin2.RebuildAsync("offices.users")).Should().Be(AdminOutcome.Done);
        await _app.CatchUpAsync();
        await using var connection = await _app.OpenReadModelConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Email, string DisplayName, string? PasswordHash)>(
            "SELECT email, display_name, password_hash FROM offices_users WHERE user_id = @userId", new { userId });
        row.Should().Be(("[effacé]", "[effacé]", (string?)null));
        await using var log = await _app.OpenEventLogConnectionAsync();
        var raw = await log.QueryAsync<string>("SELECT data FROM platform_events WHERE stream_id = @s", new { s = $"office-user:{userId}" });
        raw.Should().NotBeEmpty();
        raw.Should().NotContain(d => d.Contains("dupont", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_customer_invited_by_a_module_sets_a_password_once_and_signs_in_with_the_customer_role()
    {
        var (_, officeId, _) = await _app.NewOfficeAsync();
        var accounts = _app.Get<Monolith.Modules.Offices.Contracts.ICustomerAccounts>();
        var accountId = TestIds.Letters();
        var request = new Monolith.Modules.Offices.Contracts.NewCustomerAccount(officeId, accountId, "member-42", "hotel@plage.test", "Hôtel de la Plage", "test");

        var first = await accounts.CreateOrInviteAsync(request);
        var again = await accounts.CreateOrInviteAsync(request);
        first.Created.Should().BeTrue();
        again.Created.Should().BeFalse("the same account id is the same login");
        await _app.CatchUpAsync();

        var anonymous = _app.CreateClient();
        var accept = await anonymous.PostAsJsonAsync("/api/auth/invitations/acceptance", new { tenant = officeId, token = first.InvitationToken, password = OfficesApp.Password });
        accept.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await _app.CatchUpAsync();

        var reuse = await anonymous.PostAsJsonAsync("/api/auth/invitations/acceptance", new { tenant = officeId, token = again.InvitationToken, password = OfficesApp.Password });
        reuse.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "an accepted invitation closes the others");

        var customer = await _app.SignInAsync(officeId, "hotel@plage.test", OfficesApp.Password);
        var me = await customer.GetFromJsonAsync<JsonElement>("/api/auth/me");
        me.GetRawText().Should().Contain("member-42");
        (await customer.GetAsync("/api/office")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, object body, string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }
}
