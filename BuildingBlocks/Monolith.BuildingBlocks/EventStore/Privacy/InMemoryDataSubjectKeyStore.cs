using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>Keys in memory, for unit tests and tools that never persist anything. Not for a host: keys vanish with the process.</summary>
public sealed class InMemoryDataSubjectKeyStore : IDataSubjectKeyStore
{
    private readonly ConcurrentDictionary<(string Tenant, string Subject), byte[]?> _keys = new();

    public Task<byte[]> GetOrCreateKeyAsync(string tenantId, string subjectId, CancellationToken ct = default)
    {
        var key = _keys.GetOrAdd((tenantId, subjectId), _ => RandomNumberGenerator.GetBytes(32));
        return key is null ? throw new DataSubjectForgottenException(tenantId, subjectId) : Task.FromResult(key);
    }

    public Task<byte[]?> FindKeyAsync(string tenantId, string subjectId, CancellationToken ct = default) =>
        Task.FromResult(_keys.TryGetValue((tenantId, subjectId), out var key) ? key : null);

    public Task<bool> ForgetAsync(string tenantId, string subjectId, CancellationToken ct = default)
    {
        var previous = default(byte[]?);
        var existed = false;
        _keys.AddOrUpdate((tenantId, subjectId), _ => null, (_, old) =>
        {
            existed = true;
            previous = old;
            return null;
        });
        if (previous is not null)
        {
            CryptographicOperations.ZeroMemory(previous);
        }

        return Task.FromResult(!existed || previous is not null);
    }
}
