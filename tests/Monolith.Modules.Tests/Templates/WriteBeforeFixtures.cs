using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Templates;

namespace Monolith.Modules.Tests.Templates;

/// <summary>Writes the Handlebars outputs as fixtures (run once with TEMPLATE_FIXTURES_WRITE=1 before the move to Scriban).</summary>
public sealed class WriteBeforeFixtures
{
    [Fact]
    public void Write()
    {
        if (Environment.GetEnvironmentVariable("TEMPLATE_FIXTURES_WRITE") != "1")
        {
            return;
        }

        using var services = TemplateSamples.Services();
        var renderer = services.GetRequiredService<ITemplateRenderer>();
        var directory = TemplateFixtures.Directory();
        Directory.CreateDirectory(directory);
        foreach (var sample in TemplateSamples.All)
        {
            File.WriteAllText(Path.Combine(directory, sample.FileName + ".txt"), TemplateFixtures.Format(renderer.Render(sample.Template, sample.Model)));
        }

        File.WriteAllText(Path.Combine(directory, "layout-email.txt"), TemplateFixtures.Layout(renderer, SharedLayouts.Email));
        File.WriteAllText(Path.Combine(directory, "layout-document.txt"), TemplateFixtures.Layout(renderer, SharedLayouts.Document));
    }
}
