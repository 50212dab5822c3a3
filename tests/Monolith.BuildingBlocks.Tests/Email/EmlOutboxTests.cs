using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
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

    [Fact]
    public async Task Writes_a_MIME_message_any_mail_client_can_read()
    {
        var pdf = new byte[5000];
        new Random(42).NextBytes(pdf);
        var subject = "Votre réservation à Saint-Émilion — été 2017, confirmée ✓ (groupe « Les Aînés »)";
        var html = "<p>Bonjour Zoé,</p><p>Montant : 1\u202F698,00\u00A0€. " + new string('x', 200) + " fin.</p>\n<p>Ligne terminée par des espaces   </p>";
        var message = new EmailMessage(
            null,
            [new EmailAddress("zoe@example.org", "Zoé Martin"), "\"Dupont, Jean\" <jean@example.org>"],
            ["compta@ot-sete.fr"],
            subject,
            html,
            "Bonjour Zoé,\nMontant : 1 698,00 €.",
            [new EmailAttachment("facture-été.pdf", "application/pdf", pdf)])
        {
            TenantId = "tenant-a",
        };

        var receipt = await Sender().SendAsync(message);

        receipt.StoredAt.Should().StartWith(Path.Combine(_folder.Path, "outbox", "tenant-a") + Path.DirectorySeparatorChar).And.EndWith(".eml");
        var bytes = await File.ReadAllBytesAsync(receipt.StoredAt!);
        bytes.Should().OnlyContain(b => b < 128, "the message is 7-bit: every non-ASCII character is encoded");
        var text = Encoding.ASCII.GetString(bytes);
        text.Replace("\r\n", string.Empty, StringComparison.Ordinal).Should().NotContain("\n").And.NotContain("\r", "every line ends with CRLF");
        text.Split("\r\n").Should().OnlyContain(line => line.Length <= 78, "lines stay under the RFC 5322 recommended length");

        var mime = MimeEntity.Parse(text);
        mime.Header("MIME-Version").Should().Be("1.0");
        mime.Header("Date").Should().Be("Mon, 19 Dec 2016 11:55:00 +0100", "the Date header is the office's local time");
        mime.Header("Message-ID").Should().Be($"<{receipt.MessageId}>");
        mime.DecodedHeader("Subject").Should().Be(subject);
        mime.Header("Subject").Should().StartWith("=?utf-8?B?");
        mime.DecodedHeader("From").Should().Be("Office de Tourisme de Sète <contact@ot-sete.fr>");
        mime.DecodedHeader("To").Should().Be("Zoé Martin <zoe@example.org>, \"Dupont, Jean\" <jean@example.org>");
        mime.DecodedHeader("Cc").Should().Be("<compta@ot-sete.fr>");

        mime.MediaType.Should().Be("multipart/mixed");
        mime.Parts.Should().HaveCount(2);
        var alternative = mime.Parts[0];
        alternative.MediaType.Should().Be("multipart/alternative");
        alternative.Parts.Select(p => p.MediaType).Should().Equal("text/plain", "text/html");
        alternative.Parts[0].BodyText.Should().Be("Bonjour Zoé,\r\nMontant : 1 698,00 €.");
        alternative.Parts[1].BodyText.Should().Be(html.Replace("\n", "\r\n", StringComparison.Ordinal));
        alternative.Parts[1].Header("Content-Transfer-Encoding").Should().Be("quoted-printable");

        var attachment = mime.Parts[1];
        attachment.MediaType.Should().Be("application/pdf");
        attachment.Header("Content-Transfer-Encoding").Should().Be("base64");
        attachment.Header("Content-Disposition").Should().StartWith("attachment;").And.Contain("filename*=utf-8''facture-%C3%A9t%C3%A9.pdf");
        attachment.Parameter("Content-Disposition", "filename").Should().Be("facture-ete.pdf");
        attachment.BodyBytes.Should().Equal(pdf);
    }

    [Fact]
    public async Task Without_a_text_body_the_plain_text_part_is_derived_from_the_html()
    {
        var message = new EmailMessage(null, ["a@example.org"], null, "Plain subject", "<html><head><style>p{}</style></head><body><p>Un &amp; deux</p><ul><li>trois</li></ul></body></html>");

        var receipt = await Sender().SendAsync(message);

        var mime = MimeEntity.Parse(await File.ReadAllTextAsync(receipt.StoredAt!));
        mime.Header("Subject").Should().Be("Plain subject");
        mime.Leaves.First().BodyText.Should().Be("Un & deux\r\n\r\n- trois\r\n");
        Path.GetDirectoryName(receipt.StoredAt).Should().EndWith("_platform");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=b")]
    [InlineData("trailing space ")]
    [InlineData("tab\tinside and at end\t")]
    [InlineData("é")]
    [InlineData("ligne 1\nligne 2\r\nligne 3\n")]
    [InlineData("€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€")]
    [InlineData("a.......................................................................................................................z")]
    public void Quoted_printable_round_trips_and_keeps_lines_short(string value)
    {
        var encoded = MimeWriter.QuotedPrintable(value);

        encoded.Split("\r\n").Should().OnlyContain(line => line.Length <= 76);
        encoded.Should().NotContain("\n\n");
        Encoding.UTF8.GetString(MimeEntity.DecodeQuotedPrintable(encoded))
            .Should().Be(value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));
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
