using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Host.Tests.Membership;

namespace Monolith.Host.Tests.Security;

/// <summary>H1: erasing a member erases the person whole — their portal account (a data subject of its own) included: they can no
/// longer sign in, their token stops, no table of the SQLite file (nor, on the server engine, of the PostgreSQL schema) holds their
/// e-mail in clear, and the outbox keeps no copy.</summary>
public sealed class ErasureTests(MembershipApp app) : IClassFixture<MembershipApp>
{
    [Fact]
    public async Task An_erased_member_cannot_sign_in_and_no_copy_of_their_e_mail_remains_in_the_database_or_the_outbox()
    {
        var (staff, officeId) = await app.NewOfficeAsync();
        var email = $"anne.martin.{TestIds.Letters()}@plage.test";
        var registered = await staff.PostAsJsonAsync("/api/membership/members", new
        {
            companyName = "Hôtel de la Plage",
            loginEmail = email,
            contacts = new[] { new { name = "Anne Martin", email, phone = "02 31 00 00 00", role = "Gérante" } },
            offers = new[] { new { offerId = "org-2", name = "Offre ORG 2", principal = true } },
        });
        registered.StatusCode.Should().Be(HttpStatusCode.Created);
        var memberId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("memberId").GetString()!;
        var member = await app.InviteAndSignInMemberAsync(staff, officeId, memberId, email);
        (await member.GetAsync("/api/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        app.Emails(officeId, email).Should().NotBeEmpty("the invitation was sent");

        var erased = await staff.PostAsync($"/api/office/personal-data/{memberId}/erasure", null);
        erased.StatusCode.Should().Be(HttpStatusCode.OK, await erased.Content.ReadAsStringAsync());

        (await member.GetAsync("/api/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the portal account is the same person");
        await app.CatchUpAsync();
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { tenant = officeId, email, password = TempHostApp.Password });
        login.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var members = await staff.GetStringAsync("/api/membership/members");
        members.Should().NotContain(email);

        var database = app.Get<SqliteConnectionFactory>();
        await using (var sqlite = new SqliteConnection(database.ConnectionString))
        {
            await sqlite.OpenAsync();
            (await CellsContainingAsync(sqlite, "SELECT name FROM sqlite_master WHERE type = 'table'", email)).Should().BeEmpty();
        }

        if (TempHostApp.RunsOnPostgreSql)
        {
            // The log, the keys and the portable modules' read models (Offices, Membership…) are in this app's schema on the server.
            await using var server = await app.OpenReadModelConnectionAsync();
            (await CellsContainingAsync(server, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()", email))
                .Should().BeEmpty();
        }

        (await RawFileContainsAsync(database, email)).Should().BeFalse(
            "secure_delete zeroes the freed bytes: no page of the file (nor its WAL) keeps the old row after a checkpoint");
        Directory.GetFiles(app.OutboxFolder(officeId), "*.eml").Select(File.ReadAllText)
            .Should().NotContain(text => text.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_e_mails_list_shows_the_members_address_until_the_member_is_erased()
    {
        var (staff, officeId) = await app.NewOfficeAsync();
        var email = $"paul.girard.{TestIds.Letters()}@plage.test";
        var registered = await staff.PostAsJsonAsync("/api/membership/members", new
        {
            companyName = "Camping des Pins",
            loginEmail = email,
            contacts = new[] { new { name = "Paul Girard", email, phone = "02 31 00 00 01", role = "Gérant" } },
            offers = new[] { new { offerId = "org-2", name = "Offre ORG 2", principal = true } },
        });
        registered.StatusCode.Should().Be(HttpStatusCode.Created);
        var memberId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("memberId").GetString()!;
        await app.InviteAndSignInMemberAsync(staff, officeId, memberId, email);
        await app.CatchUpAsync();

        var sent = await staff.GetFromJsonAsync<JsonElement>($"/api/billing/emails?to={Uri.EscapeDataString(email)}");
        sent.GetProperty("total").GetInt64().Should().BeGreaterThan(0, "the invitation was sent to the member");
        sent.GetProperty("items").EnumerateArray().Should().OnlyContain(m => m.GetProperty("recipientAddresses").EnumerateArray().Any(a => a.GetString() == email));
        (await staff.GetFromJsonAsync<JsonElement>($"/api/billing/emails?q={Uri.EscapeDataString(email[..20])}")).GetProperty("total").GetInt64()
            .Should().Be(sent.GetProperty("total").GetInt64(), "a clerk finds the e-mails by typing the address");

        (await staff.PostAsync($"/api/office/personal-data/{memberId}/erasure", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await app.CatchUpAsync();

        var after = await staff.GetFromJsonAsync<JsonElement>($"/api/billing/emails?to={Uri.EscapeDataString(email)}");
        after.GetProperty("total").GetInt64().Should().Be(sent.GetProperty("total").GetInt64(), "the e-mails stay listed (amounts of the log never change)");
        after.GetProperty("items").EnumerateArray().SelectMany(m => m.GetProperty("recipientAddresses").EnumerateArray()).Select(a => a.GetString())
            .Should().OnlyContain(a => a == "[effacé]");
        (await staff.GetFromJsonAsync<JsonElement>($"/api/billing/emails?q={Uri.EscapeDataString(email[..20])}")).GetProperty("total").GetInt64().Should().Be(0);
        (await staff.GetStringAsync("/api/billing/emails?format=csv")).Should().NotContain(email);
    }

    /// <summary>Checkpoints the WAL into the main file, then searches the raw bytes of the database file and its WAL (UTF-8 and the
    /// lower-case form the login index keeps) for <paramref name="needle"/>: a freed page or a stale WAL frame would hold it.</summary>
    private static async Task<bool> RawFileContainsAsync(SqliteConnectionFactory database, string needle)
    {
        // The host checkpoints the WAL in the background too (every 64 gated writes, ADR 0016): while one runs, TRUNCATE reports busy
        // (first column 1) without truncating; try again until it went through.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            await using var connection = await database.OpenAsync();
            if (await connection.ExecuteScalarAsync<long>("PRAGMA wal_checkpoint(TRUNCATE);") == 0)
            {
                break;
            }

            await Task.Delay(50);
        }

        var pattern = System.Text.Encoding.UTF8.GetBytes(needle.ToLowerInvariant());
        foreach (var path in new[] { database.DatabasePath, database.DatabasePath + "-wal" }.Where(File.Exists))
        {
            byte[] bytes;
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes);
            }

            if (bytes.AsSpan().IndexOf(pattern) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every text cell of every table (listed by <paramref name="tablesSql"/>) that contains <paramref name="needle"/>, as
    /// "table.column".</summary>
    private static async Task<IReadOnlyList<string>> CellsContainingAsync(System.Data.Common.DbConnection connection, string tablesSql, string needle)
    {
        var found = new List<string>();
        foreach (var table in (await connection.QueryAsync<string>(tablesSql)).ToList())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    var text = value switch
                    {
                        string s => s,
                        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
                        _ => null,
                    };
                    if (text?.Contains(needle, StringComparison.OrdinalIgnoreCase) == true)
                    {
                        found.Add($"{table}.{reader.GetName(i)}");
                    }
                }
            }
        }

        return found;
    }
}
