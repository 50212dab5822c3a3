using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace Monolith.BuildingBlocks.Persistence;

/// <summary>The database a module's read models, their projection checkpoints and their migrations live in: the seam between the
/// modules' Dapper SQL and the engine. One interface, one implementation per engine (<see cref="SqliteReadModelDatabase"/>,
/// <see cref="PostgreSqlReadModelDatabase"/>). A module that opts in (<c>m.PortableReadModels()</c>) injects it instead of
/// <see cref="SqliteConnectionFactory"/> and writes portable SQL (ADR 0023): its read models then follow <c>Data:Engine</c>.</summary>
public interface IReadModelDatabase
{
    DatabaseEngine Engine { get; }

    /// <summary>An open connection (pooled). Dapper works on it unchanged.</summary>
    Task<DbConnection> OpenAsync(CancellationToken ct = default);

    /// <summary>SQLite: the file's in-process write gate (see <see cref="SqliteConnectionFactory.EnterWriteAsync"/>); PostgreSQL:
    /// nothing to wait for (row locks order writers).</summary>
    ValueTask<IDisposable> EnterWriteAsync(CancellationToken ct = default);

    /// <summary>A write transaction: <c>BEGIN IMMEDIATE</c> on SQLite, READ COMMITTED on PostgreSQL.</summary>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct = default);
}

/// <summary>Read models in the embedded SQLite file (the default engine).</summary>
public sealed class SqliteReadModelDatabase(SqliteConnectionFactory connections) : IReadModelDatabase
{
    public SqliteConnectionFactory Connections { get; } = connections;

    public DatabaseEngine Engine => DatabaseEngine.Sqlite;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default) => await Connections.OpenAsync(ct);

    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken ct = default) => Connections.EnterWriteAsync(ct);

    public Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct = default) =>
        Task.FromResult<DbTransaction>(((Microsoft.Data.Sqlite.SqliteConnection)connection).BeginWrite());
}

/// <summary>Read models on the PostgreSQL server, shared by every host (each projection runs on one host at a time, under a lease).</summary>
public sealed class PostgreSqlReadModelDatabase(PostgreSqlConnectionFactory connections) : IReadModelDatabase
{
    public PostgreSqlConnectionFactory Connections { get; } = connections;

    public DatabaseEngine Engine => DatabaseEngine.PostgreSql;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default) => await Connections.OpenAsync(ct);

    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken ct = default) => ValueTask.FromResult<IDisposable>(NoGate.Instance);

    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct = default) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    private sealed class NoGate : IDisposable
    {
        public static readonly NoGate Instance = new();

        public void Dispose()
        {
        }
    }
}

/// <summary>The few differences between the engines the read-model SQL has to know about. Everything else is written once, portable:
/// <c>INSERT … ON CONFLICT (…) DO UPDATE/NOTHING</c>, dates and instants as ISO-8601 text, money as integer cents, no engine
/// functions (<c>CASE WHEN</c> instead of SQLite's two-argument <c>MAX</c>, <c>CAST(SUM(x) AS BIGINT)</c> where a sum is read as
/// a <c>long</c>).</summary>
public static partial class SqlDialect
{
    /// <summary>The DDL of a portable migration script as PostgreSQL runs it: SQLite's type names become PostgreSQL's
    /// (<c>INTEGER</c> → <c>BIGINT</c>, 64-bit like SQLite's, so cents and counts read back as <c>long</c>; <c>REAL</c> →
    /// <c>DOUBLE PRECISION</c>; <c>BLOB</c> → <c>BYTEA</c>). Scripts keep SQLite's spelling, so applied SQLite scripts and their
    /// checksums never change.</summary>
    public static string ToPostgreSql(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var translated = IntegerType().Replace(sql, "BIGINT");
        translated = RealType().Replace(translated, "DOUBLE PRECISION");
        return BlobType().Replace(translated, "BYTEA");
    }

    /// <summary>" FOR UPDATE" on PostgreSQL (lock the rows read, for a read-then-write in READ COMMITTED); nothing on SQLite, whose
    /// write transaction already holds the database's one write lock.</summary>
    public static string ForUpdate(DbConnection connection) => connection is NpgsqlConnection ? " FOR UPDATE" : "";

    [GeneratedRegex(@"\bINTEGER\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IntegerType();

    [GeneratedRegex(@"\bREAL\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RealType();

    [GeneratedRegex(@"\bBLOB\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlobType();
}
