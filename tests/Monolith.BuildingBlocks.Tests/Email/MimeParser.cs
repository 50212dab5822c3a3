using System.Text;
using System.Text.RegularExpressions;

namespace Monolith.BuildingBlocks.Tests.Email;

/// <summary>A small, independent MIME reader for the tests: unfolds headers, decodes RFC 2047 words, splits multiparts,
/// decodes quoted-printable and base64.</summary>
public sealed partial class MimeEntity
{
    private MimeEntity(List<KeyValuePair<string, string>> headers, string rawBody)
    {
        Headers = headers;
        RawBody = rawBody;
    }

    public List<KeyValuePair<string, string>> Headers { get; }

    public string RawBody { get; }

    public List<MimeEntity> Parts { get; } = [];

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string? DecodedHeader(string name) => Header(name) is { } value ? DecodeWords(value) : null;

    public string MediaType => (Header("Content-Type") ?? "text/plain").Split(';')[0].Trim().ToLowerInvariant();

    public string? Parameter(string header, string parameter)
    {
        var match = Regex.Match(Header(header) ?? string.Empty, parameter + "=\"?(?<v>[^\";]+)\"?", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups["v"].Value : null;
    }

    public byte[] BodyBytes => (Header("Content-Transfer-Encoding") ?? "7bit").Trim().ToLowerInvariant() switch
    {
        "base64" => Convert.FromBase64String(RawBody.Replace("\r\n", string.Empty, StringComparison.Ordinal)),
        "quoted-printable" => DecodeQuotedPrintable(RawBody),
        _ => Encoding.ASCII.GetBytes(RawBody),
    };

    public string BodyText => Encoding.UTF8.GetString(BodyBytes);

    public IEnumerable<MimeEntity> Leaves => Parts.Count == 0 ? [this] : Parts.SelectMany(p => p.Leaves);

    public static MimeEntity Parse(string text)
    {
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerBlock = split < 0 ? text : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 4)..];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in headerBlock.Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + line); // unfold: CRLF removed, the white space kept
            }
            else
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
            }
        }

        var entity = new MimeEntity(headers, body);
        if (entity.MediaType.StartsWith("multipart/", StringComparison.Ordinal))
        {
            var boundary = entity.Parameter("Content-Type", "boundary")!;
            var sections = body.Split("--" + boundary);
            foreach (var section in sections.Skip(1))
            {
                if (section.StartsWith("--", StringComparison.Ordinal))
                {
                    break;
                }

                var content = section.StartsWith("\r\n", StringComparison.Ordinal) ? section[2..] : section;
                content = content.EndsWith("\r\n", StringComparison.Ordinal) ? content[..^2] : content;
                entity.Parts.Add(Parse(content));
            }
        }

        return entity;
    }

    public static string DecodeWords(string value)
    {
        // white space between two adjacent encoded-words is not displayed (RFC 2047 §6.2)
        var joined = Regex.Replace(value, @"\?=\s+=\?", "?==?");
        return EncodedWord().Replace(joined, m =>
        {
            var charset = Encoding.GetEncoding(m.Groups["charset"].Value);
            var payload = m.Groups["text"].Value;
            var bytes = m.Groups["enc"].Value.ToUpperInvariant() == "B"
                ? Convert.FromBase64String(payload)
                : DecodeQuotedPrintable(payload.Replace('_', ' '));
            return charset.GetString(bytes);
        });
    }

    public static byte[] DecodeQuotedPrintable(string value)
    {
        var output = new List<byte>();
        var text = value.Replace("=\r\n", string.Empty, StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length + 0 && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                output.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                output.Add((byte)text[i]);
            }
        }

        return [.. output];

        static bool IsHex(char c) => Uri.IsHexDigit(c);
    }

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<enc>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();
}
