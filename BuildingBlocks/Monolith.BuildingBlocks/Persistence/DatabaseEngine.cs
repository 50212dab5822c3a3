using Microsoft.Extensions.Configuration;

namespace Monolith.BuildingBlocks.Persistence;

public enum DatabaseEngine
{
    /// <summary>The embedded default: one SQLite file in the data folder.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by one or several hosts.</summary>
    PostgreSql,
}

/// <summary>Which engine holds the event log and the data-subject keys: configuration only.
/// <c>Data:Engine</c> = <c>sqlite</c> (default) or <c>postgresql</c>; the server is named by <c>ConnectionStrings:Monolith</c>
/// or <c>Data:PostgreSql:ConnectionString</c> (an Npgsql connection string; <c>Search Path</c> picks the schema).</summary>
public sealed record DatabaseSettings(DatabaseEngine Engine, string? PostgreSqlConnectionString)
{
    public const string EngineKey = "Data:Engine";
    public const string ConnectionStringName = "Monolith";
    public const string PostgreSqlConnectionStringKey = "Data:PostgreSql:ConnectionString";

    public static DatabaseSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var engine = configuration[EngineKey]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sqlite" => DatabaseEngine.Sqlite,
            "postgresql" or "postgres" or "pg" => DatabaseEngine.PostgreSql,
            var other => throw new InvalidOperationException($"{EngineKey} is '{other}': use 'sqlite' (default) or 'postgresql'."),
        };
        var connectionString = configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } named
            ? named
            : configuration[PostgreSqlConnectionStringKey];
        if (engine == DatabaseEngine.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{EngineKey}=postgresql needs a connection string: ConnectionStrings:{ConnectionStringName} or {PostgreSqlConnectionStringKey} " +
                "(e.g. Host=db;Username=monolith;Password=…;Database=monolith).");
        }

        return new DatabaseSettings(engine, string.IsNullOrWhiteSpace(connectionString) ? null : connectionString);
    }
}
