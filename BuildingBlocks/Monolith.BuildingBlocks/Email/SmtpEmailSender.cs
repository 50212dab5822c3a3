using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;

namespace Monolith.BuildingBlocks.Email;

/// <summary>Sends through an SMTP relay (<c>Email:Adapter = smtp</c>, settings in <c>Email:Smtp</c>) with MailKit, the message built by
/// <see cref="MimeMessages"/> (the same bytes the outbox would store). <c>EnableSsl</c>: TLS on connect for port 465, else STARTTLS
/// required; off = plain (a loopback relay). Logs host, port and message id; never the password.</summary>
public sealed partial class SmtpEmailSender(EmailOptions options, TimeProvider timeProvider, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var smtp = options.Smtp;
        var messageId = message.MessageId ?? $"{Guid.NewGuid():N}@{options.MessageIdDomain}";
        var mime = MimeMessages.Build(message, options, messageId, MimeMessages.Now(timeProvider));

        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        var security = !smtp.EnableSsl ? SecureSocketOptions.None
            : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, ct);
        }

        await client.SendAsync(MimeMessages.Format, mime, ct);
        await client.DisconnectAsync(quit: true, ct);
        LogSent(messageId, smtp.Host, smtp.Port);
        return new EmailReceipt(messageId);
    }

    [LoggerMessage(LogLevel.Information, "E-mail {MessageId} sent through {Host}:{Port}")]
    private partial void LogSent(string messageId, string host, int port);
}
