using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Host.Tests;

/// <summary>The real host with its real modules on a data folder of its own (deleted after), no demo office, and office
/// provisioning enabled with <see cref="ProvisioningKey"/>. Each module's test app adds its own settings and helpers.
/// With <c>MONOLITH_TEST_ENGINE=postgresql</c> (and <c>MONOLITH_TEST_POSTGRES</c>), the host runs on the PostgreSQL engine in a
/// schema of its own (dropped after): that is how CI runs the host tests a second time on the server engine.</summary>
public abstract partial class TempHostApp : WebApplicationFactory<Program>
{
    public const string ProvisioningKey = "test-provisioning-key";
    public const string Password = "Correct horse battery staple 42";

    private string? _connectionString;
    private Monolith.Testing.TempPostgreSqlSchema? _postgreSql;

    protected TempHostApp(string name) =>
        DataFolderPath = Path.Combine(Path.GetTempPath(), $"monolith-{name}-tests", Guid.NewGuid().ToString("N"));

    public string DataFolderPath { get; }

    /// <summary>On the PostgreSQL engine, a schema kept by the test (not dropped with the app), so a second host can start on the same
    /// database, as a data folder kept by the test does on SQLite. Ignored on SQLite.</summary>
    public Monolith.Testing.TempPostgreSqlSchema? SharedPostgreSqlSchema { get; init; }

    /// <summary>True when this run of the host tests targets the PostgreSQL engine (see the class remarks).</summary>
    public static bool RunsOnPostgreSql =>
        string.Equals(Environment.GetEnvironmentVariable("MONOLITH_TEST_ENGINE"), "postgresql", StringComparison.OrdinalIgnoreCase)
        && Monolith.Testing.PostgreSqlTestServer.ConnectionString is not null;

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DataFolder.ConfigurationKey, DataFolderPath);
        builder.UseSetting("Bootstrap:DemoOffice", "false");
        builder.UseSetting("Platform:ProvisioningKey", ProvisioningKey);

        // No wall-clock scheduler: the tests run the jobs they mean (JobRunner, RunNowAsync). A running Hangfire server would fire every
        // recurring job a few seconds after start — their first run is computed from the test's clock, long before the real one — in the
        // middle of the test and with its clock (a closure of days the test is still writing, PDFs printed for nobody). A derived app
        // that needs the server sets Scheduler:AutoStart back to true.
        builder.UseSetting("Scheduler:AutoStart", "false");
        if (RunsOnPostgreSql)
        {
            var schema = SharedPostgreSqlSchema ?? (_postgreSql ??= new Monolith.Testing.TempPostgreSqlSchema());
            builder.UseSetting(DatabaseSettings.EngineKey, "postgresql");
            builder.UseSetting(DatabaseSettings.PostgreSqlConnectionStringKey, schema.ConnectionString);
        }

        ConfigureHost(builder);
    }

    /// <summary>Creates an office through the provisioning endpoint with a new id starting with <paramref name="idPrefix"/>; its
    /// administrator is <c>admin@{officeId}.test</c> with <see cref="Password"/>.</summary>
    public async Task<(string OfficeId, string AdminId)> ProvisionOfficeAsync(string idPrefix, string? name = null, string adminName = "Admin")
    {
        // Letters only after the prefix: a GUID's hex can hold 13+ digits in a row that pass the Luhn check, and the card-number guard
        // rightly refuses such an id (and the admin e-mail made from it) — it made about one CI run in twenty fail with a 400.
        var officeId = $"{idPrefix}-{TestIds.Letters()}"[..20];
        var anonymous = CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Provisioning-Key", ProvisioningKey);
        var response = await anonymous.PostAsJsonAsync("/api/platform/offices", new
        {
            officeId,
            name = name ?? "Office de tourisme " + officeId,
            adminEmail = AdminEmail(officeId),
            adminName,
            adminPassword = Password,
        });
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Provisioning office {officeId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var adminId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adminUserId").GetString()!;
        return (officeId, adminId);
    }

    /// <summary>An open connection to the database that holds the event log (<c>platform_events</c>) on the engine this run uses:
    /// the SQLite file, or this app's PostgreSQL schema. For tests that look at, or tamper with, stored events.</summary>
    public async Task<System.Data.Common.DbConnection> OpenEventLogConnectionAsync()
    {
        if (RunsOnPostgreSql)
        {
            return await Services.GetRequiredService<PostgreSqlConnectionFactory>().OpenAsync();
        }

        return await Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
    }

    /// <summary>An open connection to the database that holds the read models of the modules with portable read models
    /// (<c>PortableReadModels()</c>): the SQLite file, or this app's PostgreSQL schema.</summary>
    public Task<System.Data.Common.DbConnection> OpenReadModelConnectionAsync() =>
        Services.GetRequiredService<IReadModelDatabase>().OpenAsync();

    public static string AdminEmail(string officeId) => $"admin@{officeId}.test";

    /// <summary>A client signed in as that user, once the read models (where sign-in looks users up) have caught up.</summary>
    public async Task<HttpClient> SignInAsync(string officeId, string email, string password)
    {
        await CatchUpAsync();
        var client = CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { tenant = officeId, email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits until every projection has applied what is in the log now.</summary>
    public virtual async Task CatchUpAsync()
    {
        var caughtUp = await Services.GetRequiredService<IProjectionAdmin>().WaitForCatchUpAsync(EventuallyTimeout);
        caughtUp.Should().BeTrue("projections should catch up");
    }

    /// <summary>How long <see cref="EventuallyAsync{T}"/> waits by default: generous, CI runs on two busy cores.</summary>
    public static readonly TimeSpan EventuallyTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Polls (never a fixed sleep) until <paramref name="condition"/> holds for what <paramref name="read"/> returns, up to
    /// <paramref name="within"/> (default <see cref="EventuallyTimeout"/>); then fails with <paramref name="because"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string because, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (within ?? EventuallyTimeout);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting: {because}");
            }

            await Task.Yield();
            await Task.Delay(50); // poll interval only: the loop ends on the condition or the deadline
        }
    }

    /// <summary>Polls until <paramref name="condition"/> is true (see <see cref="EventuallyAsync{T}"/>).</summary>
    public static Task EventuallyAsync(Func<bool> condition, string because, TimeSpan? within = null) =>
        EventuallyAsync(() => Task.FromResult(condition()), done => done, because, within);

    /// <summary>The office's outbox folder (the .eml files the e-mail sender writes in tests).</summary>
    public string OutboxFolder(string officeId) => Path.Combine(Services.GetRequiredService<EmailOptions>().OutboxFolder, officeId);

    /// <summary>The paths of every e-mail in the office's outbox.</summary>
    public IReadOnlyList<string> OutboxFiles(string officeId)
    {
        var folder = OutboxFolder(officeId);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [];
    }

    /// <summary>The raw text of every e-mail in the office's outbox.</summary>
    public IReadOnlyList<string> OutboxMessages(string officeId) => [.. OutboxFiles(officeId).Select(File.ReadAllText)];

    /// <summary>The outbox file of the e-mail with this business key: its name is the notification stream id (<c>:</c> written as
    /// <c>.</c>) at the message-id domain.</summary>
    public string OutboxFile(string officeId, string businessKey)
    {
        var options = Services.GetRequiredService<EmailOptions>();
        return Path.Combine(options.OutboxFolder, officeId, $"{Notifier.StreamIdFor(officeId, businessKey).Replace(':', '.')}@{options.MessageIdDomain}.eml");
    }

    /// <summary>Whether the e-mail with this business key is in the office's outbox.</summary>
    public bool Sent(string officeId, string businessKey) => File.Exists(OutboxFile(officeId, businessKey));

    /// <summary>The decoded text of the e-mail with this business key (see <see cref="DecodeMail"/>).</summary>
    public string Mail(string officeId, string businessKey) => DecodeMail(File.ReadAllText(OutboxFile(officeId, businessKey)));

    /// <summary>The decoded text of every e-mail in the office's outbox addressed to <paramref name="to"/>.</summary>
    public IReadOnlyList<string> Emails(string officeId, string to) =>
        [.. OutboxMessages(officeId)
            .Where(raw => raw.Contains($"To: {to}", StringComparison.OrdinalIgnoreCase) || raw.Contains($"<{to}>", StringComparison.OrdinalIgnoreCase))
            .Select(DecodeMail)];

    /// <summary>The message parsed by MimeKit, as searchable text: headers, then every text part decoded.</summary>
    public static string DecodeMail(string raw) => Monolith.Testing.OutboxMail.Decode(raw);

    /// <summary>Settings and test services of the derived app.</summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder)
    {
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _connectionString = host.Services.GetRequiredService<SqliteConnectionFactory>().ConnectionString;
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDataFolder();
        if (_postgreSql is not null)
        {
            await _postgreSql.DisposeAsync();
            _postgreSql = null;
        }

        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteDataFolder();
            _postgreSql?.Dispose();
            _postgreSql = null;
        }
    }

    private void DeleteDataFolder()
    {
        if (_connectionString is not null)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }

        if (Directory.Exists(DataFolderPath))
        {
            Directory.Delete(DataFolderPath, recursive: true);
        }
    }
}
