using System.Net;
using System.Text.RegularExpressions;

namespace Monolith.BuildingBlocks.Email;

/// <summary>The plain-text alternative of an HTML body (for mail clients that do not show HTML).</summary>
public static partial class HtmlText
{
    public static string ToPlainText(string html)
    {
        var text = HeadOrScript().Replace(html, string.Empty);
        text = LineBreakTags().Replace(text, "\n");
        text = ListItem().Replace(text, "\n- ");
        text = Tag().Replace(text, string.Empty);
        text = WebUtility.HtmlDecode(text);
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        return BlankLines().Replace(string.Join("\n", lines), "\n\n").Trim() + "\n";
    }

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
