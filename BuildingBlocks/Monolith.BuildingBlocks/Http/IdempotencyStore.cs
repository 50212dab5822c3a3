using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Http;

/// <summary>A response kept for an Idempotency-Key, replayed exactly to a retry.</summary>
public sealed record StoredResponse(int StatusCode, string? ContentType, byte[] Body, IReadOnlyDictionary<string, string> Headers);

public enum IdempotencyOutcome
{
    /// <summary>First use of the key: the caller runs the request, then calls Complete or Abandon.</summary>
    Started,

    /// <summary>The key was used for this same request and its answer is stored: replay it.</summary>
    Replay,

    /// <summary>The key was used for a different request (other body, path or method).</summary>
    Mismatch,

    /// <summary>The same request is still running.</summary>
    InFlight,
}

public sealed record IdempotencyBegin(IdempotencyOutcome Outcome, StoredResponse? Response = null);

public sealed class IdempotencyOptions
{
    /// <summary>How long a stored answer is replayed. After that the key may be reused.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An in-flight marker older than this is considered abandoned (the process died mid-request) and may be taken over.</summary>
    public TimeSpan InFlightLease { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Durable idempotency keys in <c>platform_idempotency_keys</c>, scoped per (tenant, user, key).
/// On SQLite every write uses <c>BEGIN IMMEDIATE</c>; on PostgreSQL (shared by every host, so a retry that lands on another host
/// replays too) a transaction advisory lock on the key does the same: two concurrent first uses of a key cannot both start.</summary>
public sealed class IdempotencyStore
{
    private const string PostgreSqlSchema = """
        CREATE TABLE IF NOT EXISTS platform_idempotency_keys (
            tenant_id     text   NOT NULL,
            user_id       text   NOT NULL,
            key           text   NOT NULL,
            request_hash  text   NOT NULL,
            status_code   bigint NULL,
            content_type  text   NULL,
            body          bytea  NULL,
            headers       text   NULL,
            created_at    text   NOT NULL,
            completed_at  text   NULL,
            PRIMARY KEY (tenant_id, user_id, key)
        );
        """;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS platform_idempotency_keys (
            tenant_id     TEXT NOT NULL,
            user_id       TEXT NOT NULL,
            key           TEXT NOT NULL,
            request_hash  TEXT NOT NULL,
            status_code   INTEGER NULL,
            content_type  TEXT NULL,
            body          BLOB NULL,
            headers       TEXT NULL,
            created_at    TEXT NOT NULL,
            completed_at  TEXT NULL,
            PRIMARY KEY (tenant_id, user_id, key)
        );
        """;

    private readonly SqliteConnectionFactory? _sqlite;
    private readonly PostgreSqlConnectionFactory? _postgreSql;
    private readonly TimeProvider _time;
    private readonly IdempotencyOptions _options;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>Keys in the SQLite file.</summary>
    public IdempotencyStore(SqliteConnectionFactory connections, TimeProvider time, IdempotencyOptions options)
    {
        _sqlite = connections;
        _time = time;
        _options = options;
    }

    /// <summary>Keys on the PostgreSQL server, shared by every host.</summary>
    public IdempotencyStore(PostgreSqlConnectionFactory connections, TimeProvider time, IdempotencyOptions options)
    {
        _postgreSql = connections;
        _time = time;
        _options = options;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct) =>
        _postgreSql is not null ? await _postgreSql.OpenAsync(ct) : await _sqlite!.OpenAsync(ct);

    private static async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        connection is SqliteConnection sqlite ? sqlite.BeginWrite() : await connection.BeginTransactionAsync(ct);

    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(ct);
        try
        {
            if (!_schemaReady && _postgreSql is not null)
            {
                await Persistence.PostgreSqlSchema.ApplyAsync(_postgreSql, PostgreSqlSchema, ct);
                _schemaReady = true;
            }
            else if (!_schemaReady)
            {
                await using var connection = await OpenAsync(ct);
                await using var tx = await BeginWriteAsync(connection, ct);
                await connection.ExecuteAsync(Schema, transaction: tx);
                await tx.CommitAsync(ct);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    public async Task<IdempotencyBegin> BeginAsync(string tenantId, string userId, string key, string requestHash, CancellationToken ct = default)
    {
        await EnsureSchemaAsync(ct);
        var now = _time.GetUtcNow();
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        if (_postgreSql is not null)
        {
            // serialises the first uses of this key across hosts, like BEGIN IMMEDIATE does on SQLite
            await connection.ExecuteAsync(
                "SELECT pg_advisory_xact_lock(hashtext(@tenantId || '/' || @userId || '/' || @key))", new { tenantId, userId, key }, tx);
        }

        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            """
            SELECT request_hash AS RequestHash, status_code AS StatusCode, content_type AS ContentType, body AS Body,
                   headers AS Headers, created_at AS CreatedAt
            FROM platform_idempotency_keys WHERE tenant_id = @tenantId AND user_id = @userId AND key = @key
            """,
            new { tenantId, userId, key },
            tx);

        var createdAt = row is null ? default : DateTimeOffset.Parse(row.CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var reusable = row is null
            || createdAt + _options.Retention <= now
            || (row.StatusCode is null && createdAt + _options.InFlightLease <= now);

        if (!reusable)
        {
            if (!string.Equals(row!.RequestHash, requestHash, StringComparison.Ordinal))
            {
                return new(IdempotencyOutcome.Mismatch);
            }

            if (row.StatusCode is not { } status)
            {
                return new(IdempotencyOutcome.InFlight);
            }

            var headers = string.IsNullOrEmpty(row.Headers)
                ? new Dictionary<string, string>()
                : JsonSerializer.Deserialize<Dictionary<string, string>>(row.Headers) ?? [];
            return new(IdempotencyOutcome.Replay, new StoredResponse((int)status, row.ContentType, row.Body ?? [], headers));
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO platform_idempotency_keys (tenant_id, user_id, key, request_hash, created_at)
            VALUES (@tenantId, @userId, @key, @requestHash, @createdAt)
            ON CONFLICT (tenant_id, user_id, key) DO UPDATE SET
                request_hash = excluded.request_hash, status_code = NULL, content_type = NULL, body = NULL, headers = NULL,
                created_at = excluded.created_at, completed_at = NULL
            """,
            new { tenantId, userId, key, requestHash, createdAt = Format(now) },
            tx);
        await tx.CommitAsync(ct);
        return new(IdempotencyOutcome.Started);
    }

    /// <summary>Stores the answer of a started request (2xx/4xx) so that retries replay it.</summary>
    public async Task CompleteAsync(string tenantId, string userId, string key, string requestHash, StoredResponse response, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(
            """
            UPDATE platform_idempotency_keys
            SET status_code = @status, content_type = @contentType, body = @body, headers = @headers, completed_at = @completedAt
            WHERE tenant_id = @tenantId AND user_id = @userId AND key = @key AND request_hash = @requestHash AND status_code IS NULL
            """,
            new
            {
                tenantId,
                userId,
                key,
                requestHash,
                status = response.StatusCode,
                contentType = response.ContentType,
                body = response.Body,
                headers = JsonSerializer.Serialize(response.Headers),
                completedAt = Format(_time.GetUtcNow()),
            },
            tx);
        await tx.CommitAsync(ct);
    }

    /// <summary>Forgets a started request that failed with a server error, so that the client can retry with the same key.</summary>
    public async Task AbandonAsync(string tenantId, string userId, string key, string requestHash, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(
            """
            DELETE FROM platform_idempotency_keys
            WHERE tenant_id = @tenantId AND user_id = @userId AND key = @key AND request_hash = @requestHash AND status_code IS NULL
            """,
            new { tenantId, userId, key, requestHash },
            tx);
        await tx.CommitAsync(ct);
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private sealed class Row
    {
        public string RequestHash { get; set; } = "";
        public long? StatusCode { get; set; }
        public string? ContentType { get; set; }
        public byte[]? Body { get; set; }
        public string? Headers { get; set; }
        public string CreatedAt { get; set; } = "";
    }
}
