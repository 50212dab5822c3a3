using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Monolith.BuildingBlocks.Email;

namespace Monolith.BuildingBlocks.Tests.Email;

/// <summary>A minimal SMTP server on loopback that accepts one message and hands back its DATA.</summary>
public sealed class OneMessageSmtpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public OneMessageSmtpServer() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public List<string> Commands { get; } = [];

    public async Task<string> ReceiveAsync(CancellationToken ct)
    {
        using var client = await _listener.AcceptTcpClientAsync(ct);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost test SMTP");
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            Commands.Add(line);
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 localhost");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                    while (await reader.ReadLineAsync(ct) is { } body && body != ".")
                    {
                        data.Append(body.StartsWith("..", StringComparison.Ordinal) ? body[1..] : body).Append("\r\n");
                    }

                    await writer.WriteLineAsync("250 queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return data.ToString();
                default:
                    await writer.WriteLineAsync("250 ok");
                    break;
            }
        }

        return data.ToString();
    }

    public void Dispose() => _listener.Stop();
}

public sealed class SmtpEmailSenderTests
{
    [Fact]
    public async Task Sends_the_message_through_the_configured_relay()
    {
        using var server = new OneMessageSmtpServer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = server.ReceiveAsync(timeout.Token);
        var options = new EmailOptions
        {
            From = "Office de Tourisme de Sète <contact@ot-sete.fr>",
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = server.Port, EnableSsl = false },
        };
        var pdf = Encoding.UTF8.GetBytes("%PDF-1.4 fausse facture");
        var message = new EmailMessage(null, ["Zoé Martin <zoe@example.org>"], null, "Votre facture d'été", "<p>Ci-joint votre facture.</p>", null,
            [new EmailAttachment("facture.pdf", "application/pdf", pdf)])
        {
            MessageId = "abc123@ot-sete.fr",
        };

        var receipt = await new SmtpEmailSender(options, NullLogger<SmtpEmailSender>.Instance).SendAsync(message, timeout.Token);

        receipt.MessageId.Should().Be("abc123@ot-sete.fr");
        var mime = MimeEntity.Parse(await received);
        server.Commands.Should().Contain(c => c.StartsWith("RCPT TO:<zoe@example.org>", StringComparison.Ordinal));
        mime.DecodedHeader("Subject").Should().Be("Votre facture d'été");
        mime.Header("Message-ID").Should().Be("<abc123@ot-sete.fr>");
        mime.Leaves.Should().Contain(p => p.MediaType == "text/html" && p.BodyText.Contains("Ci-joint votre facture."));
        mime.Leaves.Single(p => p.MediaType == "application/pdf").BodyBytes.Should().Equal(pdf);
    }
}
