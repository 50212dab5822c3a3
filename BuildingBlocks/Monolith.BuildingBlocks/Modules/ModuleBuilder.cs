using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Monolith.BuildingBlocks.Modules;

/// <summary>What a module registers. Each building block adds its own registration methods in a partial file next to it
/// (projections, jobs, events, migrations...).</summary>
public sealed partial class ModuleBuilder(string moduleName, IServiceCollection services, IConfiguration configuration)
{
    private readonly List<Action<IEndpointRouteBuilder>> _endpointMappers = [];

    public string ModuleName { get; } = moduleName;
    public IServiceCollection Services { get; } = services;
    public IConfiguration Configuration { get; } = configuration;

    internal IReadOnlyList<Action<IEndpointRouteBuilder>> EndpointMappers => _endpointMappers;

    /// <summary>Minimal-API endpoint mappers, one per use case (each a static <c>Map(IEndpointRouteBuilder)</c>).</summary>
    public ModuleBuilder Endpoints(params Action<IEndpointRouteBuilder>[] mappers)
    {
        _endpointMappers.AddRange(mappers);
        return this;
    }

    /// <summary>Registers the module's own services.</summary>
    public ModuleBuilder AddServices(Action<IServiceCollection> configure)
    {
        configure(Services);
        return this;
    }
}
