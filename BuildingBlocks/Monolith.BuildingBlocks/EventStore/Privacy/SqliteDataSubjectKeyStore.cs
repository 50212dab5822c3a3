using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>Data-subject keys in the platform database, table <c>platform_subject_keys(tenant_id, subject_id, key BLOB NULL,
/// created_at, forgotten_at)</c>. Each key is stored wrapped by the master key (<see cref="PersonalDataOptions"/>):
/// <c>0x01 | nonce[12] | AES-GCM(master, key)[32] | tag[16]</c>, bound to its tenant and subject. Forgetting sets <c>key</c> to NULL
/// (and the SQLite page is overwritten: <c>secure_delete</c> is on for that statement's connection).
/// Unwrapped keys are cached in this (singleton) instance; forgetting through this instance clears the cache at once.
/// With several processes sharing a database, a process that cached a key keeps reading it until restart.</summary>
public sealed class SqliteDataSubjectKeyStore : IDataSubjectKeyStore
{
    private readonly SqliteConnectionFactory _connections;
    private readonly PersonalDataOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Tenant, string Subject), byte[]> _cache = new();
    private readonly ConcurrentDictionary<(string Tenant, string Subject), bool> _forgotten = new();
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteDataSubjectKeyStore(SqliteConnectionFactory connections, PersonalDataOptions options, TimeProvider time)
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
        using var gate = await _connections.EnterCommandWriteAsync(ct); // events are serialized before their append, never inside a gated write
        await using var connection = await _connections.OpenAsync(ct);
        await using var tx = connection.BeginWrite();
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            "SELECT key AS Key, forgotten_at AS ForgottenAt FROM platform_subject_keys WHERE tenant_id = @tenantId AND subject_id = @subjectId",
            new { tenantId, subjectId }, tx, cancellationToken: ct));
        byte[] key;
        if (row is null)
        {
            key = RandomNumberGenerator.GetBytes(SubjectKeyWrapping.KeySize);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO platform_subject_keys (tenant_id, subject_id, key, created_at, forgotten_at) VALUES (@tenantId, @subjectId, @wrapped, @now, NULL)",
                new { tenantId, subjectId, wrapped = Wrap(tenantId, subjectId, key), now = Now() }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        else if (row.Key is null)
        {
            _forgotten[id] = true;
            throw new DataSubjectForgottenException(tenantId, subjectId);
        }
        else
        {
            key = Unwrap(tenantId, subjectId, row.Key);
        }

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

        return Remember(id, Unwrap(tenantId, subjectId, row.Key));
    }

    public async Task<bool> ForgetAsync(string tenantId, string subjectId, CancellationToken ct = default)
    {
        var id = Id(tenantId, subjectId);
        await EnsureSchemaAsync(ct);
        bool changed;
        using (await _connections.EnterWriteAsync(ct))
        await using (var connection = await _connections.OpenAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA secure_delete = ON;", cancellationToken: ct));
            await using var tx = connection.BeginWrite();
            var now = Now();
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT OR IGNORE INTO platform_subject_keys (tenant_id, subject_id, key, created_at, forgotten_at) VALUES (@tenantId, @subjectId, NULL, @now, @now)",
                new { tenantId, subjectId, now }, tx, cancellationToken: ct));
            var updated = inserted == 0
                ? await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE platform_subject_keys SET key = NULL, forgotten_at = @now WHERE tenant_id = @tenantId AND subject_id = @subjectId AND forgotten_at IS NULL",
                    new { tenantId, subjectId, now }, tx, cancellationToken: ct))
                : 0;
            await tx.CommitAsync(ct);
            changed = inserted + updated > 0;
        }

        _forgotten[id] = true;
        if (_cache.TryRemove(id, out var key))
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return changed;
    }

    private byte[]? Remember((string, string) id, byte[] key)
    {
        var cached = _cache.GetOrAdd(id, key);
        if (_forgotten.ContainsKey(id))
        {
            // Forgotten while we were reading: never hand out (or keep) a key that was just destroyed.
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
            if (_schemaReady)
            {
                return;
            }

            await using var connection = await _connections.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS platform_subject_keys (
                    tenant_id    TEXT NOT NULL,
                    subject_id   TEXT NOT NULL,
                    key          BLOB NULL,
                    created_at   TEXT NOT NULL,
                    forgotten_at TEXT NULL,
                    PRIMARY KEY (tenant_id, subject_id)
                ) WITHOUT ROWID;
                """, cancellationToken: ct));
            _schemaReady = true;
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

    private byte[] Wrap(string tenantId, string subjectId, byte[] key) => SubjectKeyWrapping.Wrap(_options, tenantId, subjectId, key);

    private byte[] Unwrap(string tenantId, string subjectId, byte[] blob) => SubjectKeyWrapping.Unwrap(_options, tenantId, subjectId, blob);

    private sealed class KeyRow
    {
        public byte[]? Key { get; set; }
        public string? ForgottenAt { get; set; }
    }
}
