namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>Marks an event property that holds personal data (name, e-mail, phone, address, IBAN, family make-up…).
/// Its JSON value (a string, a number, or a whole nested object/array) is stored encrypted with AES-GCM under the key of the event's
/// data subject (see <see cref="DataSubjectAttribute"/>). Once the subject is forgotten the property reads back as
/// <see cref="PersonalData.ErasedText"/> when it is a <c>string</c>, otherwise as null/default.
/// On a positional record, write it on the parameter (<c>record X([PersonalData] string Name)</c>) or as <c>[property: PersonalData]</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field, AllowMultiple = false)]
public sealed class PersonalDataAttribute : Attribute;

/// <summary>Marks the one property of an event that holds the id of the data subject (the person the personal data is about).
/// Required on every event type with <see cref="PersonalDataAttribute"/> properties. The value is stored in clear: use an opaque id
/// (a customer GUID), never a name or an e-mail. One subject per event: an event about several people holds ids and references,
/// and the people's details go in events of their own.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field, AllowMultiple = false)]
public sealed class DataSubjectAttribute : Attribute;

public static class PersonalData
{
    /// <summary>What an erased personal <c>string</c> field reads as once its subject is forgotten.</summary>
    public const string ErasedText = "[effacé]";

    /// <summary>Prefix of an encrypted field value in stored JSON: <c>pd:v1:base64(nonce[12] | ciphertext | tag[16])</c>.</summary>
    public const string CipherPrefix = "pd:v1:";
}

/// <summary>Personal data may not be written for a subject whose key was destroyed: use a new subject id for a returning person.</summary>
public sealed class DataSubjectForgottenException(string tenantId, string subjectId)
    : Exception($"Data subject '{subjectId}' of tenant '{tenantId}' has been forgotten; no personal data can be written for it.")
{
    public string TenantId { get; } = tenantId;
    public string SubjectId { get; } = subjectId;
}
