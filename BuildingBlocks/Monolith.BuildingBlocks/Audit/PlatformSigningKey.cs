using System.Security.Cryptography;
using System.Text;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.BuildingBlocks.Audit;

/// <summary>The platform's asymmetric signing key (ADR 0018, ADR 0021): an ECDSA P-256 key derived (HKDF-SHA256, info
/// <c>monolith/archive-signing/v1/{counter}</c>) from the master key (<c>Privacy:MasterKey</c>, kept outside the data folder). Nothing is
/// stored: the same master key gives the same key pair on every start and every server. It signs the office archives' manifests
/// (Compliance) and the closure documents (the chain's anchors); its public key is served at <c>GET /api/compliance/archive-key</c>,
/// so an accountant verifies both offline with the public key alone (e.g. <c>openssl dgst -sha256 -verify</c>). With the public
/// development master key the signature proves nothing.</summary>
public sealed class PlatformSigningKey : IDisposable
{
    public const string Algorithm = "ECDSA P-256 SHA-256 (signature DER-encoded, RFC 3279)";

    private static readonly byte[] Order = Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
    private readonly ECDsa _key;

    public PlatformSigningKey(PersonalDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = Scalar(options.MasterKey) });
        PublicKey = _key.ExportSubjectPublicKeyInfo();
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(PublicKey));
        IsDevelopmentKey = options.UsesDevelopmentMasterKey;
    }

    /// <summary>The public key, DER SubjectPublicKeyInfo.</summary>
    public byte[] PublicKey { get; }

    /// <summary>SHA-256 of <see cref="PublicKey"/>, lowercase hex.</summary>
    public string Fingerprint { get; }

    public bool IsDevelopmentKey { get; }

    public string PublicKeyPem => PemEncoding.WriteString("PUBLIC KEY", PublicKey);

    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>Checks a DER signature with the public key only (what an offline verifier does).</summary>
    public static bool Verify(byte[] publicKey, byte[] data, byte[] signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(publicKey, out _);
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

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

/// <summary>Closure signatures, versioned (ADR 0021). Version 2 (written now): <c>ecdsa-p256-sha256:</c> followed by the base64 DER ECDSA
/// signature of the document's exact UTF-8 bytes with the <see cref="PlatformSigningKey"/>; anyone verifies it with the public key.
/// Version 1 (closures signed before): 64 lowercase hex characters, HMAC-SHA256 with the office's closure key
/// (<see cref="EventStore.OfficeChainKeys"/>), still verified (by the product only: it needs the secret).</summary>
public sealed class ClosureSignatures(EventStore.OfficeChainKeys legacyKeys, PlatformSigningKey key)
{
    public const string EcdsaPrefix = "ecdsa-p256-sha256:";

    public PlatformSigningKey Key => key;

    public string Sign(string content) => EcdsaPrefix + Convert.ToBase64String(key.Sign(Encoding.UTF8.GetBytes(content)));

    public bool Verify(string officeId, string content, string? signature)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return false;
        }

        signature = signature.Trim();
        if (!signature.StartsWith(EcdsaPrefix, StringComparison.Ordinal))
        {
            return legacyKeys.VerifySignature(officeId, content, signature);
        }

        try
        {
            return PlatformSigningKey.Verify(key.PublicKey, Encoding.UTF8.GetBytes(content), Convert.FromBase64String(signature[EcdsaPrefix.Length..]));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
