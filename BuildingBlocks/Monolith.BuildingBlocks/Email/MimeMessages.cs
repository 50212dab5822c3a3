using MimeKit;
using MimeKit.Text;

namespace Monolith.BuildingBlocks.Email;

/// <summary>The one place an <see cref="EmailMessage"/> becomes a MIME message (MimeKit), for the <c>.eml</c> outbox and for SMTP alike:
/// what the outbox holds is byte for byte what the relay would receive (ADR 0017).
/// <para>Shape: <c>multipart/mixed</c> ⊃ (<c>multipart/alternative</c> ⊃ text/plain + text/html, quoted-printable UTF-8) + base64
/// attachments; 7-bit on the wire (RFC 2047 words in headers, RFC 2231 file names); CRLF line endings.</para>
/// <para>Headers: <c>From</c> (the message's, else <see cref="EmailOptions.From"/>), <c>Reply-To</c> when given (the office's own
/// address), <c>Auto-Submitted: auto-generated</c> (RFC 3834: every message the platform sends is automatic, so vacation
/// responders stay quiet), <c>Message-ID</c>, <c>Date</c>.</para></summary>
public static class MimeMessages
{
    /// <summary>How messages are serialised: CRLF, 7-bit.</summary>
    public static FormatOptions Format { get; } = CreateFormat();

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The Date header's instant, in French local time.</summary>
    public static DateTimeOffset Now(TimeProvider timeProvider) => TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), Paris);

    public static MimeMessage Build(EmailMessage message, EmailOptions options, string messageId, DateTimeOffset date)
    {
        ArgumentOutOfRangeException.ThrowIfZero(message.To.Count, nameof(message.To));
        var from = message.From ?? EmailAddress.Parse(options.From);
        var mime = new MimeMessage
        {
            Date = date,
            MessageId = messageId,
            Subject = OneLine(message.Subject),
        };
        mime.From.Add(Mailbox(from));
        mime.To.AddRange(message.To.Select(Mailbox));
        mime.Cc.AddRange((message.Cc ?? []).Select(Mailbox));
        if (message.ReplyTo is { } replyTo)
        {
            mime.ReplyTo.Add(Mailbox(replyTo));
        }

        mime.Headers.Add("Auto-Submitted", "auto-generated");

        // Boundaries derive from the Message-ID (MimeKit draws random ones), so one message is the same bytes wherever it is written.
        var seed = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(messageId)))[..24];
        var alternative = new MultipartAlternative { Boundary = $"=_alt_{seed}" };
        alternative.Add(Text(TextFormat.Plain, message.TextBody ?? HtmlText.ToPlainText(message.HtmlBody)));
        alternative.Add(Text(TextFormat.Html, message.HtmlBody));
        var mixed = new Multipart("mixed") { Boundary = $"=_mixed_{seed}" };
        mixed.Add(alternative);
        foreach (var attachment in message.Attachments ?? [])
        {
            mixed.Add(new MimePart(ContentType.Parse(attachment.ContentType))
            {
                Content = new MimeContent(new MemoryStream(attachment.Content, writable: false)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = attachment.FileName,
            });
        }

        mime.Body = mixed;
        return mime;
    }

    /// <summary>The message as it goes on the wire (what the outbox stores).</summary>
    public static byte[] ToBytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(Format, stream);
        return stream.ToArray();
    }

    private static TextPart Text(TextFormat format, string body)
    {
        var part = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText("utf-8", body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\r\n", StringComparison.Ordinal));
        return part;
    }

    private static MailboxAddress Mailbox(EmailAddress address) => new(address.DisplayName ?? string.Empty, address.Address);

    private static string OneLine(string value) => value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Trim();

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.International = false;
        format.EnsureNewLine = true;
        return format;
    }
}
