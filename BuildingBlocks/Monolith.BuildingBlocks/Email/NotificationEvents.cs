namespace Monolith.BuildingBlocks.Email;

/// <summary>Wire names and payloads of the notification events (plain System.Text.Json, camelCase, for now: small records so the
/// typed event registry can take them over later).</summary>
public static class NotificationEvents
{
    public const string EmailSent = "notifications.email-sent";
    public const string EmailFailed = "notifications.email-failed";
}

/// <summary><c>notifications.email-sent</c>: the claim written <em>before</em> the message is handed to the sender (so
/// <see cref="SentAt"/> is the claim time). Recipients' addresses are personal data: never in clear. The event holds their number,
/// <see cref="RecipientAddressHashes"/> (SHA-256 hex of the lower-cased address, to find the e-mails sent to someone) and, since v2,
/// <see cref="SealedRecipientAddresses"/>: each address (same order) sealed under the key of its own data subject
/// (<see cref="RecipientAddresses"/>), null when that subject was already forgotten — erasing the person shreds it. Events written before
/// v2 have no sealed addresses (null).</summary>
public sealed record EmailSent(
    string BusinessKey,
    string Template,
    int RecipientsCount,
    IReadOnlyList<string> RecipientAddressHashes,
    string Subject,
    string MessageId,
    DateTimeOffset SentAt,
    int Attempt,
    IReadOnlyList<string?>? SealedRecipientAddresses = null);

/// <summary><c>notifications.email-failed</c>: the sender threw after the claim; the next call with the same business key sends
/// again (attempt + 1). <see cref="Error"/> is the exception type (and SMTP status), never its message, which can name an address.</summary>
public sealed record EmailFailed(
    string BusinessKey,
    string MessageId,
    string Error,
    DateTimeOffset FailedAt,
    int Attempt);
