using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Projections.Migrations;

namespace Monolith.BuildingBlocks.Modules;

public sealed partial class ModuleBuilder
{
    /// <summary>Registers a projection (singleton; its state lives in its tables and its checkpoint row).</summary>
    public ModuleBuilder Projection<TProjection>()
        where TProjection : class, IProjection
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProjection, TProjection>());
        return this;
    }

    /// <summary>Registers a reactor (singleton; it gets a fresh DI scope per event).</summary>
    public ModuleBuilder Reactor<TReactor>()
        where TReactor : class, IReactor
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IReactor, TReactor>());
        return this;
    }

    /// <summary>Registers the module's embedded read-model SQL scripts (e.g. <c>m.Migrations(typeof(X).Assembly, "Monolith.Modules.X.Sql")</c>
    /// with <c>&lt;EmbeddedResource Include="Sql\*.sql" /&gt;</c> in the csproj), applied at start in name order.</summary>
    public ModuleBuilder Migrations(Assembly assembly, string resourcePrefix)
    {
        Services.AddSingleton(new ModuleMigrations(ModuleName, assembly, resourcePrefix));
        return this;
    }
}
