using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Modules;

namespace Monolith.BuildingBlocks.EventStore.Serialization;

/// <summary>One registration of event types (usually a module's <c>m.Events(...)</c>), applied when the registry is built.
/// <paramref name="ModuleName"/>, when set, is the prefix every wire name it registers must carry.</summary>
public sealed record EventTypeRegistration(string? ModuleName, Action<EventTypeRegistry> Register);

public static class EventSerializationServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="EventTypeRegistry"/> (built from every <see cref="EventTypeRegistration"/>, plus the platform's
    /// own events), the <see cref="EventSerializer"/>, crypto-shredding (<see cref="PersonalDataProtector"/>, the SQLite
    /// <see cref="IDataSubjectKeyStore"/> with the master key from <c>Privacy:MasterKey</c> — development key when absent —
    /// and <see cref="PersonalDataEraser"/>). Needs a <see cref="Persistence.SqliteConnectionFactory"/> and an
    /// <see cref="IEventStore"/> in the container (AddSqliteEventStore).</summary>
    public static IServiceCollection AddEventSerialization(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => PersonalDataOptions.FromConfiguration(configuration));
        services.TryAddSingleton<IDataSubjectKeyStore, SqliteDataSubjectKeyStore>();
        services.TryAddSingleton<PersonalDataProtector>();
        services.TryAddSingleton<EventSerializer>();
        services.TryAddSingleton<PersonalDataEraser>();
        services.TryAddSingleton(sp => BuildRegistry(sp.GetServices<EventTypeRegistration>()));
        return services;
    }

    /// <summary>Adds event types to the registry (for code outside modules; modules use <c>m.Events(...)</c>).</summary>
    public static IServiceCollection AddEventTypes(this IServiceCollection services, Action<EventTypeRegistry> register) =>
        services.AddSingleton(new EventTypeRegistration(null, register));

    /// <summary>Registers the generic <see cref="CommandHandler"/> (needs <see cref="AddEventSerialization"/> and an event store).</summary>
    public static IServiceCollection AddCommandHandling(this IServiceCollection services)
    {
        services.TryAddSingleton<CommandHandler>();
        return services;
    }

    /// <summary>The registry with the platform's own events and then each registration in order.</summary>
    public static EventTypeRegistry BuildRegistry(IEnumerable<EventTypeRegistration> registrations)
    {
        var registry = new EventTypeRegistry();
        registry.Register<DataSubjectForgotten>(DataSubjectForgotten.WireName);
        foreach (var registration in registrations)
        {
            var before = registry.Types.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            registration.Register(registry);
            if (registration.ModuleName is { } module)
            {
                var foreign = registry.Types.Select(t => t.Name)
                    .Where(n => !before.Contains(n) && !n.StartsWith(module + ".", StringComparison.Ordinal))
                    .ToList();
                if (foreign.Count > 0)
                {
                    throw new InvalidOperationException(
                        $"Module '{module}' registered event names outside its prefix '{module}.': {string.Join(", ", foreign)}.");
                }
            }
        }

        return registry;
    }
}
