using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Monolith.BuildingBlocks.Email;

/// <summary>Writes an RFC 5322 / MIME message as 7-bit text with CRLF line endings:
/// <c>multipart/mixed</c> ⊃ (<c>multipart/alternative</c> ⊃ text/plain + text/html, quoted-printable UTF-8) + base64 attachments.
/// Subject and display names with non-ASCII characters become RFC 2047 encoded-words; attachment names carry an ASCII fallback and
/// an RFC 2231 <c>filename*</c>.</summary>
public static partial class MimeWriter
{
    private const string Crlf = "\r\n";

    public static string Write(EmailMessage message, EmailAddress from, string messageId, DateTimeOffset date)
    {
        ArgumentOutOfRangeException.ThrowIfZero(message.To.Count, nameof(message.To));
        var seed = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..24];
        var mixed = $"=_mixed_{seed}";
        var alternative = $"=_alt_{seed}";

        var text = new StringBuilder();
        Header(text, "Date", FormatDate(date));
        Header(text, "From", AddressList([from]));
        Header(text, "To", AddressList(message.To));
        if (message.Cc is { Count: > 0 })
        {
            Header(text, "Cc", AddressList(message.Cc));
        }

        Header(text, "Subject", EncodeUnstructured(OneLine(message.Subject)));
        Header(text, "Message-ID", $"<{messageId}>");
        Header(text, "MIME-Version", "1.0");
        Header(text, "Content-Type", $"multipart/mixed; boundary=\"{mixed}\"");
        text.Append(Crlf);
        text.Append("This is a multi-part message in MIME format.").Append(Crlf);

        text.Append("--").Append(mixed).Append(Crlf);
        Header(text, "Content-Type", $"multipart/alternative; boundary=\"{alternative}\"");
        text.Append(Crlf);
        Part(text, alternative, "text/plain; charset=utf-8", message.TextBody ?? HtmlToText(message.HtmlBody));
        Part(text, alternative, "text/html; charset=utf-8", message.HtmlBody);
        text.Append("--").Append(alternative).Append("--").Append(Crlf);

        foreach (var attachment in message.Attachments ?? [])
        {
            var ascii = AsciiFileName(attachment.FileName);
            text.Append("--").Append(mixed).Append(Crlf);
            Header(text, "Content-Type", $"{OneLine(attachment.ContentType)}; name=\"{ascii}\"");
            Header(text, "Content-Transfer-Encoding", "base64");
            Header(text, "Content-Disposition", $"attachment; filename=\"{ascii}\";{Crlf} filename*=utf-8''{Rfc2231(attachment.FileName)}");
            text.Append(Crlf);
            text.Append(Convert.ToBase64String(attachment.Content, Base64FormattingOptions.InsertLineBreaks)).Append(Crlf);
        }

        text.Append("--").Append(mixed).Append("--").Append(Crlf);
        return text.ToString();
    }

    /// <summary>RFC 5322 date in the given offset: <c>Mon, 19 Dec 2016 11:55:00 +0100</c>.</summary>
    public static string FormatDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + sign + offset.Hours.ToString("00", CultureInfo.InvariantCulture) + offset.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Quoted-printable (RFC 2045) of the UTF-8 bytes, lines ≤ 76 characters, hard line breaks as CRLF.</summary>
    public static string QuotedPrintable(string value)
    {
        var output = new StringBuilder();
        var lines = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            var bytes = Encoding.UTF8.GetBytes(lines[l]);
            var length = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                var literal = (b is >= 33 and <= 126 && b != '=') || (b is (byte)' ' or (byte)'\t' && i < bytes.Length - 1);
                var token = literal ? ((char)b).ToString() : "=" + b.ToString("X2", CultureInfo.InvariantCulture);
                if (length + token.Length > 75)
                {
                    output.Append('=').Append(Crlf);
                    length = 0;
                }

                output.Append(token);
                length += token.Length;
            }

            if (l < lines.Length - 1)
            {
                output.Append(Crlf);
            }
        }

        return output.ToString();
    }

    /// <summary>An unstructured header value: as is when printable ASCII, else RFC 2047 <c>=?utf-8?B?…?=</c> words (≤ 75 chars each,
    /// never splitting a character) folded on separate lines.</summary>
    public static string EncodeUnstructured(string value) =>
        IsPlainAscii(value) ? value : string.Join(Crlf + " ", EncodedWords(value));

    /// <summary>A decoded plain-text alternative for an HTML body.</summary>
    public static string HtmlToText(string html)
    {
        var text = HeadOrScript().Replace(html, string.Empty);
        text = LineBreakTags().Replace(text, "\n");
        text = ListItem().Replace(text, "\n- ");
        text = Tag().Replace(text, string.Empty);
        text = WebUtility.HtmlDecode(text);
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        return BlankLines().Replace(string.Join("\n", lines), "\n\n").Trim() + "\n";
    }

    private static void Part(StringBuilder text, string boundary, string contentType, string body)
    {
        text.Append("--").Append(boundary).Append(Crlf);
        Header(text, "Content-Type", contentType);
        Header(text, "Content-Transfer-Encoding", "quoted-printable");
        text.Append(Crlf);
        text.Append(QuotedPrintable(body)).Append(Crlf);
    }

    private static void Header(StringBuilder text, string name, string value) => text.Append(name).Append(": ").Append(value).Append(Crlf);

    private static string AddressList(IEnumerable<EmailAddress> addresses) =>
        string.Join("," + Crlf + " ", addresses.Select(Mailbox));

    private static string Mailbox(EmailAddress address)
    {
        if (address.DisplayName is null)
        {
            return $"<{address.Address}>";
        }

        var name = address.DisplayName;
        string phrase;
        if (!IsPlainAscii(name))
        {
            phrase = string.Join(Crlf + " ", EncodedWords(name));
        }
        else if (Atext().IsMatch(name))
        {
            phrase = name;
        }
        else
        {
            phrase = "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }

        return $"{phrase} <{address.Address}>";
    }

    private static IEnumerable<string> EncodedWords(string value)
    {
        const int maxBytes = 39; // 52 base64 characters + "=?utf-8?B?" + "?=" = 64: with "Subject: " a line stays under 78
        var chunk = new List<byte>(maxBytes);
        Span<byte> buffer = stackalloc byte[4];
        var words = new List<string>();
        foreach (var rune in value.EnumerateRunes())
        {
            var count = rune.EncodeToUtf8(buffer);
            if (chunk.Count + count > maxBytes)
            {
                words.Add(Word(chunk));
                chunk.Clear();
            }

            for (var i = 0; i < count; i++)
            {
                chunk.Add(buffer[i]);
            }
        }

        if (chunk.Count > 0)
        {
            words.Add(Word(chunk));
        }

        return words;

        static string Word(List<byte> bytes) => $"=?utf-8?B?{Convert.ToBase64String(bytes.ToArray())}?=";
    }

    private static string AsciiFileName(string fileName)
    {
        var decomposed = fileName.Normalize(NormalizationForm.FormD);
        var ascii = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            ascii.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_');
        }

        return ascii.Length == 0 ? "attachment" : ascii.ToString();
    }

    private static string Rfc2231(string value)
    {
        var output = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            output.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' ? c.ToString() : "%" + b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return output.ToString();
    }

    private static string OneLine(string value) => value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Trim();

    private static bool IsPlainAscii(string value) => value.All(c => c is >= ' ' and <= '~') && value.Length <= 900;

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$")]
    private static partial Regex Atext();

    [GeneratedRegex(@"<(head|script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HeadOrScript();

    [GeneratedRegex(@"<br\s*/?>|</(p|div|tr|h[1-6]|table|ul|ol|li)\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreakTags();

    [GeneratedRegex(@"<li\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
