using System.Security.Cryptography;
using System.Text;

namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>How every key store wraps a data-subject key with the master key: <c>0x01 | nonce[12] | AES-GCM(master, key)[32] | tag[16]</c>,
/// bound to its tenant and subject (associated data), so a row copied to another subject does not unwrap.</summary>
internal static class SubjectKeyWrapping
{
    public const int KeySize = 32;
    private const byte WrapFormatV1 = 0x01;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private static byte[] WrapAad(string tenantId, string subjectId) =>
        Encoding.UTF8.GetBytes($"platform_subject_keys\n{tenantId}\n{subjectId}");

    public static byte[] Wrap(PersonalDataOptions options, string tenantId, string subjectId, byte[] key)
    {
        var blob = new byte[1 + NonceSize + KeySize + TagSize];
        blob[0] = WrapFormatV1;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(options.MasterKey, TagSize);
        aes.Encrypt(nonce, key, blob.AsSpan(1 + NonceSize, KeySize), blob.AsSpan(1 + NonceSize + KeySize, TagSize), WrapAad(tenantId, subjectId));
        return blob;
    }

    public static byte[] Unwrap(PersonalDataOptions options, string tenantId, string subjectId, byte[] blob)
    {
        if (blob.Length != 1 + NonceSize + KeySize + TagSize || blob[0] != WrapFormatV1)
        {
            throw new CryptographicException($"Stored key of subject '{subjectId}' has an unknown format.");
        }

        var key = new byte[KeySize];
        using var aes = new AesGcm(options.MasterKey, TagSize);
        try
        {
            aes.Decrypt(blob.AsSpan(1, NonceSize), blob.AsSpan(1 + NonceSize, KeySize), blob.AsSpan(1 + NonceSize + KeySize, TagSize), key, WrapAad(tenantId, subjectId));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException(
                $"Cannot unwrap the key of subject '{subjectId}': wrong master key ({PersonalDataOptions.ConfigurationKey}) or altered row.", e);
        }

        return key;
    }
}
