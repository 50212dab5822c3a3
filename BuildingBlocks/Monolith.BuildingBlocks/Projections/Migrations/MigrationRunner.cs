using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Projections.Migrations;

/// <summary>A module's read-model SQL scripts: embedded resources of <paramref name="Assembly"/> whose manifest name starts with
/// <paramref name="ResourcePrefix"/> and ends with ".sql" (e.g. prefix "Monolith.Modules.Bookings.Sql" for Sql/001_read_models.sql).</summary>
public sealed record ModuleMigrations(string Module, Assembly Assembly, string ResourcePrefix);

/// <summary>One script to apply: its name (the resource name after the prefix) and its SQL text.</summary>
public sealed record MigrationScript(string Module, string Script, string Sql)
{
    /// <summary>SHA-256 of the text with line endings normalised to LF (a CRLF checkout does not count as an edit).</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}

/// <summary>An applied script was edited: its checksum differs from the one recorded when it ran.</summary>
public sealed class MigrationChecksumMismatchException(string module, string script, string applied, string current)
    : Exception($"Migration '{module}/{script}' was already applied with checksum {applied}, but the script now has checksum {current}. " +
                "An applied script must never be edited: restore it and add a new script with the change.")
{
    public string Module { get; } = module;
    public string Script { get; } = script;
}

/// <summary>Applies per-module SQL scripts in name order (ordinal), each in its own write transaction together with its row in
/// <c>platform_schema_migrations(module, script, checksum, applied_at)</c>. Scripts already applied are checked first: a changed
/// checksum fails fast before anything new runs. Scripts must not contain BEGIN/COMMIT.</summary>
public static class MigrationRunner
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS platform_schema_migrations (
            module     TEXT NOT NULL,
            script     TEXT NOT NULL,
            checksum   TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            PRIMARY KEY (module, script)
        );
        """;

    /// <summary>Reads the embedded scripts of each module.</summary>
    public static IReadOnlyList<MigrationScript> LoadScripts(ModuleMigrations module)
    {
        var prefix = module.ResourcePrefix.TrimEnd('.') + ".";
        return module.Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = module.Assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return new MigrationScript(module.Module, n[prefix.Length..], reader.ReadToEnd());
            })
            .ToList();
    }

    /// <summary>Applies the embedded scripts of every module. Returns the scripts applied by this call.</summary>
    public static Task<IReadOnlyList<MigrationScript>> RunAsync(
        SqliteConnectionFactory connections,
        IEnumerable<ModuleMigrations> modules,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        CancellationToken ct = default) =>
        RunAsync(connections, modules.SelectMany(LoadScripts).ToList(), timeProvider, logger, ct);

    /// <summary>Applies the given scripts (grouped by module, each module's in name order) to the SQLite file.</summary>
    public static Task<IReadOnlyList<MigrationScript>> RunAsync(
        SqliteConnectionFactory connections,
        IReadOnlyList<MigrationScript> scripts,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        CancellationToken ct = default) =>
        RunAsync(new SqliteReadModelDatabase(connections), scripts, timeProvider, logger, ct);

    /// <summary>Applies the given scripts (grouped by module, each module's in name order) to <paramref name="database"/>. On
    /// PostgreSQL each script runs as <see cref="SqlDialect.ToPostgreSql"/> translates it (the checksum stays the script's own), under
    /// the schema-change advisory lock, so hosts starting together apply each script exactly once.</summary>
    public static async Task<IReadOnlyList<MigrationScript>> RunAsync(
        IReadModelDatabase database,
        IReadOnlyList<MigrationScript> scripts,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var clock = timeProvider ?? TimeProvider.System;
        var server = database.Engine == DatabaseEngine.PostgreSql;
        await using var connection = await database.OpenAsync(ct);
        await using (var tx = await BeginAsync(database, connection, ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(server ? SqlDialect.ToPostgreSql(Schema) : Schema, transaction: tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }

        var applied = (await connection.QueryAsync<(string Module, string Script, string Checksum)>(new CommandDefinition(
                "SELECT module, script, checksum FROM platform_schema_migrations", cancellationToken: ct)))
            .ToDictionary(r => (r.Module, r.Script), r => r.Checksum);

        var ordered = scripts.OrderBy(s => s.Module, StringComparer.Ordinal).ThenBy(s => s.Script, StringComparer.Ordinal).ToList();
        foreach (var script in ordered)
        {
            if (applied.TryGetValue((script.Module, script.Script), out var checksum) && checksum != script.Checksum)
            {
                throw new MigrationChecksumMismatchException(script.Module, script.Script, checksum, script.Checksum);
            }
        }

        var done = new List<MigrationScript>();
        foreach (var script in ordered.Where(s => !applied.ContainsKey((s.Module, s.Script))))
        {
            await using var tx = await BeginAsync(database, connection, ct);
            // Another process may have applied it since we looked: re-check under the write lock.
            var existing = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT checksum FROM platform_schema_migrations WHERE module = @Module AND script = @Script", script, tx, cancellationToken: ct));
            if (existing is not null)
            {
                if (existing != script.Checksum)
                {
                    throw new MigrationChecksumMismatchException(script.Module, script.Script, existing, script.Checksum);
                }

                continue;
            }

            try
            {
                await connection.ExecuteAsync(new CommandDefinition(server ? SqlDialect.ToPostgreSql(script.Sql) : script.Sql, transaction: tx, cancellationToken: ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidOperationException($"Migration '{script.Module}/{script.Script}' failed: {ex.Message}", ex);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO platform_schema_migrations (module, script, checksum, applied_at) VALUES (@module, @script, @checksum, @appliedAt)",
                new
                {
                    module = script.Module,
                    script = script.Script,
                    checksum = script.Checksum,
                    appliedAt = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                },
                tx,
                cancellationToken: ct));
            await tx.CommitAsync(ct);
            logger?.LogInformation("Applied migration {Module}/{Script}", script.Module, script.Script);
            done.Add(script);
        }

        return done;
    }

    /// <summary>A write transaction; on PostgreSQL it first takes the schema-change lock (released at its commit).</summary>
    private static async Task<System.Data.Common.DbTransaction> BeginAsync(IReadModelDatabase database, System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        var tx = await database.BeginWriteAsync(connection, ct);
        if (database.Engine == DatabaseEngine.PostgreSql)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(@lockClass, hashtext(current_schema()))", new { lockClass = PostgreSqlLocks.SchemaChange }, tx, cancellationToken: ct));
        }

        return tx;
    }
}
