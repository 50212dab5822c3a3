using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Templates;

namespace Monolith.Modules.Tests.Templates;

/// <summary>Every module template renders with its sample models (a template error fails here, not in a customer's e-mail), and renders
/// what it rendered under Handlebars.Net before the move to Scriban (fixtures under <c>Before/</c>, compared with whitespace
/// normalised).</summary>
public sealed partial class TemplateSampleTests : IDisposable
{
    private readonly ServiceProvider _services = TemplateSamples.Services();

    private ITemplateRenderer Renderer => _services.GetRequiredService<ITemplateRenderer>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Every_registered_template_has_a_sample()
    {
        Renderer.TemplateNames.Should().BeSubsetOf(TemplateSamples.All.Select(s => s.Template),
            "a template without a sample model is a template no test renders: add one to TemplateSamples");
    }

    [Theory]
    [MemberData(nameof(TemplateSamples.Cases), MemberType = typeof(TemplateSamples))]
    internal void Each_template_renders_its_sample(TemplateSamples.Sample sample)
    {
        var rendered = Renderer.Render(sample.Template, sample.Model);

        rendered.Html.Should().NotBeNullOrWhiteSpace();
        rendered.Html.Should().NotContain("{{").And.NotContain("}}");
        rendered.Subject.Should().NotBeNullOrWhiteSpace("every module template names its subject or document title");
    }

    [Theory]
    [MemberData(nameof(TemplateSamples.Cases), MemberType = typeof(TemplateSamples))]
    internal void Each_template_renders_what_it_rendered_under_Handlebars(TemplateSamples.Sample sample)
    {
        var before = File.ReadAllText(Path.Combine(TemplateFixtures.Directory(), sample.FileName + ".txt"));

        var after = TemplateFixtures.Format(Renderer.Render(sample.Template, sample.Model));
        TemplateFixtures.UpdateIfAsked(sample.FileName, before, after);

        Normalise(after).Should().Be(Normalise(before));
    }

    [Theory]
    [InlineData(SharedLayouts.Email)]
    [InlineData(SharedLayouts.Document)]
    public void The_shared_layouts_render_what_they_rendered_under_Handlebars(string layout)
    {
        var before = File.ReadAllText(Path.Combine(TemplateFixtures.Directory(), layout + ".txt"));

        var after = TemplateFixtures.Layout(Renderer, layout);
        TemplateFixtures.UpdateIfAsked(layout, before, after);

        Normalise(after).Should().Be(Normalise(before));
    }

    [Fact]
    public void Every_fixture_has_its_sample()
    {
        var samples = TemplateSamples.All.Select(s => s.FileName + ".txt").Append("layout-email.txt").Append("layout-document.txt");
        Directory.GetFiles(TemplateFixtures.Directory()).Select(Path.GetFileName).Should().BeEquivalentTo(samples);
    }

    /// <summary>Runs of whitespace become one space; whitespace between two tags goes (a blank line Handlebars dropped after a block
    /// tag is whitespace between tags in HTML).</summary>
    internal static string Normalise(string text) => BetweenTags().Replace(Whitespace().Replace(text, " "), "><").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@">\s+<")]
    private static partial Regex BetweenTags();
}
