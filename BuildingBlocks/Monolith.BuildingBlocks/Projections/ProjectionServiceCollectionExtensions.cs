using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monolith.BuildingBlocks.Projections;

public static class ProjectionServiceCollectionExtensions
{
    /// <summary>Tag of the health checks that belong on <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers, in this order, <see cref="PlatformStartup"/> (platform tables + module migrations), the
    /// <see cref="ProjectionRunner"/> and the <see cref="ReactorRunner"/> as hosted services, plus <see cref="IProjectionAdmin"/>,
    /// the checkpoint store and the <see cref="ProjectionsHealthCheck"/> (tagged "ready"). Needs a <c>SqliteConnectionFactory</c>
    /// and an <c>IEventStore</c> registered (e.g. by <c>AddSqliteEventStore()</c>). Call it once.</summary>
    public static IServiceCollection AddProjections(this IServiceCollection services, Action<ProjectionOptions>? configure = null)
    {
        var options = services.AddOptions<ProjectionOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProjectionSignals>();
        services.TryAddSingleton<PlatformStartupGate>();
        services.TryAddSingleton<ReadModelDatabases>();
        services.TryAddSingleton<Persistence.IReadModelDatabase>(sp => sp.GetRequiredService<ReadModelDatabases>().Shared);
        services.TryAddSingleton<ReadModelPlacement>();
        services.TryAddSingleton<ProjectionCheckpointStore>();
        services.TryAddSingleton<ProjectionStatusService>();
        services.TryAddSingleton<IProjectionAdmin>(sp => sp.GetRequiredService<ProjectionStatusService>());

        services.AddHostedService<PlatformStartup>();
        services.AddHostedService<ProjectionRunner>();
        services.AddHostedService<ReactorRunner>();

        services.AddHealthChecks().AddCheck<ProjectionsHealthCheck>(ProjectionsHealthCheck.Name, HealthStatus.Unhealthy, [ReadyTag]);
        return services;
    }
}
