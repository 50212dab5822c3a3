using Dapper;
using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Tests.Projections.Support;

/// <summary>A real SQLite file in its own temp folder (deleted on dispose) and a <see cref="SqliteEventStore"/> on it for the test's
/// own appends and reads (each <see cref="TestPlatform"/> gets its own store instance over the same file, like a process would).</summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monolith-proj-tests", Guid.NewGuid().ToString("N"));

    public TestDatabase()
    {
        Directory.CreateDirectory(_directory);
        Connections = new SqliteConnectionFactory(Path.Combine(_directory, "monolith.db"));
        Store = new SqliteEventStore(Connections, TimeProvider.System);
    }

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
