using System.Text;
using MimeKit;

namespace Monolith.Testing;

/// <summary>Reads an outbox <c>.eml</c> with MimeKit (the library that wrote it), for tests that search a message's text.</summary>
public static class OutboxMail
{
    /// <summary>The decoded headers (<c>Name: value</c>, one a line), then every text part's text, then the attachments' file names.</summary>
    public static string Decode(string raw)
    {
        var message = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(raw)));
        var text = new StringBuilder();
        foreach (var header in message.Headers)
        {
            text.Append(header.Field).Append(": ").Append(header.Value).Append('\n');
        }

        foreach (var part in message.BodyParts)
        {
            if (part is TextPart { IsAttachment: false } body)
            {
                text.Append('\n').Append(body.Text);
            }
            else if (part is MimePart attachment)
            {
                text.Append('\n').Append(attachment.FileName);
            }
        }

        return text.ToString();
    }

    public static MimeMessage Load(string path) => MimeMessage.Load(path);
}
