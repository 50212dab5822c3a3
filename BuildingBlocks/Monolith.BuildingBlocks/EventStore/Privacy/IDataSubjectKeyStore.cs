namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>Port for the per-data-subject encryption keys (256-bit AES keys), scoped by tenant. Destroying a key is the erasure:
/// every field encrypted under it becomes unreadable, while the stored events (and their hash chain) stay untouched.</summary>
public interface IDataSubjectKeyStore
{
    /// <summary>The subject's key, created on first use. Throws <see cref="DataSubjectForgottenException"/> when it was destroyed.</summary>
    Task<byte[]> GetOrCreateKeyAsync(string tenantId, string subjectId, CancellationToken ct = default);

    /// <summary>The subject's key, or null when the subject was forgotten (or never had a key).</summary>
    Task<byte[]?> FindKeyAsync(string tenantId, string subjectId, CancellationToken ct = default);

    /// <summary>Destroys the key for good and records when. Idempotent; returns false when the subject was already forgotten.
    /// A subject forgotten before any key was created is recorded too, so no key can be created for it later.</summary>
    Task<bool> ForgetAsync(string tenantId, string subjectId, CancellationToken ct = default);
}
