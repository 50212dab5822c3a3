using Npgsql;

namespace Monolith.BuildingBlocks.Persistence;

/// <summary>Runs DDL on PostgreSQL under the schema-change advisory lock, so two hosts starting together do not race on
/// <c>CREATE TABLE IF NOT EXISTS</c> (which can fail with a unique violation in the catalog when run concurrently).</summary>
public static class PostgreSqlSchema
{
    public static async Task ApplyAsync(PostgreSqlConnectionFactory connections, string sql, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connections);
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@class, hashtext(current_schema()))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("class", PostgreSqlLocks.SchemaChange);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }
}
