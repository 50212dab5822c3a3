namespace Monolith.BuildingBlocks.Email;

/// <summary>Wire names and payloads of the notification events (plain System.Text.Json, camelCase, for now: small records so the
/// typed event registry can take them over later).</summary>
public static class NotificationEvents
{
    public const string EmailSent = "notifications.email-sent";
    public const string EmailFailed = "notifications.email-failed";
}

/// <summary><c>notifications.email-sent</c>: the claim written <em>before</em> the message is handed to the sender (so
/// <see cref="SentAt"/> is the claim time). Recipients' addresses are personal data and are not stored: only their number and
/// <see cref="RecipientAddressHashes"/> (SHA-256 hex of the lower-cased address). Should addresses ever be needed, add a field
/// named <c>RecipientAddresses</c> marked <c>[PersonalData]</c> (encrypted by the event store's crypto-shredding).</summary>
public sealed record EmailSent(
    string BusinessKey,
    string Template,
    int RecipientsCount,
    IReadOnlyList<string> RecipientAddressHashes,
    string Subject,
    string MessageId,
    DateTimeOffset SentAt,
    int Attempt);

/// <summary><c>notifications.email-failed</c>: the sender threw after the claim; the next call with the same business key sends
/// again (attempt + 1). <see cref="Error"/> is the exception type (and SMTP status), never its message, which can name an address.</summary>
public sealed record EmailFailed(
    string BusinessKey,
    string MessageId,
    string Error,
    DateTimeOffset FailedAt,
    int Attempt);
