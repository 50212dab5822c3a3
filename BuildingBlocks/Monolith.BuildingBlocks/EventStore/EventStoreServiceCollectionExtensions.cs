using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monolith.BuildingBlocks.EventStore.PostgreSql;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.EventStore;

public static class EventStoreServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="IEventStore"/> and the <see cref="IDataSubjectKeyStore"/> of the engine chosen by
    /// <see cref="DatabaseSettings"/> (read when first resolved, so tests may override settings after this call): SQLite by default,
    /// PostgreSQL with <c>Data:Engine=postgresql</c>. Call it before <c>AddEventSerialization</c> (which only adds the SQLite key
    /// store when none is registered).</summary>
    public static IServiceCollection AddConfiguredEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(_ => DatabaseSettings.FromConfiguration(configuration));
        services.TryAddSingleton(sp => new PostgreSqlConnectionFactory(
            sp.GetRequiredService<DatabaseSettings>().PostgreSqlConnectionString
            ?? throw new InvalidOperationException($"No PostgreSQL connection string ({DatabaseSettings.PostgreSqlConnectionStringKey}).")));
        services.TryAddSingleton(sp => new PostgreSqlEventStore(sp.GetRequiredService<PostgreSqlConnectionFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SqliteEventStore(sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IEventStore>(sp => sp.GetRequiredService<DatabaseSettings>().Engine == DatabaseEngine.PostgreSql
            ? sp.GetRequiredService<PostgreSqlEventStore>()
            : sp.GetRequiredService<SqliteEventStore>());
        services.TryAddSingleton<IDataSubjectKeyStore>(sp => sp.GetRequiredService<DatabaseSettings>().Engine == DatabaseEngine.PostgreSql
            ? new PostgreSqlDataSubjectKeyStore(sp.GetRequiredService<PostgreSqlConnectionFactory>(), sp.GetRequiredService<PersonalDataOptions>(), sp.GetRequiredService<TimeProvider>())
            : new SqliteDataSubjectKeyStore(sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<PersonalDataOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHealthChecks().AddCheck<PostgreSqlHealthCheck>(PostgreSqlHealthCheck.Name, HealthStatus.Unhealthy, ["ready"]);
        return services;
    }
}
