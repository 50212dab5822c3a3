using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.PostgreSql;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Testing;

namespace Monolith.Host.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlEngineTests : IAsyncLifetime
{
    private readonly TempPostgreSqlSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task Configuration_alone_puts_the_event_log_and_the_subject_keys_on_postgresql()
    {
        await using var app = new PostgreSqlHostApp(_schema);
        var (officeId, _) = await app.ProvisionOfficeAsync("pg");
        var admin = await app.SignInAsync(officeId, TempHostApp.AdminEmail(officeId), TempHostApp.Password);

        app.Get<IEventStore>().Should().BeOfType<PostgreSqlEventStore>();
        app.Get<IDataSubjectKeyStore>().Should().BeOfType<PostgreSqlDataSubjectKeyStore>();
        await using var connection = await _schema.Connections.OpenAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM platform_events WHERE tenant_id = @officeId", new { officeId }))
            .Should().BeGreaterThan(0);
        await using (var sqlite = await app.Get<SqliteConnectionFactory>().OpenAsync())
        {
            (await sqlite.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE name = 'platform_events'"))
                .Should().Be(0, "the SQLite file holds no event log on this engine");
        }

        var me = await admin.GetAsync("/api/office/users");
        me.StatusCode.Should().Be(HttpStatusCode.OK, await me.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_connection_string_stops_the_host_with_a_clear_message()
    {
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [DatabaseSettings.EngineKey] = "postgresql" })
            .Build();

        var act = () => DatabaseSettings.FromConfiguration(settings);

        act.Should().Throw<InvalidOperationException>().WithMessage("*ConnectionStrings:Monolith*");
    }
}
