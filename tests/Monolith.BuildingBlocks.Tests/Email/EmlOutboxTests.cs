using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Tests.Jobs;

namespace Monolith.BuildingBlocks.Tests.Email;

public sealed class EmlOutboxTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2016, 12, 19, 10, 55, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    private EmlOutboxEmailSender Sender() => new(
        new EmailOptions { OutboxFolder = Path.Combine(_folder.Path, "outbox"), From = "Office de Tourisme de Sète <contact@ot-sete.fr>" },
        _clock,
        NullLogger<EmlOutboxEmailSender>.Instance);

    internal static EmailMessage Sample(byte[] pdf, string html) => new(
        null,
        [new EmailAddress("zoe@example.org", "Zoé Martin"), "\"Dupont, Jean\" <jean@example.org>"],
        ["compta@ot-sete.fr"],
        "Votre réservation à Saint-Émilion — été 2017, confirmée ✓ (groupe « Les Aînés »)",
        html,
        "Bonjour Zoé,\nMontant : 1 698,00 €.",
        [new EmailAttachment("facture-été.pdf", "application/pdf", pdf)])
    {
        TenantId = "tenant-a",
        ReplyTo = new EmailAddress("accueil@ot-sete.fr", "Office de Tourisme de Sète"),
    };

    [Fact]
    public async Task Writes_a_MIME_message_any_mail_client_can_read()
    {
        var pdf = new byte[5000];
        new Random(42).NextBytes(pdf);
        var html = "<p>Bonjour Zoé,</p><p>Montant : 1\u202F698,00\u00A0€. " + new string('x', 200) + " fin.</p>\n<p>Ligne terminée par des espaces   </p>";
        var message = Sample(pdf, html);

        var receipt = await Sender().SendAsync(message);

        receipt.StoredAt.Should().StartWith(Path.Combine(_folder.Path, "outbox", "tenant-a") + Path.DirectorySeparatorChar).And.EndWith(".eml");
        var bytes = await File.ReadAllBytesAsync(receipt.StoredAt!);
        bytes.Should().OnlyContain(b => b < 128, "the message is 7-bit: every non-ASCII character is encoded");
        var text = Encoding.ASCII.GetString(bytes);
        text.Replace("\r\n", string.Empty, StringComparison.Ordinal).Should().NotContain("\n").And.NotContain("\r", "every line ends with CRLF");
        text.Split("\r\n").Should().OnlyContain(line => line.Length <= 78, "lines stay under the RFC 5322 recommended length");

        var mime = MimeMessage.Load(new MemoryStream(bytes));
        mime.Headers[HeaderId.MimeVersion].Should().Be("1.0");
        mime.Headers[HeaderId.Date].Should().Be("Mon, 19 Dec 2016 11:55:00 +0100", "the Date header is the office's local time");
        mime.MessageId.Should().Be(receipt.MessageId);
        mime.Subject.Should().Be(message.Subject);
        mime.From.Mailboxes.Single().Should().BeEquivalentTo(new { Name = "Office de Tourisme de Sète", Address = "contact@ot-sete.fr" });
        mime.To.Mailboxes.Select(m => (m.Name, m.Address)).Should().Equal(("Zoé Martin", "zoe@example.org"), ("Dupont, Jean", "jean@example.org"));
        mime.Cc.Mailboxes.Single().Address.Should().Be("compta@ot-sete.fr");
        mime.ReplyTo.Mailboxes.Single().Address.Should().Be("accueil@ot-sete.fr");
        mime.Headers["Auto-Submitted"].Should().Be("auto-generated");

        var mixed = mime.Body.Should().BeOfType<Multipart>().Subject;
        mixed.ContentType.MimeType.Should().Be("multipart/mixed");
        mixed.Should().HaveCount(2);
        var alternative = mixed[0].Should().BeOfType<MultipartAlternative>().Subject;
        alternative.Select(p => p.ContentType.MimeType).Should().Equal("text/plain", "text/html");
        mime.TextBody!.ReplaceLineEndings("\n").Should().Be("Bonjour Zoé,\nMontant : 1 698,00 €.");
        mime.HtmlBody!.ReplaceLineEndings("\n").Should().Be(html);
        ((TextPart)alternative[1]).ContentTransferEncoding.Should().Be(ContentEncoding.QuotedPrintable);

        var attachment = mime.Attachments.Should().ContainSingle().Subject.Should().BeOfType<MimePart>().Subject;
        attachment.ContentType.MimeType.Should().Be("application/pdf");
        attachment.ContentTransferEncoding.Should().Be(ContentEncoding.Base64);
        attachment.FileName.Should().Be("facture-été.pdf");
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        content.ToArray().Should().Equal(pdf);
    }

    [Fact]
    public async Task Without_a_text_body_the_plain_text_part_is_derived_from_the_html()
    {
        var message = new EmailMessage(null, ["a@example.org"], null, "Plain subject", "<html><head><style>p{}</style></head><body><p>Un &amp; deux</p><ul><li>trois</li></ul></body></html>");

        var receipt = await Sender().SendAsync(message);

        var mime = await MimeMessage.LoadAsync(receipt.StoredAt!);
        mime.Headers[HeaderId.Subject].Should().Be("Plain subject");
        mime.TextBody!.ReplaceLineEndings("\n").Should().Be("Un & deux\n\n- trois\n");
        mime.ReplyTo.Count.Should().Be(0, "no Reply-To was asked for");
        Path.GetDirectoryName(receipt.StoredAt).Should().EndWith("_platform");
    }

    [Fact]
    public void A_display_name_cannot_inject_a_header()
    {
        var address = new EmailAddress("x@example.org", "Evil\r\nBcc: victim@example.org");
        address.DisplayName.Should().NotContain("\r").And.NotContain("\n");
        var act = () => new EmailAddress("x@example.org\r\nBcc: y@example.org");
        act.Should().Throw<ArgumentException>();
    }
}
