using System.Runtime.CompilerServices;
using System.Text;
using Monolith.BuildingBlocks.Templates;

namespace Monolith.Modules.Tests.Templates;

/// <summary>The outputs the templates gave before the move from Handlebars.Net to Scriban (files under <c>Before/</c>, one per sample),
/// and the format they are written in: subject, HTML and text sections.</summary>
internal static class TemplateFixtures
{
    public const string LayoutBody = "<p>Corps déjà rendu : L'Écume &amp; Co</p>";
    public const string LayoutTitle = "Votre facture n° FA-1 \"test\" & <co>";

    public static string Directory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Before");

    public static string Format(RenderedTemplate rendered) =>
        new StringBuilder()
            .Append("== subject\n").Append(rendered.Subject ?? "(none)").Append('\n')
            .Append("== html\n").Append(rendered.Html).Append('\n')
            .Append("== text\n").Append(rendered.Text ?? "(none)").Append('\n')
            .ToString();

    /// <summary>A deliberate change of a template's output: run the tests once with <c>UPDATE_TEMPLATE_FIXTURES=1</c> to rewrite the
    /// fixtures that differ, then review the diff (the fixtures are the reviewed record of what customers receive).</summary>
    public static void UpdateIfAsked(string name, string before, string after)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_TEMPLATE_FIXTURES") == "1" && TemplateSampleTests.Normalise(before) != TemplateSampleTests.Normalise(after))
        {
            File.WriteAllText(Path.Combine(Directory(), name + ".txt"), after);
        }
    }

    public static string Layout(ITemplateRenderer renderer, string layout) =>
        "== layout\n" + renderer.RenderLayout(layout, LayoutTitle, LayoutBody) + "\n";
}
