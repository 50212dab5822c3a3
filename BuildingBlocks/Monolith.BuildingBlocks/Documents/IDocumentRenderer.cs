using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>The same for a document the office <paramref name="officeId"/> issues: the layout prints the office's logo (if it set
    /// one, <see cref="IOfficeLogos"/>) in the header of the first page, top right, above the envelope window.</summary>
    Task<string> RenderOfficeDocumentAsync(string officeId, string template, object? model, CancellationToken ct = default);
}

/// <summary>An office's logo, as set by its administrator (PNG or JPEG, checked by its magic bytes).</summary>
public sealed record OfficeLogo(string ContentType, byte[] Bytes)
{
    /// <summary>The image as a <c>data:</c> URI, embedded in the document (the PDF printer fetches nothing).</summary>
    public string DataUri => $"data:{ContentType};base64,{Convert.ToBase64String(Bytes)}";
}

/// <summary>Where documents find an office's logo (Offices provides it; none registered = no logo).</summary>
public interface IOfficeLogos
{
    Task<OfficeLogo?> GetAsync(string officeId, CancellationToken ct = default);
}

internal sealed class HtmlDocumentRenderer(ITemplateRenderer templates, IServiceProvider services) : IDocumentRenderer
{
    public Task<string> RenderHtmlAsync(string template, object? model, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(Render(template, model, null));
    }

    public async Task<string> RenderOfficeDocumentAsync(string officeId, string template, object? model, CancellationToken ct = default)
    {
        var logos = services.GetService<IOfficeLogos>();
        var logo = logos is null ? null : await logos.GetAsync(officeId, ct);
        return Render(template, model, logo?.DataUri);
    }

    private string Render(string template, object? model, string? logoDataUri)
    {
        var rendered = templates.Render(template, model);
        return IsWholeDocument(rendered.Html)
            ? rendered.Html
            : templates.RenderLayout(SharedLayouts.Document, rendered.Subject, rendered.Html, logoDataUri);
    }

    internal static bool IsWholeDocument(string html)
    {
        var start = html.TrimStart();
        return start.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
