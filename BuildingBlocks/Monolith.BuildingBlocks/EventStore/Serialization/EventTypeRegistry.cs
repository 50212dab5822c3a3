using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.BuildingBlocks.EventStore.Serialization;

/// <summary>A registered event type: its CLR type, its stable wire name (<c>module.kebab-name</c>), its current schema version
/// and the JSON properties that hold personal data (see <see cref="PersonalDataAttribute"/>).</summary>
public sealed record EventTypeInfo(Type ClrType, string Name, int Version, PersonalDataShape PersonalData);

/// <summary>Maps CLR event types to stable wire names and schema versions, and holds the upcasters that turn stored JSON of an
/// older version into the current shape on read (v1→v2→v3…). Stored events are never rewritten.
/// Register everything at start-up (it is a singleton); registration after the first read is allowed but not expected.</summary>
public sealed partial class EventTypeRegistry
{
    private readonly ConcurrentDictionary<string, EventTypeInfo> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, EventTypeInfo> _byType = new();
    private readonly ConcurrentDictionary<(string Name, int FromVersion), Func<JsonObject, JsonObject>> _upcasters = new();
    private readonly Lock _gate = new();

    /// <summary>Lower-case <c>module.kebab-name</c>: letters and digits, words separated by single hyphens, exactly one dot.</summary>
    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z][a-z0-9]*(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex WireNamePattern();

    public static bool IsValidWireName(string name) => WireNamePattern().IsMatch(name);

    public IReadOnlyCollection<EventTypeInfo> Types => [.. _byName.Values];

    public EventTypeRegistry Register<TEvent>(string name, int version = 1) => Register(typeof(TEvent), name, version);

    public EventTypeRegistry Register(Type eventType, string name, int version = 1)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidWireName(name))
        {
            throw new ArgumentException(
                $"Event wire name '{name}' is invalid: expected lower-case 'module.kebab-name' (e.g. 'membership.order-placed').", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        if (eventType.IsAbstract || eventType.IsInterface || eventType.ContainsGenericParameters)
        {
            throw new ArgumentException($"Event type {eventType} must be a concrete type.", nameof(eventType));
        }

        var shape = PersonalDataShape.For(eventType, EventJson.Options);
        var info = new EventTypeInfo(eventType, name, version, shape);
        lock (_gate)
        {
            if (_byName.TryGetValue(name, out var existingName))
            {
                throw new InvalidOperationException(
                    $"Event wire name '{name}' is already registered for {existingName.ClrType.FullName}.");
            }

            if (_byType.TryGetValue(eventType, out var existingType))
            {
                throw new InvalidOperationException(
                    $"Event type {eventType.FullName} is already registered as '{existingType.Name}'.");
            }

            foreach (var key in _upcasters.Keys.Where(k => k.Name == name && k.FromVersion >= version))
            {
                throw new InvalidOperationException(
                    $"Upcaster for '{name}' from v{key.FromVersion} exists, but the current version is v{version}.");
            }

            _byName[name] = info;
            _byType[eventType] = info;
        }

        return this;
    }

    /// <summary>Registers a name table (type → wire name), every type at schema version 1.</summary>
    public EventTypeRegistry Register(IReadOnlyDictionary<Type, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var (type, name) in names)
        {
            Register(type, name);
        }

        return this;
    }

    /// <summary>Registers the upcaster that turns the JSON of <paramref name="name"/> at <paramref name="fromVersion"/> into
    /// <paramref name="fromVersion"/> + 1. The function may mutate and return its argument. Personal fields are still encrypted
    /// strings at that point: move them as they are, never read them.</summary>
    public EventTypeRegistry Upcast(string name, int fromVersion, Func<JsonObject, JsonObject> upcaster)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(upcaster);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        lock (_gate)
        {
            if (_byName.TryGetValue(name, out var info) && fromVersion >= info.Version)
            {
                throw new InvalidOperationException(
                    $"Cannot upcast '{name}' from v{fromVersion}: the current version is v{info.Version}.");
            }

            if (!_upcasters.TryAdd((name, fromVersion), upcaster))
            {
                throw new InvalidOperationException($"An upcaster for '{name}' from v{fromVersion} is already registered.");
            }
        }

        return this;
    }

    public bool TryGet(Type eventType, out EventTypeInfo info) => _byType.TryGetValue(eventType, out info!);

    public bool TryGet(string name, out EventTypeInfo info) => _byName.TryGetValue(name, out info!);

    public EventTypeInfo Get(Type eventType) =>
        _byType.TryGetValue(eventType, out var info)
            ? info
            : throw new UnknownEventTypeException($"Event type {eventType.FullName} is not registered in the event type registry.");

    public EventTypeInfo Get(string name) =>
        _byName.TryGetValue(name, out var info)
            ? info
            : throw new UnknownEventTypeException($"Stored event type '{name}' is not registered in the event type registry.");

    /// <summary>Brings stored JSON of <paramref name="storedVersion"/> up to the current version of <paramref name="name"/>,
    /// applying every upcaster in order. Throws when a step is missing or the stored version is newer than the code.</summary>
    public JsonObject UpcastToCurrent(string name, int storedVersion, JsonObject data)
    {
        var info = Get(name);
        if (storedVersion > info.Version)
        {
            throw new UnknownEventTypeException(
                $"Stored event '{name}' is v{storedVersion} but this code only knows up to v{info.Version}.");
        }

        for (var version = storedVersion; version < info.Version; version++)
        {
            if (!_upcasters.TryGetValue((name, version), out var upcaster))
            {
                throw new UnknownEventTypeException(
                    $"No upcaster registered for '{name}' from v{version} to v{version + 1}.");
            }

            data = upcaster(data) ?? throw new InvalidOperationException($"Upcaster for '{name}' v{version} returned null.");
        }

        return data;
    }
}

/// <summary>An event type (or version) the registry does not know: a deployment/registration error, not bad input.</summary>
public sealed class UnknownEventTypeException(string message) : Exception(message);
