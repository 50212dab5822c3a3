using Monolith.BuildingBlocks.Templates;

namespace Monolith.BuildingBlocks.Documents;

/// <summary>Renders a module template as a complete, printable HTML document (A4 print CSS). The HTML is the source of truth;
/// billing prints it to PDF later (headless chromium).</summary>
public interface IDocumentRenderer
{
    /// <summary>Renders <paramref name="template"/> (<c>{module}.{name}</c>) and wraps it in the <c>layout-document</c> partial, whose
    /// title is the template's subject line. A template that already produces a whole document (starts with <c>&lt;!DOCTYPE</c> or
    /// <c>&lt;html</c>, e.g. one that uses <c>{{#&gt; layout-document}}</c> itself) is returned as it is.</summary>
    Task<string> RenderHtmlAsync(string template, object? model, CancellationToken ct = default);
}

internal sealed class HtmlDocumentRenderer(ITemplateRenderer templates) : IDocumentRenderer
{
    public Task<string> RenderHtmlAsync(string template, object? model, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var rendered = templates.Render(template, model);
        var html = IsWholeDocument(rendered.Html)
            ? rendered.Html
            : templates.RenderLayout(SharedLayouts.Document, rendered.Subject, rendered.Html);
        return Task.FromResult(html);
    }

    internal static bool IsWholeDocument(string html)
    {
        var start = html.TrimStart();
        return start.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
