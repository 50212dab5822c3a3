using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Testing;

namespace Monolith.Host.Tests.Billing;

/// <summary>The start-up check (ADR 0021): a host that starts on a log that went backwards raises the alarm. The test edits the database
/// between two starts of the host: the SQLite file kept in a shared data folder, or (with <c>MONOLITH_TEST_ENGINE=postgresql</c>) a
/// PostgreSQL schema kept by the test.</summary>
public sealed class LogRegressionTests
{
    private static readonly BillingCustomer Customer = new(
        "club-7", CustomerKind.Business, "Club de voile", new BillingAddress("Port", "66000", "Perpignan"), VatNumber: "FR44732829320");

    private static Task<HttpResponseMessage> Issue(HttpClient staff, string reference) =>
        staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest("bookings", reference, Customer, [new InvoiceLineRequest("Visite", 1, 1000, VatRate.Standard)]));

    /// <summary>Opens the database that holds the event log: the SQLite file in <paramref name="folder"/>, or the kept schema.</summary>
    private static async Task<System.Data.Common.DbConnection> OpenLogAsync(string folder, TempPostgreSqlSchema? schema)
    {
        if (schema is not null)
        {
            return await schema.Connections.OpenAsync();
        }

        var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "monolith.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Deleting_the_newest_event_between_two_starts_raises_the_alarm_and_no_invoice_number_is_reused()
    {
        var folder = Path.Combine(Path.GetTempPath(), "monolith-regression-tests", Guid.NewGuid().ToString("N"));
        await using var schema = TempHostApp.RunsOnPostgreSql ? new TempPostgreSqlSchema() : null;
        try
        {
            string lastNumber;
            await using (var first = new BillingApp { SharedDataFolder = folder, SharedPostgreSqlSchema = schema })
            {
                var staff = await first.ClientAsync("port-a", Roles.OfficeStaff);
                (await Issue(staff, "r-1")).EnsureSuccessStatusCode();
                var second = await Issue(staff, "r-2");
                second.StatusCode.Should().Be(HttpStatusCode.Created);
                lastNumber = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
                (await first.Services.GetRequiredService<IProjectionAdmin>().WaitForCatchUpAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
                (await (await first.ClientAsync("port-a", Roles.Accountant)).GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            await using (var connection = await OpenLogAsync(folder, schema))
            {
                await using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM platform_events WHERE position = (SELECT MAX(position) FROM platform_events)";
                (await delete.ExecuteNonQueryAsync()).Should().Be(1);
            }

            await using var restarted = new BillingApp { SharedDataFolder = folder, SharedPostgreSqlSchema = schema };
            var client = await restarted.ClientAsync("port-a", Roles.OfficeStaff);
            (await restarted.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

            var refused = await Issue(client, "r-3");
            var body = await refused.Content.ReadAsStringAsync();
            refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
            body.Should().Contain("journal des événements est revenu en arrière");
            lastNumber.Should().Be("2026/00002");
            body.Should().NotContain("2026/00002");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Deletes the events from the last numbered document on (the document event itself, not only the fact published after it
    /// in the same append) and puts every checkpoint back to the new head, as a restore of the
    /// whole database from an older backup would: only the direct comparison of the numbering state with the log can see it. Returns the
    /// new head. On PostgreSQL the checkpoints are in three places: the shared projection checkpoints and reactor positions in the
    /// schema, and each host's own reactor checkpoints in its SQLite file.</summary>
    private static async Task<long> RestoreOlderLogAsync(string folder, TempPostgreSqlSchema? schema)
    {
        long head;
        await using (var connection = await OpenLogAsync(folder, schema))
        {
            await ExecuteAsync(connection, "DELETE FROM platform_events WHERE position >= (SELECT MAX(position) FROM platform_events WHERE stream_id LIKE 'billing-numbering:%' AND type NOT LIKE '%.published-%')");
            head = Convert.ToInt64(await ExecuteAsync(connection, "SELECT MAX(position) FROM platform_events"), System.Globalization.CultureInfo.InvariantCulture);
            var rewind = $"UPDATE platform_projection_checkpoints SET position = {head} WHERE position > {head}";
            await ExecuteAsync(connection, rewind);
            if (schema is not null)
            {
                await ExecuteAsync(connection, $"UPDATE platform_subscriber_positions SET position = {head} WHERE position > {head}");
                await using var local = new SqliteConnection($"Data Source={Path.Combine(folder, "monolith.db")};Pooling=False");
                await local.OpenAsync();
                await ExecuteAsync(local, rewind);
            }
        }

        return head;
    }

    [Fact]
    public async Task A_log_behind_the_numbering_state_raises_the_alarm_even_with_checkpoints_reset_and_AcceptedLogHead_accepts_only_that_head()
    {
        var folder = Path.Combine(Path.GetTempPath(), "monolith-regression-tests", Guid.NewGuid().ToString("N"));
        await using var schema = TempHostApp.RunsOnPostgreSql ? new TempPostgreSqlSchema() : null;
        try
        {
            await using (var first = new BillingApp { SharedDataFolder = folder, SharedPostgreSqlSchema = schema })
            {
                var staff = await first.ClientAsync("port-a", Roles.OfficeStaff);
                (await Issue(staff, "r-1")).EnsureSuccessStatusCode();
                (await Issue(staff, "r-2")).StatusCode.Should().Be(HttpStatusCode.Created);
                (await first.Services.GetRequiredService<IProjectionAdmin>().WaitForCatchUpAsync(TimeSpan.FromSeconds(30), includeReactors: true)).Should().BeTrue();
            }

            var head = await RestoreOlderLogAsync(folder, schema);

            await using (var restarted = new BillingApp { SharedDataFolder = folder, SharedPostgreSqlSchema = schema })
            {
                (await restarted.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
                restarted.Services.GetRequiredService<Monolith.BuildingBlocks.EventStore.LogIntegrity>().Alarm.Should()
                    .Contain("2026/00002").And.Contain("numérotation du journal", "the numbering state is compared with the log directly");
            }

            await using (var wrongHead = new BillingApp { SharedDataFolder = folder, SharedPostgreSqlSchema = schema, Settings = { ["Audit:AcceptedLogHead"] = (head + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) } })
            {
                (await wrongHead.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "another head is not accepted");
            }

            await using var accepted = new BillingApp { SharedDataFolder = folder, SharedPostgreSqlSchema = schema, Settings = { ["Audit:AcceptedLogHead"] = head.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
            (await accepted.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK, "the operator accepted this restored log");
            var client = await accepted.ClientAsync("port-a", Roles.OfficeStaff);
            (await Issue(client, "r-3")).StatusCode.Should().Be(HttpStatusCode.Created, "writes go on once the restored log is accepted");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
