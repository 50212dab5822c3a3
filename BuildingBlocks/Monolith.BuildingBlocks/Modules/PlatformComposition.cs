using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Audit;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Templates;

namespace Monolith.BuildingBlocks.Modules;

/// <summary>The host composes the platform and its modules in two calls:
/// <c>builder.AddPlatform(new OfficesModule(), ...)</c> and <c>app.UsePlatform()</c>.</summary>
public static partial class PlatformComposition
{
    /// <summary>HTTP platform (problem details, auth, OpenAPI, health), the SQLite event store, typed events with crypto-shredding,
    /// the command handler, projections and reactors, templates, e-mail, the persistent scheduler; then each module's
    /// <see cref="IModule.Configure"/> in the order given.</summary>
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder, params IModule[] modules)
    {
        builder.AddHttpPlatform();
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddConfiguredEventStore(configuration);
        services.AddEventSerialization(configuration);
        services.AddCommandHandling();
        services.AddSingleton<IEventDecoder, SerializerEventDecoder>();
        services.AddProjections();
        services.AddTemplates(configuration);
        services.AddEmail();
        services.AddSingleton<PersonErasure>();
        services.AddSingleton<IProjection, DataSubjectActivityProjection>(); // last activity per data subject (retention)
        services.AddSingleton<DataSubjectActivity>();
        services.AddScheduler(configuration);
        services.AddPlatformEndpoints(ProjectionAdminEndpoints.Map);
        services.AddPlatformEndpoints(JobAdminEndpoints.Map);
        services.AddSingleton(sp => new PlatformSigningKey(sp.GetRequiredService<EventStore.Privacy.PersonalDataOptions>()));
        services.AddSingleton(sp => new ClosureSignatures(sp.GetRequiredService<OfficeChainKeys>(), sp.GetRequiredService<PlatformSigningKey>()));
        services.AddSingleton(sp => ChainAnchors.FromConfiguration(configuration, sp.GetRequiredService<DataFolder>(), sp.GetRequiredService<ClosureSignatures>()));
        services.AddSingleton<LogIntegrityCheck>();
        services.AddHealthChecks().AddCheck<LogIntegrityHealthCheck>(LogIntegrityHealthCheck.Name, Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, [ProjectionServiceCollectionExtensions.ReadyTag]);
        services.AddSingleton<StreamAudit>();
        services.AddPlatformEndpoints(StreamAuditEndpoints.Map);
        services.AddPlatformEndpoints(JobDashboard.Map);
        services.AddHostedService<MasterKeyGuard>();

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in modules)
        {
            if (!names.Add(module.Name))
            {
                throw new InvalidOperationException($"Two modules are named '{module.Name}'.");
            }

            var moduleBuilder = new ModuleBuilder(module.Name, services, configuration);
            module.Configure(moduleBuilder);
            services.AddSingleton(moduleBuilder);
        }

        return builder;
    }

    /// <summary>The HTTP pipeline of the platform, then every module's endpoints.</summary>
    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseHttpPlatform();
        var endpoints = app.ApiEndpoints();
        foreach (var module in app.Services.GetServices<ModuleBuilder>())
        {
            // One group per module (no prefix): its metadata names the module in the OpenAPI tags.
            var group = endpoints.MapGroup(string.Empty).WithMetadata(new ModuleEndpointMetadata(module.ModuleName));
            foreach (var map in module.EndpointMappers)
            {
                map(group);
            }
        }

        return app;
    }

    /// <summary>Refuses to start in Production with the public development master key (personal data would be readable by anyone
    /// holding the database file); warns elsewhere.</summary>
    private sealed partial class MasterKeyGuard(PersonalDataOptions options, IHostEnvironment environment, ILogger<MasterKeyGuard> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.UsesDevelopmentMasterKey)
            {
                if (environment.IsProduction())
                {
                    throw new InvalidOperationException(
                        $"Set {PersonalDataOptions.ConfigurationKey} (base64 of 32 random bytes): the development key must not protect real personal data.");
                }

                LogDevelopmentKey(logger, PersonalDataOptions.ConfigurationKey);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "Personal data is protected with the public DEVELOPMENT master key; set {Setting} outside development.")]
        private static partial void LogDevelopmentKey(ILogger logger, string setting);
    }

    /// <summary>Decodes stored events for projections and reactors with the typed serializer (upcasting, erased personal data).</summary>
    private sealed class SerializerEventDecoder(EventSerializer serializer) : IEventDecoder
    {
        public async ValueTask<object?> DecodeAsync(RecordedEvent e, CancellationToken ct = default)
        {
            if (!serializer.Registry.TryGet(e.Type, out _))
            {
                return null;
            }

            return (await serializer.DeserializeAsync(e, ct)).Event;
        }
    }
}
