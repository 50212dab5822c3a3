namespace Monolith.BuildingBlocks.Email;

/// <summary>A mailbox: address and optional display name (may hold accents: it is encoded on the wire).
/// A string converts implicitly: <c>"Office de Tourisme &lt;contact@ot.fr&gt;"</c> or <c>"contact@ot.fr"</c>.</summary>
public sealed record EmailAddress
{
    public EmailAddress(string address, string? displayName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (address.Any(c => c is '\r' or '\n' or '<' or '>' or ',' or ' ' or '"') || address.Count(c => c == '@') != 1)
        {
            throw new ArgumentException($"'{address}' is not an e-mail address.", nameof(address));
        }

        Address = address;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Trim();
    }

    public string Address { get; }

    public string? DisplayName { get; }

    public static EmailAddress Parse(string value)
    {
        if (!MimeKit.MailboxAddress.TryParse(value.Trim(), out var parsed))
        {
            throw new FormatException($"'{value}' is not an e-mail address.");
        }

        return new EmailAddress(parsed.Address, parsed.Name);
    }

    public static implicit operator EmailAddress(string value) => Parse(value);

    public override string ToString() => DisplayName is null ? Address : $"{DisplayName} <{Address}>";
}

/// <summary>A file attached to a message.</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>An e-mail to send. <see cref="From"/> null = the configured default sender (<c>Email:From</c>).
/// <see cref="TextBody"/> null = derived from the HTML. <see cref="TenantId"/> chooses the outbox folder;
/// <see cref="MessageId"/> (without angle brackets) null = generated. <see cref="ReplyTo"/>: where answers go (the office's own
/// address, when the sender is a platform-wide no-reply mailbox).</summary>
public sealed record EmailMessage(
    EmailAddress? From,
    IReadOnlyList<EmailAddress> To,
    IReadOnlyList<EmailAddress>? Cc,
    string Subject,
    string HtmlBody,
    string? TextBody = null,
    IReadOnlyList<EmailAttachment>? Attachments = null)
{
    public string? TenantId { get; init; }

    public string? MessageId { get; init; }

    public EmailAddress? ReplyTo { get; init; }
}

/// <summary>What a sender did: the Message-ID used and, for the outbox, the file written.</summary>
public sealed record EmailReceipt(string MessageId, string? StoredAt = null);

/// <summary>The e-mail port. Adapters: <see cref="EmlOutboxEmailSender"/> (default, writes .eml files) and
/// <see cref="SmtpEmailSender"/>. Chosen by <c>Email:Adapter</c> (<c>outbox</c> | <c>smtp</c>).</summary>
public interface IEmailSender
{
    Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken ct = default);
}
