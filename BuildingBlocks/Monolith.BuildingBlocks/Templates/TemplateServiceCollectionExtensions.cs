using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Monolith.BuildingBlocks.Templates;

public static class TemplateServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ITemplateRenderer"/> (Scriban) over every module's <c>m.Templates(...)</c>, the
    /// <see cref="Documents.IDocumentRenderer"/>, and <see cref="TemplateStartupCheck"/> (a host does not start with a template that does
    /// not compile). Options: section <c>Templates</c>.</summary>
    public static IServiceCollection AddTemplates(this IServiceCollection services, IConfiguration? configuration = null, Action<TemplateOptions>? configure = null)
    {
        var options = new TemplateOptions();
        configuration?.GetSection(TemplateOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton<ITemplateRenderer>(sp => new ScribanTemplateRenderer(sp.GetServices<TemplateSource>(), sp.GetRequiredService<TemplateOptions>()));
        services.TryAddSingleton<Documents.IDocumentRenderer, Documents.HtmlDocumentRenderer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TemplateStartupCheck>());
        return services;
    }
}

/// <summary>Builds the renderer when the host starts, which parses every template, subject line, text variant, partial and layout:
/// a syntax error or an include of an unknown partial stops the start with a <see cref="TemplateCompilationException"/> listing them all.
/// (Rendering each template with sample data is the job of a test: a template's variables are only known with its model.)</summary>
public sealed class TemplateStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ITemplateRenderer>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
