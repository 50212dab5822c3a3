using System.Security.Cryptography;
using System.Text;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.Modules.Compliance.Archives;

/// <summary>The key that signs archive manifests: an ECDSA P-256 key derived (HKDF-SHA256, info <c>monolith/archive-signing/v1</c>)
/// from the master key (<c>Privacy:MasterKey</c>, kept outside the data folder). Nothing is stored: the same master key gives the same
/// key pair on every start and every server. The public key travels in each manifest and is served at
/// <c>GET /api/compliance/archives/public-key</c>; an auditor checks its fingerprint against the one the office handed over, then
/// verifies the signature without any secret. With the public development master key the signature proves nothing (the manifest
/// says so).</summary>
internal sealed class ArchiveSigningKey : IDisposable
{
    private static readonly byte[] Order = Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
    private readonly ECDsa _key;

    public ArchiveSigningKey(PersonalDataOptions options)
    {
        _key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = Scalar(options.MasterKey) });
        PublicKey = _key.ExportSubjectPublicKeyInfo();
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(PublicKey));
        IsDevelopmentKey = options.UsesDevelopmentMasterKey;
    }

    public const string Algorithm = "ECDSA P-256 SHA-256 (signature DER-encoded, RFC 3279)";

    /// <summary>The public key, DER SubjectPublicKeyInfo.</summary>
    public byte[] PublicKey { get; }

    /// <summary>SHA-256 of <see cref="PublicKey"/>, lowercase hex.</summary>
    public string Fingerprint { get; }

    public bool IsDevelopmentKey { get; }

    public string PublicKeyPem => PemEncoding.WriteString("PUBLIC KEY", PublicKey);

    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();

    /// <summary>A private scalar in [1, n−1] from the master key (a candidate out of range, odds 2⁻³², takes the next counter).</summary>
    private static byte[] Scalar(byte[] masterKey)
    {
        for (var counter = 0; ; counter++)
        {
            var d = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, salt: null, info: Encoding.ASCII.GetBytes($"monolith/archive-signing/v1/{counter}"));
            if (d.Any(b => b != 0) && d.AsSpan().SequenceCompareTo(Order) < 0)
            {
                return d;
            }
        }
    }
}
