using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Monolith.BuildingBlocks.Email;

/// <summary>Sends through an SMTP relay (<c>Email:Adapter = smtp</c>, settings in <c>Email:Smtp</c>) with
/// <see cref="System.Net.Mail.SmtpClient"/>. Logs host, port and message id; never the password.</summary>
public sealed partial class SmtpEmailSender(EmailOptions options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var smtp = options.Smtp;
        var messageId = message.MessageId ?? $"{Guid.NewGuid():N}@{options.MessageIdDomain}";
        var from = message.From ?? EmailAddress.Parse(options.From);

        using var mail = new MailMessage
        {
            From = new MailAddress(from.Address, from.DisplayName, Encoding.UTF8),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        foreach (var to in message.To)
        {
            mail.To.Add(new MailAddress(to.Address, to.DisplayName, Encoding.UTF8));
        }

        foreach (var cc in message.Cc ?? [])
        {
            mail.CC.Add(new MailAddress(cc.Address, cc.DisplayName, Encoding.UTF8));
        }

        mail.Headers.Add("Message-ID", $"<{messageId}>");
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.TextBody ?? MimeWriter.HtmlToText(message.HtmlBody), Encoding.UTF8, "text/plain"));
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, Encoding.UTF8, "text/html"));
        foreach (var attachment in message.Attachments ?? [])
        {
            mail.Attachments.Add(new Attachment(new MemoryStream(attachment.Content), attachment.FileName, attachment.ContentType)
            {
                NameEncoding = Encoding.UTF8,
            });
        }

        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = smtp.TimeoutSeconds * 1000,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        await client.SendMailAsync(mail, ct);
        LogSent(messageId, smtp.Host, smtp.Port);
        return new EmailReceipt(messageId);
    }

    [LoggerMessage(LogLevel.Information, "E-mail {MessageId} sent through {Host}:{Port}")]
    private partial void LogSent(string messageId, string host, int port);
}
