using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.BuildingBlocks.Email;

/// <summary>The recipients' addresses of an e-mail, kept erasable (crypto-shredding). Each address is its own data subject,
/// <c>email-address-{sha256(lower-cased address)}</c>: the address is sealed under that subject's key in <see cref="EmailSent"/>
/// (AES-256-GCM, the event store's <c>pd:v1:</c> format) beside its SHA-256. Forgetting a person (<see cref="PersonErasure"/>) forgets the
/// subjects of the addresses the modules know for them: the addresses then read as <see cref="PersonalData.ErasedText"/> everywhere the
/// log is read again (the e-mails list's read model blanks them on <c>platform.data-subject-forgotten</c>).</summary>
public static class RecipientAddresses
{
    public const string SubjectPrefix = "email-address-";

    private const string Subject = "subject";
    private const string Address = "address";
    private static readonly PersonalDataShape Shape = new(Subject, [new PersonalDataField(Address, typeof(string))]);

    /// <summary>SHA-256 hex of the lower-cased, trimmed address: what <see cref="EmailSent.RecipientAddressHashes"/> holds.</summary>
    public static string Hash(string address) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant())));

    /// <summary>The data subject of an address (its key seals it).</summary>
    public static string SubjectId(string address) => SubjectForHash(Hash(address));

    public static string SubjectForHash(string hash) => SubjectPrefix + hash;

    /// <summary>The hash of an address subject, or null when <paramref name="subjectId"/> is not one.</summary>
    public static string? HashOfSubject(string subjectId) =>
        subjectId.StartsWith(SubjectPrefix, StringComparison.Ordinal) ? subjectId[SubjectPrefix.Length..] : null;

    /// <summary>The address sealed under its subject's key, or null when that subject was forgotten (its address is not written again).</summary>
    public static async Task<string?> SealAsync(IDataSubjectKeyStore keys, string tenantId, string address, CancellationToken ct = default)
    {
        var data = new JsonObject { [Subject] = SubjectId(address), [Address] = address };
        try
        {
            await new PersonalDataProtector(keys).ProtectAsync(data, Shape, tenantId, ct);
        }
        catch (DataSubjectForgottenException)
        {
            return null;
        }

        return data[Address]!.GetValue<string>();
    }

    /// <summary>The address sealed by <see cref="SealAsync"/>, or <see cref="PersonalData.ErasedText"/> once its subject was forgotten.</summary>
    public static async Task<string> OpenAsync(IDataSubjectKeyStore keys, string tenantId, string hash, string sealedAddress, CancellationToken ct = default)
    {
        var data = new JsonObject { [Subject] = SubjectForHash(hash), [Address] = sealedAddress };
        await new PersonalDataProtector(keys).UnprotectAsync(data, Shape, tenantId, ct);
        return data[Address]?.GetValue<string>() ?? PersonalData.ErasedText;
    }
}
