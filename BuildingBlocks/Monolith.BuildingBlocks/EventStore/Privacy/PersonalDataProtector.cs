using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>Encrypts and decrypts the personal fields of an event's JSON in place. Each field's JSON value (as text) is sealed with
/// AES-256-GCM under the data subject's key, with a fresh random 12-byte nonce and a 16-byte tag, authenticated data
/// <c>"{tenant}\n{subject}"</c>, and stored as the string <c>"pd:v1:base64(nonce | ciphertext | tag)"</c>.</summary>
public sealed class PersonalDataProtector(IDataSubjectKeyStore keys)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Replaces every non-null personal field of <paramref name="data"/> with its ciphertext.</summary>
    public async ValueTask ProtectAsync(JsonObject data, PersonalDataShape shape, string tenantId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!shape.HasPersonalData)
        {
            return;
        }

        var present = shape.Fields.Where(f => data[f.JsonName] is not null).ToList();
        if (present.Count == 0)
        {
            return;
        }

        var subjectId = SubjectId(data, shape)
            ?? throw new InvalidOperationException(
                $"An event with personal data needs its data subject id ('{shape.SubjectJsonName}') to encrypt it.");
        var key = await keys.GetOrCreateKeyAsync(tenantId, subjectId, ct);
        using var aes = new AesGcm(key, TagSize);
        var aad = Aad(tenantId, subjectId);
        foreach (var field in present)
        {
            var plaintext = Encoding.UTF8.GetBytes(data[field.JsonName]!.ToJsonString());
            var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
            var nonce = sealedBytes.AsSpan(0, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), aad);
            CryptographicOperations.ZeroMemory(plaintext);
            data[field.JsonName] = PersonalData.CipherPrefix + Convert.ToBase64String(sealedBytes);
        }
    }

    /// <summary>Replaces every encrypted personal field with its plaintext value, or — when the subject was forgotten — with
    /// <see cref="PersonalData.ErasedText"/> (string fields), the default value (non-nullable value types) or JSON null (anything else):
    /// see <see cref="PersonalDataField.ErasedJson"/>.
    /// Values that are not ciphertext (written before the field was marked personal) are left as they are.
    /// Returns true when at least one field was erased.</summary>
    public async ValueTask<bool> UnprotectAsync(JsonObject data, PersonalDataShape shape, string tenantId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!shape.HasPersonalData)
        {
            return false;
        }

        var sealedFields = shape.Fields
            .Where(f => data[f.JsonName] is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith(PersonalData.CipherPrefix, StringComparison.Ordinal))
            .ToList();
        if (sealedFields.Count == 0)
        {
            return false;
        }

        var subjectId = SubjectId(data, shape);
        var key = subjectId is null ? null : await keys.FindKeyAsync(tenantId, subjectId, ct);
        if (key is null)
        {
            foreach (var field in sealedFields)
            {
                data[field.JsonName] = field.ErasedJson();
            }

            return true;
        }

        using var aes = new AesGcm(key, TagSize);
        var aad = Aad(tenantId, subjectId!);
        foreach (var field in sealedFields)
        {
            var text = data[field.JsonName]!.GetValue<string>();
            byte[] sealedBytes;
            try
            {
                sealedBytes = Convert.FromBase64String(text[PersonalData.CipherPrefix.Length..]);
            }
            catch (FormatException e)
            {
                throw new CryptographicException($"Personal field '{field.JsonName}' is not valid ciphertext.", e);
            }

            if (sealedBytes.Length < NonceSize + TagSize)
            {
                throw new CryptographicException($"Personal field '{field.JsonName}' is truncated.");
            }

            var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceSize),
                sealedBytes.AsSpan(NonceSize, plaintext.Length),
                sealedBytes.AsSpan(NonceSize + plaintext.Length),
                plaintext,
                aad);
            data[field.JsonName] = JsonNode.Parse(plaintext);
        }

        return false;
    }

    private static string? SubjectId(JsonObject data, PersonalDataShape shape)
    {
        var node = shape.SubjectJsonName is null ? null : data[shape.SubjectJsonName];
        var id = node switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => node.ToJsonString(),
        };
        return string.IsNullOrEmpty(id) ? null : id;
    }

    private static byte[] Aad(string tenantId, string subjectId) => Encoding.UTF8.GetBytes($"{tenantId}\n{subjectId}");
}
