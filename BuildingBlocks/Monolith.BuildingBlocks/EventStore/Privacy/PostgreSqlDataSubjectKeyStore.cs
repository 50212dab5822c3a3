using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>Data-subject keys on PostgreSQL, table <c>platform_subject_keys(tenant_id, subject_id, key bytea NULL, created_at,
/// forgotten_at)</c>, wrapped by the master key exactly as on SQLite. First use races between hosts are settled by the primary key
/// (<c>INSERT … ON CONFLICT DO NOTHING</c>, then read the winner's key). Forgetting sets <c>key</c> to NULL; the old row version
/// stays in the table's pages until VACUUM reclaims it (docs/operations.md: run <c>VACUUM platform_subject_keys</c> after
/// erasures when that matters). Unwrapped keys are cached in this instance; a host that cached a key another host has since
/// destroyed keeps it until restart (the same as on SQLite).</summary>
public sealed class PostgreSqlDataSubjectKeyStore : IDataSubjectKeyStore
{
    private const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS platform_subject_keys (
            tenant_id    text  NOT NULL,
            subject_id   text  NOT NULL,
            key          bytea NULL,
            created_at   text  NOT NULL,
            forgotten_at text  NULL,
            PRIMARY KEY (tenant_id, subject_id)
        );
        """;

    private readonly PostgreSqlConnectionFactory _connections;
    private readonly PersonalDataOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Tenant, string Subject), byte[]> _cache = new();
    private readonly ConcurrentDictionary<(string Tenant, string Subject), bool> _forgotten = new();
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public PostgreSqlDataSubjectKeyStore(PostgreSqlConnectionFactory connections, PersonalDataOptions options, TimeProvider time)
    {
        _connections = connections;
        _options = options;
        _time = time;
    }

    public async Task<byte[]> GetOrCreateKeyAsync(string tenantId, string subjectId, CancellationToken ct = default)
    {
        var id = Id(tenantId, subjectId);
        if (_forgotten.ContainsKey(id))
        {
            throw new DataSubjectForgottenException(tenantId, subjectId);
        }

        if (_cache.TryGetValue(id, out var cached))
        {
            return cached;
        }

        await EnsureSchemaAsync(ct);
        await using var connection = await _connections.OpenAsync(ct);
        var candidate = RandomNumberGenerator.GetBytes(SubjectKeyWrapping.KeySize);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO platform_subject_keys (tenant_id, subject_id, key, created_at, forgotten_at)
            VALUES (@tenantId, @subjectId, @wrapped, @now, NULL)
            ON CONFLICT (tenant_id, subject_id) DO NOTHING
            """,
            new { tenantId, subjectId, wrapped = SubjectKeyWrapping.Wrap(_options, tenantId, subjectId, candidate), now = Now() },
            cancellationToken: ct));
        var row = await connection.QuerySingleAsync<KeyRow>(new CommandDefinition(
            "SELECT key AS Key, forgotten_at AS ForgottenAt FROM platform_subject_keys WHERE tenant_id = @tenantId AND subject_id = @subjectId",
            new { tenantId, subjectId }, cancellationToken: ct));
        if (row.Key is null)
        {
            _forgotten[id] = true;
            throw new DataSubjectForgottenException(tenantId, subjectId);
        }

        var key = SubjectKeyWrapping.Unwrap(_options, tenantId, subjectId, row.Key);
        return Remember(id, key) ?? throw new DataSubjectForgottenException(tenantId, subjectId);
    }

    public async Task<byte[]?> FindKeyAsync(string tenantId, string subjectId, CancellationToken ct = default)
    {
        var id = Id(tenantId, subjectId);
        if (_forgotten.ContainsKey(id))
        {
            return null;
        }

        if (_cache.TryGetValue(id, out var cached))
        {
            return cached;
        }

        await EnsureSchemaAsync(ct);
        await using var connection = await _connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            "SELECT key AS Key, forgotten_at AS ForgottenAt FROM platform_subject_keys WHERE tenant_id = @tenantId AND subject_id = @subjectId",
            new { tenantId, subjectId }, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        if (row.Key is null)
        {
            _forgotten[id] = true;
            return null;
        }

        return Remember(id, SubjectKeyWrapping.Unwrap(_options, tenantId, subjectId, row.Key));
    }

    public async Task<bool> ForgetAsync(string tenantId, string subjectId, CancellationToken ct = default)
    {
        var id = Id(tenantId, subjectId);
        await EnsureSchemaAsync(ct);
        int changed;
        await using (var connection = await _connections.OpenAsync(ct))
        {
            var now = Now();

            // One statement: insert a tombstone, or null the key of a live row; an already forgotten row is left as it is.
            changed = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO platform_subject_keys (tenant_id, subject_id, key, created_at, forgotten_at)
                VALUES (@tenantId, @subjectId, NULL, @now, @now)
                ON CONFLICT (tenant_id, subject_id) DO UPDATE SET key = NULL, forgotten_at = excluded.forgotten_at
                WHERE platform_subject_keys.forgotten_at IS NULL
                """,
                new { tenantId, subjectId, now }, cancellationToken: ct));
        }

        _forgotten[id] = true;
        if (_cache.TryRemove(id, out var key))
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return changed > 0;
    }

    private byte[]? Remember((string, string) id, byte[] key)
    {
        var cached = _cache.GetOrAdd(id, key);
        if (_forgotten.ContainsKey(id))
        {
            _cache.TryRemove(id, out _);
            return null;
        }

        return cached;
    }

    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(ct);
        try
        {
            if (!_schemaReady)
            {
                await PostgreSqlSchema.ApplyAsync(_connections, SchemaSql, ct);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static (string, string) Id(string tenantId, string subjectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        return (tenantId, subjectId);
    }

    private sealed class KeyRow
    {
        public byte[]? Key { get; set; }

        public string? ForgottenAt { get; set; }
    }
}
