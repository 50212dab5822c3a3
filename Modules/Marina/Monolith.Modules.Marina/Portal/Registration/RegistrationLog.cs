using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Marina.Portal.Registration;

// Every portal registration attempt of an office, one stream per office and day ("marina-registrations-{office}-{yyyyMMdd}": closed with
// its day, so it stays short whatever the traffic). Neither the e-mail nor the client address is stored in clear: their SHA-256 lets the
// office see repeated attempts without keeping personal data about strangers.

internal enum RegistrationCase
{
    /// <summary>Case 1 of the seed: the harbour office knows the e-mail.</summary>
    KnownEmail,

    /// <summary>Case 2: "j'ai un contrat" — e-mail plus number, date and amount TTC of one invoice of the current year.</summary>
    InvoiceProof,
}

internal enum RegistrationOutcome
{
    LoginSent,
    Refused,
    Throttled,
}

internal sealed record RecordRegistrationAttempt(RegistrationCase Case, string EmailSha256, string? AddressSha256, RegistrationOutcome Outcome, string? HolderId,
    DateTimeOffset At);

internal sealed record RegistrationAttempted(RegistrationCase Case, string EmailSha256, string? AddressSha256, RegistrationOutcome Outcome, string? HolderId,
    DateTimeOffset AttemptedAt);

internal static class RegistrationLog
{
    public static string StreamId(string officeId, DateOnly day) => $"marina-registrations-{officeId}-{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(RegistrationAttempted)] = "marina.registration-attempted",
    };

    public static readonly Decider<RecordRegistrationAttempt, RegistrationAttempted, int> Decider = new(
        (c, _) => [new RegistrationAttempted(c.Case, c.EmailSha256, c.AddressSha256, c.Outcome, c.HolderId, c.At)],
        (count, _) => count + 1,
        0);

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value.Trim().ToLowerInvariant())));
}
