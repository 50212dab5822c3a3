using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Contracts;
using Monolith.Testing;

namespace Monolith.Host.Tests.PostgreSql;

/// <summary>Two hosts, one PostgreSQL database: commands on both, optimistic concurrency across them, each reactor active on one
/// host at a time, e-mails never duplicated, and when one host dies the other takes its reactors over and loses nothing.</summary>
[RequiresPostgreSql]
public sealed class TwoHostsTests : IAsyncLifetime
{
    private static readonly object Legal = new
    {
        legalName = "Office de Tourisme de Quiberon",
        legalForm = "EPIC",
        siren = "732829320",
        siret = "73282932000074",
        vatNumber = "FR 44 732829320",
        address = new { street = "14 rue de Verdun", postalCode = "56170", city = "Quiberon" },
        bank = new { accountHolder = "OT Quiberon", iban = "FR76 3000 6000 0112 3456 7890 189", bic = "AGRIFRPP" },
    };

    private static readonly BillingCustomer Customer = new(
        "berth-9", CustomerKind.Consumer, "Marie Martin", new BillingAddress("2 quai Nord", "56170", "Quiberon"), "marie@example.fr");

    private readonly TempPostgreSqlSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task Two_hosts_share_the_log_one_runs_each_reactor_and_the_survivor_takes_over_without_duplicates_or_losses()
    {
        await using var hostA = new PostgreSqlHostApp(_schema, "host-a");
        await using var hostB = new PostgreSqlHostApp(_schema, "host-b");
        var (officeId, _) = await hostA.ProvisionOfficeAsync("qb");
        var onA = await hostA.SignInAsync(officeId, TempHostApp.AdminEmail(officeId), TempHostApp.Password);

        // A token issued by host A opens host B (one key ring in the database), once B's read models have caught up from the log.
        _ = hostB.CreateClient();
        await hostB.CatchUpAsync();
        var onB = hostB.CreateClient();
        onB.DefaultRequestHeaders.Authorization = onA.DefaultRequestHeaders.Authorization;
        (await onB.GetAsync("/api/office")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Optimistic concurrency holds across hosts: both update revision 0, exactly one wins.
        var updates = await Task.WhenAll(
            Send(onA, HttpMethod.Put, "/api/office/legal-identity", Legal, "\"0\""),
            Send(onB, HttpMethod.Put, "/api/office/legal-identity", Legal, "\"0\""));
        updates.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed]);

        // Each reactor, and each projection whose rows are on the server, is active on exactly one host.
        var reactors = hostA.Services.GetServices<IReactor>().Count() + hostA.Get<ReadModelPlacement>().OnServer.Count;
        await WaitUntilAsync(async () => await HeldLeasesAsync() == reactors, "every reactor's lease is held");
        await hostA.CatchUpAsync();
        await hostB.CatchUpAsync();

        // Traffic at both hosts: invoices to be e-mailed by the billing reactor, wherever it runs.
        var invoices = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            invoices.Add(await IssueAsync(i % 2 == 0 ? hostA : hostB, officeId, $"c-{i}"));
        }

        // Host A dies: the database cuts its sessions (its leases go with them), then the process stops.
        await using (var admin = await _schema.Connections.OpenAsync())
        {
            await admin.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'host-a'");
        }

        await hostA.DisposeAsync();
        for (var i = 4; i < 6; i++)
        {
            invoices.Add(await IssueAsync(hostB, officeId, $"c-{i}"));
        }

        // Host B holds every lease now and sends what was left: each invoice e-mailed exactly once, nothing lost.
        await WaitUntilAsync(async () => (await SentKeysAsync(hostB, officeId)).Count >= invoices.Count, "every invoice is e-mailed", async () =>
            $"sent: {string.Join(", ", await SentKeysAsync(hostB, officeId))}; leases held: {await HeldLeasesAsync()}; statuses: " +
            string.Join("; ", (await hostB.Get<IProjectionAdmin>().GetStatusesAsync()).Select(s => $"{s.Name} {s.Status} {s.Position}/{s.Head} {s.Error}")));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a duplicate, if any, would come right after
        (await SentKeysAsync(hostB, officeId)).Should().BeEquivalentTo(invoices.Select(id => $"billing/invoice-{id}/sent"));
        (await HeldLeasesAsync()).Should().Be(reactors);
        var log = await hostB.Get<IEventStore>().ReadAllAsync(0, 100_000);
        log.Select(e => e.Position).Should().Equal(Enumerable.Range(1, log.Count).Select(i => (long)i));
        (await hostB.Get<IEventStore>().VerifyChainAsync()).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task A_read_model_written_through_one_host_is_read_on_the_other_from_the_one_copy_on_the_server()
    {
        await using var hostA = new PostgreSqlHostApp(_schema, "host-a");
        await using var hostB = new PostgreSqlHostApp(_schema, "host-b");
        var (officeId, _) = await hostA.ProvisionOfficeAsync("rm");
        var onA = await hostA.SignInAsync(officeId, TempHostApp.AdminEmail(officeId), TempHostApp.Password);
        _ = hostB.CreateClient();
        var onB = hostB.CreateClient();
        onB.DefaultRequestHeaders.Authorization = onA.DefaultRequestHeaders.Authorization;

        // Offices: a user added through host A is listed by host B.
        var user = new { email = "claire@rm.test", displayName = "Claire", roles = new[] { "accountant" }, password = TempHostApp.Password };
        (await onA.PostAsJsonAsync("/api/office/users", user)).StatusCode.Should().Be(HttpStatusCode.Created);
        await TempHostApp.EventuallyAsync(() => onB.GetStringAsync("/api/office/users"), body => body.Contains("claire@rm.test"),
            "host B lists the user added through host A");

        // One copy, projected by one host: every server projection's lease is held once, and no host keeps these tables locally.
        var placement = hostA.Get<ReadModelPlacement>();
        placement.OnServer.Should().Contain(["offices.users", "offices.directory"]);
        var leases = hostA.Services.GetServices<IReactor>().Count() + placement.OnServer.Count;
        await WaitUntilAsync(async () => await HeldLeasesAsync() == leases, "every projection's and reactor's lease is held once");
        foreach (var host in new[] { hostA, hostB })
        {
            await using var sqlite = await host.Get<SqliteConnectionFactory>().OpenAsync();
            (await sqlite.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE name IN ('offices_users', 'offices_offices')"))
                .Should().Be(0, "these read models live on the server only");
        }
    }

    private static async Task<string> IssueAsync(PostgreSqlHostApp host, string officeId, string reference)
    {
        await host.CatchUpAsync();
        var issued = await host.Services.GetRequiredService<IBillingService>().IssueInvoiceAsync(officeId, new IssueInvoiceRequest(
            "marina", reference, Customer, [new InvoiceLineRequest("Contrat annuel", 1, 152000, Monolith.BuildingBlocks.Money.VatRate.Standard)],
            EmailToCustomer: true));
        return issued.InvoiceId;
    }

    private static async Task<List<string>> SentKeysAsync(TempHostApp host, string tenant)
    {
        var all = await host.Services.GetRequiredService<IEventStore>().ReadAllAsync(0, 100_000);
        return [.. all.Where(e => e.Type == "notifications.email-sent" && e.Metadata.TenantId == tenant)
            .Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("businessKey").GetString()!)];
    }

    private async Task<long> HeldLeasesAsync()
    {
        await using var connection = await _schema.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = @lockClass::oid AND l.objsubid = 2 AND a.application_name IN ('host-a', 'host-b')
            """,
            new { lockClass = (long)PostgreSqlLocks.SubscriberLease });
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? state = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited in vain until {what}. {(state is null ? "" : await state())}");
            }

            await Task.Delay(100);
        }
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        request.Headers.Authorization = client.DefaultRequestHeaders.Authorization ?? new AuthenticationHeaderValue("Bearer", "none");
        return client.SendAsync(request);
    }
}
