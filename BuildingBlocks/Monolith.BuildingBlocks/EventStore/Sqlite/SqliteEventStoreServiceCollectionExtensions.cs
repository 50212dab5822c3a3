using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.EventStore.Sqlite;

public static class SqliteEventStoreServiceCollectionExtensions
{
    /// <summary>Registers <see cref="SqliteEventStore"/> as the singleton <see cref="IEventStore"/>. The host registers
    /// <see cref="SqliteConnectionFactory"/> and <see cref="TimeProvider"/>. The schema is created on first use, or eagerly with
    /// <see cref="SqliteEventStore.EnsureSchemaAsync(CancellationToken)"/> at start.</summary>
    public static IServiceCollection AddSqliteEventStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new SqliteEventStore(
            sp.GetRequiredService<SqliteConnectionFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IEventStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        return services;
    }
}
