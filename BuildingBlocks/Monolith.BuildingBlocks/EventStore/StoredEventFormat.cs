using System.Globalization;
using System.Text.Json;

namespace Monolith.BuildingBlocks.EventStore;

/// <summary>How adapters store the parts of an event that are not the payload: the metadata as a small JSON object and the
/// recorded-at instant as ISO-8601 UTC text with tick precision. Shared so every adapter hashes the same text.</summary>
public static class StoredEventFormat
{
    private const string RecordedAtFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string FormatRecordedAt(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(RecordedAtFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseRecordedAt(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, RecordedAtFormat, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc));

    /// <summary><c>{"tenantId":…,"userId":…,"correlationId":…,"causationId":…,"schemaVersion":…}</c>, always in this order,
    /// absent values written as null.</summary>
    public static string SerializeMetadata(EventMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("tenantId", metadata.TenantId);
            WriteNullable(writer, "userId", metadata.UserId);
            WriteNullable(writer, "correlationId", metadata.CorrelationId?.ToString("D"));
            WriteNullable(writer, "causationId", metadata.CausationId?.ToString("D"));
            writer.WriteNumber("schemaVersion", metadata.SchemaVersion);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static EventMetadata DeserializeMetadata(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new EventMetadata(
            TenantId: root.GetProperty("tenantId").GetString() ?? string.Empty,
            UserId: GetString(root, "userId"),
            CorrelationId: GetString(root, "correlationId") is { } correlation ? Guid.Parse(correlation) : null,
            CausationId: GetString(root, "causationId") is { } causation ? Guid.Parse(causation) : null,
            SchemaVersion: root.TryGetProperty("schemaVersion", out var version) && version.ValueKind == JsonValueKind.Number ? version.GetInt32() : 1);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string? GetString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
