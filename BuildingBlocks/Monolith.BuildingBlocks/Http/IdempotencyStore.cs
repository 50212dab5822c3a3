using System.Globalization;
using System.Text.Json;
using Dapper;
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
/// Every write uses <c>BEGIN IMMEDIATE</c>, so two concurrent first uses of a key cannot both start.</summary>
public sealed class IdempotencyStore(SqliteConnectionFactory connections, TimeProvider time, IdempotencyOptions options)
{
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

    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(ct);
        try
        {
            if (!_schemaReady)
            {
                await using var connection = await connections.OpenAsync(ct);
                await using var tx = connection.BeginWrite();
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
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(ct);
        await using var tx = connection.BeginWrite();
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
            || createdAt + options.Retention <= now
            || (row.StatusCode is null && createdAt + options.InFlightLease <= now);

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
        await using var connection = await connections.OpenAsync(ct);
        await using var tx = connection.BeginWrite();
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
                completedAt = Format(time.GetUtcNow()),
            },
            tx);
        await tx.CommitAsync(ct);
    }

    /// <summary>Forgets a started request that failed with a server error, so that the client can retry with the same key.</summary>
    public async Task AbandonAsync(string tenantId, string userId, string key, string requestHash, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var tx = connection.BeginWrite();
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
