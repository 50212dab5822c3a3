using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monolith.BuildingBlocks.EventStore.PostgreSql;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.BuildingBlocks.EventStore;

public static class EventStoreServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="IEventStore"/> and the <see cref="IDataSubjectKeyStore"/> of the engine chosen by
    /// <see cref="DatabaseSettings"/> (read when first resolved, so tests may override settings after this call): SQLite by default,
    /// PostgreSQL with <c>Data:Engine=postgresql</c>. Call it before <c>AddEventSerialization</c> (which only adds the SQLite key
    /// store when none is registered). On PostgreSQL it also puts the reactor leases, the idempotency keys and the data-protection key ring (bearer tokens)
    /// on the server, so several hosts can share it.</summary>
    public static IServiceCollection AddConfiguredEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(_ => DatabaseSettings.FromConfiguration(configuration));
        services.TryAddSingleton(sp => new PostgreSqlConnectionFactory(
            sp.GetRequiredService<DatabaseSettings>().PostgreSqlConnectionString
            ?? throw new InvalidOperationException($"No PostgreSQL connection string ({DatabaseSettings.PostgreSqlConnectionStringKey}).")));
        services.TryAddSingleton(_ => OfficeChainKeys.FromConfiguration(configuration));
        services.TryAddSingleton<LogIntegrity>();
        services.TryAddSingleton(sp => new PostgreSqlEventStore(
            sp.GetRequiredService<PostgreSqlConnectionFactory>(), sp.GetRequiredService<TimeProvider>(), null,
            sp.GetRequiredService<OfficeChainKeys>(), sp.GetRequiredService<LogIntegrity>()));
        services.TryAddSingleton(sp => new SqliteEventStore(
            sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<TimeProvider>(), null,
            sp.GetRequiredService<OfficeChainKeys>(), sp.GetRequiredService<LogIntegrity>()));
        services.TryAddSingleton<IEventStore>(sp => sp.GetRequiredService<DatabaseSettings>().Engine == DatabaseEngine.PostgreSql
            ? sp.GetRequiredService<PostgreSqlEventStore>()
            : sp.GetRequiredService<SqliteEventStore>());
        services.TryAddSingleton<IDataSubjectKeyStore>(sp => sp.GetRequiredService<DatabaseSettings>().Engine == DatabaseEngine.PostgreSql
            ? new PostgreSqlDataSubjectKeyStore(sp.GetRequiredService<PostgreSqlConnectionFactory>(), sp.GetRequiredService<PersonalDataOptions>(), sp.GetRequiredService<TimeProvider>())
            : new SqliteDataSubjectKeyStore(sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<PersonalDataOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(_ => new SubscriberLeaseOptions
        {
            RetryInterval = TimeSpan.TryParse(configuration[SubscriberLeaseOptions.RetryIntervalKey], System.Globalization.CultureInfo.InvariantCulture, out var retry)
                ? retry
                : new SubscriberLeaseOptions().RetryInterval,
        });
        services.TryAddSingleton<ISubscriberLeases>(sp => sp.GetRequiredService<DatabaseSettings>().Engine == DatabaseEngine.PostgreSql
            ? ActivatorUtilities.CreateInstance<PostgreSqlSubscriberLeases>(sp)
            : new LocalSubscriberLeases());
        // Idempotency keys on the server, so a retry that lands on another host replays the first answer.
        services.Replace(ServiceDescriptor.Singleton(sp => sp.GetRequiredService<DatabaseSettings>().Engine == DatabaseEngine.PostgreSql
            ? new Http.IdempotencyStore(sp.GetRequiredService<PostgreSqlConnectionFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Http.IdempotencyOptions>())
            : new Http.IdempotencyStore(sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Http.IdempotencyOptions>())));

        // Several hosts share one key ring on the server engine (tokens issued by one host are valid on all).
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .PostConfigure<DatabaseSettings, IServiceProvider>((options, settings, sp) =>
            {
                if (settings.Engine == DatabaseEngine.PostgreSql)
                {
                    options.XmlRepository = new PostgreSqlXmlRepository(sp.GetRequiredService<PostgreSqlConnectionFactory>());
                }
            });
        services.AddHealthChecks().AddCheck<PostgreSqlHealthCheck>(PostgreSqlHealthCheck.Name, HealthStatus.Unhealthy, ["ready"]);
        return services;
    }
}
