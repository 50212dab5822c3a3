using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Tests.EventStore;

/// <summary>A real SQLite file in its own temporary folder, deleted on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monolith-eventstore-tests", Guid.NewGuid().ToString("N"));

    public TempDatabase()
    {
        Connections = new SqliteConnectionFactory(Path.Combine(_directory, "monolith.db"));
    }

    public SqliteConnectionFactory Connections { get; }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Connections.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(Connections.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
