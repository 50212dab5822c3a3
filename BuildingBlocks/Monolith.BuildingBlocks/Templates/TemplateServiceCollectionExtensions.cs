using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Monolith.BuildingBlocks.Templates;

public static class TemplateServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ITemplateRenderer"/> (Handlebars.Net) over every module's <c>m.Templates(...)</c>, and the
    /// <see cref="Documents.IDocumentRenderer"/>. Options: section <c>Templates</c>.</summary>
    public static IServiceCollection AddTemplates(this IServiceCollection services, IConfiguration? configuration = null, Action<TemplateOptions>? configure = null)
    {
        var options = new TemplateOptions();
        configuration?.GetSection(TemplateOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton<ITemplateRenderer>(sp => new HandlebarsTemplateRenderer(sp.GetServices<TemplateSource>(), sp.GetRequiredService<TemplateOptions>()));
        services.TryAddSingleton<Documents.IDocumentRenderer, Documents.HtmlDocumentRenderer>();
        return services;
    }
}
