using Monolith.BuildingBlocks.Audit;

namespace Monolith.Modules.Compliance.Archives;

/// <summary>The key that signs archive manifests: the platform's <see cref="PlatformSigningKey"/> (ECDSA P-256 derived from the master key,
/// HKDF info <c>monolith/archive-signing/v1</c>; nothing stored), which also signs closure documents (ADR 0021). The public key travels in
/// each manifest and is served at <c>GET /api/compliance/archive-key</c>; an auditor checks its fingerprint against the one the
/// office handed over, then verifies the signature without any secret. With the public development master key the signature proves
/// nothing (the manifest says so).</summary>
internal sealed class ArchiveSigningKey(PlatformSigningKey key)
{
    public const string Algorithm = PlatformSigningKey.Algorithm;

    /// <summary>The public key, DER SubjectPublicKeyInfo.</summary>
    public byte[] PublicKey => key.PublicKey;

    /// <summary>SHA-256 of <see cref="PublicKey"/>, lowercase hex.</summary>
    public string Fingerprint => key.Fingerprint;

    public bool IsDevelopmentKey => key.IsDevelopmentKey;

    public string PublicKeyPem => key.PublicKeyPem;

    public byte[] Sign(byte[] data) => key.Sign(data);
}
