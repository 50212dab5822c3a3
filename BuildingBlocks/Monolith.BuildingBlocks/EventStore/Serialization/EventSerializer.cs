using System.Text.Json;
using System.Text.Json.Nodes;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.BuildingBlocks.EventStore.Serialization;

/// <summary>A stored event read back as its current CLR type. <see cref="PersonalDataErased"/> is true when some personal fields
/// came back erased because their subject was forgotten.</summary>
public sealed record EventEnvelope(RecordedEvent Recorded, object Event, bool PersonalDataErased = false)
{
    public TEvent As<TEvent>() =>
        Event is TEvent typed
            ? typed
            : throw new InvalidCastException($"Event '{Recorded.Type}' at position {Recorded.Position} is {Event.GetType().Name}, not {typeof(TEvent).Name}.");

    public bool Is<TEvent>(out TEvent typed)
    {
        if (Event is TEvent t)
        {
            typed = t;
            return true;
        }

        typed = default!;
        return false;
    }
}

/// <summary>Typed events ↔ stored <see cref="EventData"/>/<see cref="RecordedEvent"/>. Write: JSON (<see cref="EventJson.Options"/>),
/// then personal fields encrypted, wire name and schema version from the <see cref="EventTypeRegistry"/>.
/// Read: upcast to the current version, then decrypt (or erase), then deserialize.</summary>
public sealed class EventSerializer(EventTypeRegistry registry, PersonalDataProtector protector)
{
    public EventTypeRegistry Registry { get; } = registry;

    public ValueTask<EventData> SerializeAsync(object @event, EventMetadata metadata, CancellationToken ct = default) =>
        SerializeAsync(@event, metadata, Guid.NewGuid(), ct);

    public async ValueTask<EventData> SerializeAsync(object @event, EventMetadata metadata, Guid eventId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrEmpty(metadata.TenantId);
        var info = Registry.Get(@event.GetType());
        var json = JsonSerializer.SerializeToNode(@event, info.ClrType, EventJson.Options) as JsonObject
            ?? throw new InvalidOperationException($"Event {info.ClrType.Name} must serialize to a JSON object.");
        await protector.ProtectAsync(json, info.PersonalData, metadata.TenantId, ct);
        return new EventData(eventId, info.Name, json.ToJsonString(EventJson.Options), metadata with { SchemaVersion = info.Version });
    }

    public async ValueTask<EventEnvelope> DeserializeAsync(RecordedEvent recorded, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var info = Registry.Get(recorded.Type);
        var json = JsonNode.Parse(recorded.Data) as JsonObject
            ?? throw new JsonException($"Event '{recorded.Type}' at position {recorded.Position} is not a JSON object.");
        json = Registry.UpcastToCurrent(info.Name, recorded.Metadata.SchemaVersion, json);
        var erased = await protector.UnprotectAsync(json, info.PersonalData, recorded.Metadata.TenantId, ct);
        var @event = json.Deserialize(info.ClrType, EventJson.Options)
            ?? throw new JsonException($"Event '{recorded.Type}' at position {recorded.Position} deserialized to null.");
        return new EventEnvelope(recorded, @event, erased);
    }

    public async ValueTask<IReadOnlyList<EventEnvelope>> DeserializeAsync(IEnumerable<RecordedEvent> recorded, CancellationToken ct = default)
    {
        var result = new List<EventEnvelope>();
        foreach (var e in recorded)
        {
            result.Add(await DeserializeAsync(e, ct));
        }

        return result;
    }
}
