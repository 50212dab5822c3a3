using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Templates;

namespace Monolith.BuildingBlocks.Modules;

public sealed partial class ModuleBuilder
{
    /// <summary>Registers the module's Scriban templates: embedded resources of <paramref name="assembly"/> under
    /// <paramref name="resourcePrefix"/> (default <c>{assembly name}.Templates.</c>, i.e. the project's <c>Templates/</c> folder with
    /// <c>&lt;EmbeddedResource Include="Templates/**/*.sbn" WithCulture="false" /&gt;</c>: <c>WithCulture="false"</c> matters, or MSBuild
    /// reads <c>.fr.</c> as a culture and moves the file into a satellite assembly). <c>quote.fr.sbn</c> becomes template <c>{module}.quote</c>;
    /// <c>quote.txt.fr.sbn</c> its plain-text variant; <c>_footer.fr.sbn</c> the partial <c>{module}-footer</c>
    /// (<c>{{ include "{module}-footer" }}</c>). All are compiled when the host starts; see docs/adding-a-module.md.</summary>
    public ModuleBuilder Templates(Assembly assembly, string? resourcePrefix = null)
    {
        Services.AddSingleton(new TemplateSource(ModuleName, assembly, resourcePrefix ?? $"{assembly.GetName().Name}.Templates."));
        return this;
    }
}
