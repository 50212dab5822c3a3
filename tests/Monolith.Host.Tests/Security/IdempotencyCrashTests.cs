using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Monolith.Host.Tests.Membership;

namespace Monolith.Host.Tests.Security;

/// <summary>M2: the process dies after the command's events are appended and before the answer is stored under the Idempotency-Key.
/// Simulated at that seam: the stored answer is taken back to "in flight" with an expired lease, exactly what the crash leaves. The
/// retry with the same key must not register the member a second time.</summary>
public sealed class IdempotencyCrashTests(MembershipApp app) : IClassFixture<MembershipApp>
{
    [Fact]
    public async Task A_retry_after_a_crash_between_the_events_and_the_stored_answer_registers_the_member_once()
    {
        var (staff, officeId) = await app.NewOfficeAsync();
        var key = Guid.NewGuid().ToString();
        var first = await RegisterAsync(staff, key);
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var memberId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("memberId").GetString();

        await using (var connection = await app.OpenEventLogConnectionAsync())
        {
            var crashed = await connection.ExecuteAsync(
                """
                UPDATE platform_idempotency_keys SET status_code = NULL, content_type = NULL, body = NULL, headers = NULL, completed_at = NULL,
                    created_at = '2000-01-01T00:00:00.0000000Z'
                WHERE key = @key
                """,
                new { key });
            crashed.Should().Be(1);
        }

        var retry = await RegisterAsync(staff, key);
        retry.StatusCode.Should().Be(HttpStatusCode.Created, await retry.Content.ReadAsStringAsync());
        (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("memberId").GetString().Should().Be(memberId);

        await app.CatchUpAsync();
        await using var readModels = await app.OpenReadModelConnectionAsync();
        var members = await readModels.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM membership_members WHERE office_id = @officeId", new { officeId });
        members.Should().Be(1);
        await using var log = await app.OpenEventLogConnectionAsync();
        var registrations = await log.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM platform_events WHERE type = 'membership.member-registered' AND stream_id LIKE @s", new { s = "%" + memberId });
        registrations.Should().Be(1);
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient staff, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/membership/members")
        {
            Content = JsonContent.Create(new
            {
                companyName = "Hôtel de la Plage",
                loginEmail = "hotel@plage.test",
                contacts = new[] { new { name = "Anne Martin", email = "hotel@plage.test", phone = "02 31 00 00 00", role = "Gérante" } },
                offers = new[] { new { offerId = "org-2", name = "Offre ORG 2", principal = true } },
            }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return staff.SendAsync(request);
    }
}
