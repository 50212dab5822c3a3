using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Monolith.BuildingBlocks.Email;

/// <summary>Default adapter: writes each message as a real RFC 5322 / MIME <c>.eml</c> file (any mail client opens it) into
/// <c>{dataFolder}/outbox/{tenant}/{message-id}.eml</c>, built by <see cref="MimeMessages"/> exactly as <see cref="SmtpEmailSender"/>
/// would send it. Written to a temp file then moved, so a reader never sees half a file; the name comes from the Message-ID, so
/// writing the same message twice leaves one file.</summary>
public sealed partial class EmlOutboxEmailSender(EmailOptions options, TimeProvider timeProvider, ILogger<EmlOutboxEmailSender> logger) : IEmailSender
{
    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var messageId = message.MessageId ?? $"{Guid.NewGuid():N}@{options.MessageIdDomain}";
        var content = MimeMessages.ToBytes(MimeMessages.Build(message, options, messageId, MimeMessages.Now(timeProvider)));

        var folder = Path.Combine(options.OutboxFolder, SafeSegment(message.TenantId ?? "_platform"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, SafeSegment(messageId) + ".eml");
        var temp = path + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, ct);
            await stream.FlushAsync(ct);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        LogWritten(messageId, path);
        return new EmailReceipt(messageId, path);
    }

    internal static string SafeSegment(string value) => UnsafeChars().Replace(value, "_");

    [GeneratedRegex(@"[^A-Za-z0-9._@-]")]
    private static partial Regex UnsafeChars();

    [LoggerMessage(LogLevel.Information, "E-mail {MessageId} written to {Path}")]
    private partial void LogWritten(string messageId, string path);
}
