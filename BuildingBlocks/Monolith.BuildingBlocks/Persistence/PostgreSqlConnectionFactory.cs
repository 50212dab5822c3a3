using Npgsql;

namespace Monolith.BuildingBlocks.Persistence;

/// <summary>Opens pooled connections to the PostgreSQL database that holds the platform's tables (events, subject keys, and, as modules
/// move over, checkpoints and read models). Tables are unqualified: they live in the first schema of the connection string's
/// <c>Search Path</c> (default <c>public</c>), so several isolated installations (or tests) can share one database.</summary>
public sealed class PostgreSqlConnectionFactory : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlConnectionFactory(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Schema = string.IsNullOrWhiteSpace(builder.SearchPath) ? "public" : builder.SearchPath.Split(',')[0].Trim().Trim('"');
        Identity = $"{builder.Host}:{builder.Port}/{builder.Database}/{Schema}";
        ConnectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    /// <summary>The schema the platform's tables live in.</summary>
    public string Schema { get; }

    /// <summary>host:port/database/schema: one installation's identity (keys in-process signals, never sent to the server).</summary>
    public string Identity { get; }

    public NpgsqlDataSource DataSource => _dataSource;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct = default) => await _dataSource.OpenConnectionAsync(ct);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}

/// <summary>The advisory-lock classes the platform takes on PostgreSQL (the two-key form <c>pg_advisory_*lock(class, key)</c>),
/// so they never collide with each other or with another application's single-key locks. The key is
/// <c>hashtext(current_schema())</c> for schema-wide locks or <c>hashtext(name)</c> for a named one.</summary>
public static class PostgreSqlLocks
{
    /// <summary>Held by every event append until its commit: positions are assigned, and become visible, in commit order.</summary>
    public const int EventAppend = 0x4D4E_0001;

    /// <summary>Held while creating or migrating tables (CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin).</summary>
    public const int SchemaChange = 0x4D4E_0002;

    /// <summary>Session lock a host holds while it runs a projection or reactor: exactly one host runs each subscriber.</summary>
    public const int SubscriberLease = 0x4D4E_0003;
}
