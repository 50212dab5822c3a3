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
        Services.AddSingleton(new ProjectionOwner(typeof(TProjection), ModuleName));
        return this;
    }

    /// <summary>Declares the module's read-model SQL portable (ADR 0023): its tables, its projections' checkpoints and its migrations
    /// follow <c>Data:Engine</c> — on PostgreSQL they live on the server, shared by every host, and each projection runs on one host
    /// at a time. Its query services then open connections with <c>IReadModelDatabase</c> instead of <c>SqliteConnectionFactory</c>.</summary>
    public ModuleBuilder PortableReadModels()
    {
        Services.AddSingleton(new PortableReadModelModule(ModuleName));
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
