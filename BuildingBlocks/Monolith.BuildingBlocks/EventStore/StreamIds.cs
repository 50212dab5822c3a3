using System.Text;

namespace Monolith.BuildingBlocks.EventStore;

/// <summary>The one way to build a stream id: <c>{kind}:{part}:{part}…</c>. The kind is a fixed lower-case name with dashes
/// (<c>billing-account</c>) and never holds a colon; each part (office id, customer id…) is escaped so that it never holds one
/// either (<c>%</c> → <c>%25</c>, <c>:</c> → <c>%3A</c>). So an id splits back into exactly one kind and one list of parts:
/// two different (kind, parts) can never give the same id, whatever dashes the office or resource ids contain
/// (<c>billing-account:ot-caen-mer:42</c> ≠ <c>billing-account:ot-caen:mer-42</c>). See ADR 0012.</summary>
public static class StreamIds
{
    public const char Separator = ':';

    public static string For(string kind, params ReadOnlySpan<string> parts)
    {
        RequireKind(kind);
        if (parts.Length == 0)
        {
            throw new ArgumentException("A stream id needs at least one part (the resource id).", nameof(parts));
        }

        var builder = new StringBuilder(kind);
        foreach (var part in parts)
        {
            ArgumentException.ThrowIfNullOrEmpty(part, nameof(parts));
            builder.Append(Separator);
            foreach (var c in part)
            {
                switch (c)
                {
                    case '%':
                        builder.Append("%25");
                        break;
                    case Separator:
                        builder.Append("%3A");
                        break;
                    default:
                        builder.Append(c);
                        break;
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>The kind and parts of an id built by <see cref="For"/> (the inverse; used by tests and tools).</summary>
    public static (string Kind, string[] Parts) Parse(string streamId)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        var tokens = streamId.Split(Separator);
        if (tokens.Length < 2)
        {
            throw new FormatException($"'{streamId}' is not a stream id built by StreamIds.For.");
        }

        return (tokens[0], tokens[1..].Select(t => t.Replace("%3A", ":", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal)).ToArray());
    }

    private static void RequireKind(string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (!char.IsAsciiLetterLower(kind[0]) || kind.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            throw new ArgumentException($"A stream kind is lower-case letters, digits and dashes: '{kind}'.", nameof(kind));
        }
    }
}
