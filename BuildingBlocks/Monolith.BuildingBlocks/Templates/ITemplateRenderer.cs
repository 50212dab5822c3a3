namespace Monolith.BuildingBlocks.Templates;

/// <summary>Renders the Scriban templates modules embed (see <c>m.Templates(assembly)</c>). Names are <c>{module}.{name}</c>
/// (e.g. <c>bookings.quote</c>); the language defaults to French.</summary>
public interface ITemplateRenderer
{
    bool Exists(string template, string language = TemplateRegistry.DefaultLanguage);

    /// <summary>Every registered template name (<c>{module}.{name}</c>), e.g. for the test that renders each with sample data.</summary>
    IReadOnlyCollection<string> TemplateNames { get; }

    /// <summary>Renders the HTML body (HTML-escaped values), the optional subject line and the optional plain-text variant.
    /// Throws <see cref="KeyNotFoundException"/> for an unknown template.</summary>
    RenderedTemplate Render(string template, object? model, string language = TemplateRegistry.DefaultLanguage);

    /// <summary>The same, with <paramref name="globals"/> visible to the template under names the model does not use (the model's own
    /// members win). The notifier passes the sender's <c>sender_name</c> (the office's name: e-mail signatures) and
    /// <c>sender_legal_name</c> (its legal name: cheque payee and other legal mentions).</summary>
    RenderedTemplate Render(string template, object? model, IReadOnlyDictionary<string, object?> globals, string language = TemplateRegistry.DefaultLanguage);

    /// <summary>Renders a shared layout (<c>layout-email</c>, <c>layout-document</c>) around an already-rendered body.</summary>
    string RenderLayout(string layout, string? title, string bodyHtml);

    /// <summary>The same, with the issuing office's logo (a <c>data:</c> URI) printed by <c>layout-document</c>.</summary>
    string RenderLayout(string layout, string? title, string bodyHtml, string? logoDataUri);
}

/// <summary>A rendered template. <see cref="Subject"/> comes from the template's first line <c>{{## subject: ... ##}}</c>;
/// <see cref="Text"/> from the sibling <c>{name}.txt.{lang}.sbn</c> when the module ships one.</summary>
public sealed record RenderedTemplate(string? Subject, string Html, string? Text);
