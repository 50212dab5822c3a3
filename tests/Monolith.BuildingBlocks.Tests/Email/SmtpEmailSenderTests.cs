using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Tests.Jobs;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Monolith.BuildingBlocks.Tests.Email;

/// <summary>A real SMTP server (the SmtpServer package) listening on loopback for the test's duration; it keeps what it receives,
/// with the envelope (MAIL FROM / RCPT TO) the client gave.</summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private LoopbackSmtpServer(int port, Received store)
    {
        Port = port;
        Messages = store.Messages;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).IsSecure(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<(string From, IReadOnlyList<string> To, byte[] Data)> Messages { get; }

    public static async Task<LoopbackSmtpServer> StartAsync()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new LoopbackSmtpServer(port, new Received());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20); // the listener binds asynchronously: poll until it accepts, bounded
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Received : MessageStore
    {
        public ConcurrentQueue<(string From, IReadOnlyList<string> To, byte[] Data)> Messages { get; } = new();

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Messages.Enqueue((Address(transaction.From), [.. transaction.To.Select(Address)], buffer.ToArray()));
            return Task.FromResult(SmtpResponse.Ok);
        }

        private static string Address(SmtpServer.Mail.IMailbox mailbox) => $"{mailbox.User}@{mailbox.Host}";
    }
}

public sealed class SmtpEmailSenderTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2016, 12, 19, 10, 55, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Delivers_to_a_real_SMTP_server_the_very_message_the_outbox_stores()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = new EmailOptions
        {
            From = "Office de Tourisme de Sète <contact@ot-sete.fr>",
            OutboxFolder = Path.Combine(_folder.Path, "outbox"),
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = server.Port, EnableSsl = false },
        };
        var pdf = new byte[3000];
        new Random(7).NextBytes(pdf);
        var message = EmlOutboxTests.Sample(pdf, "<p>Ci-joint votre facture de 1\u202F698,00\u00A0€.</p>") with { MessageId = "abc123@ot-sete.fr" };

        var receipt = await new SmtpEmailSender(options, _clock, NullLogger<SmtpEmailSender>.Instance).SendAsync(message, timeout.Token);
        var stored = await new EmlOutboxEmailSender(options, _clock, NullLogger<EmlOutboxEmailSender>.Instance).SendAsync(message, timeout.Token);

        receipt.MessageId.Should().Be("abc123@ot-sete.fr");
        var (from, to, data) = server.Messages.Should().ContainSingle().Subject;
        from.Should().Be("contact@ot-sete.fr");
        to.Should().BeEquivalentTo("zoe@example.org", "jean@example.org", "compta@ot-sete.fr");
        var outbox = await File.ReadAllBytesAsync(stored.StoredAt!);
        outbox[^2..].Should().Equal((byte)'\r', (byte)'\n');
        data.Should().Equal(outbox[..^2], "one builder: the relay receives exactly what the outbox stores (less the CRLF that SMTP's final dot line owns)");

        var mime = MimeMessage.Load(new MemoryStream(data));
        mime.Subject.Should().Be(message.Subject);
        mime.MessageId.Should().Be("abc123@ot-sete.fr");
        mime.ReplyTo.Mailboxes.Single().Address.Should().Be("accueil@ot-sete.fr");
        mime.Headers["Auto-Submitted"].Should().Be("auto-generated");
        mime.HtmlBody.Should().Contain("Ci-joint votre facture de 1\u202F698,00\u00A0€.");
        var attachment = (MimePart)mime.Attachments.Single();
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        content.ToArray().Should().Equal(pdf);
    }

    [Fact]
    public async Task A_relay_that_is_down_fails_the_send()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = new EmailOptions { Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, EnableSsl = false, TimeoutSeconds = 5 } };

        var act = () => new SmtpEmailSender(options, _clock, NullLogger<SmtpEmailSender>.Instance)
            .SendAsync(new EmailMessage(null, ["a@example.org"], null, "Sujet", "<p>x</p>"));

        await act.Should().ThrowAsync<SocketException>();
    }
}
