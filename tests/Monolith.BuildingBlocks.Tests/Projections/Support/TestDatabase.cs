using Dapper;
using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Tests.Projections.Support;

/// <summary>A real SQLite file in its own temp folder (deleted on dispose) and a <see cref="SqliteEventStore"/> on it for the test's
/// own appends and reads (each <see cref="TestPlatform"/> gets its own store instance over the same file, like a process would).
/// With <c>MONOLITH_TEST_ENGINE=postgresql</c> (and <c>MONOLITH_TEST_POSTGRES</c>) the event log is on PostgreSQL, in a schema of
/// its own, while read models and checkpoints stay in the SQLite file — how a host runs on the server engine; CI runs the projection
/// tests a second time that way.</summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monolith-proj-tests", Guid.NewGuid().ToString("N"));

    public TestDatabase()
    {
        Directory.CreateDirectory(_directory);
        Connections = new SqliteConnectionFactory(Path.Combine(_directory, "monolith.db"));
        if (string.Equals(Environment.GetEnvironmentVariable("MONOLITH_TEST_ENGINE"), "postgresql", StringComparison.OrdinalIgnoreCase)
            && Monolith.Testing.PostgreSqlTestServer.ConnectionString is not null)
        {
            PostgreSql = new Monolith.Testing.TempPostgreSqlSchema();
        }

        Store = NewStore();
    }

    /// <summary>The schema holding the event log when the run targets PostgreSQL; null on SQLite.</summary>
    public Monolith.Testing.TempPostgreSqlSchema? PostgreSql { get; }

    /// <summary>A new store instance over this test's event log (as another process would open it).</summary>
    public IEventStore NewStore() => PostgreSql is null
        ? new SqliteEventStore(Connections, TimeProvider.System)
        : new Monolith.BuildingBlocks.EventStore.PostgreSql.PostgreSqlEventStore(PostgreSql.Connections, TimeProvider.System);

    public SqliteConnectionFactory Connections { get; }

    public IEventStore Store { get; }

    public async Task<AppendResult> AppendAsync(string streamId, string type, object data, Guid? eventId = null) =>
        await Store.AppendAsync(
            streamId,
            ExpectedRevision.Any,
            [new EventData(eventId ?? Guid.NewGuid(), type, System.Text.Json.JsonSerializer.Serialize(data), new EventMetadata("office-1"))]);

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = await Connections.OpenAsync();
        return (await connection.QueryAsync<T>(sql, args)).ToList();
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("null scalar");
    }

    public void Dispose()
    {
        PostgreSql?.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder does not fail a test
        }
    }
}
