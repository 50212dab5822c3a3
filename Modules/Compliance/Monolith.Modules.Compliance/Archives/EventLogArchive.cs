using System.Text;
using System.Text.Json;
using Monolith.BuildingBlocks.EventStore;
using Monolith.Modules.Compliance.Contracts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Compliance.Archives;

/// <summary><c>events.jsonl</c>: every event of the office recorded in the period (office dates), one JSON object per line, in log
/// order, exactly as stored — position, stream, revision, id, type, time, metadata, the payload (<c>data</c>, personal fields still
/// sealed as <c>pd:v1:…</c> under the person's key) and the chain hash.</summary>
internal sealed class EventLogArchive(IEventStore store, IOfficeCalendars calendars)
{
    public const string FileName = "events.jsonl";
    private const int Page = 1000;

    public async Task<ArchiveFile> FileAsync(string officeId, ArchivePeriod period, CancellationToken ct = default)
    {
        var calendar = await calendars.ForAsync(officeId, ct);
        var lines = new StringBuilder();
        var after = 0L;
        while (true)
        {
            var page = await store.ReadAllAsync(after, Page, ct);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var e in page)
            {
                if (e.Metadata.TenantId == officeId && period.Contains(calendar.DateOfInstant(e.RecordedAt)))
                {
                    lines.Append(Line(e)).Append('\n');
                }
            }

            after = page[^1].Position;
        }

        return new ArchiveFile(FileName, Encoding.UTF8.GetBytes(lines.ToString()), "application/x-ndjson",
            "The office's events recorded in the period, one JSON object per line, as stored (personal fields sealed).");
    }

    private static string Line(RecordedEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("position", e.Position);
            json.WriteString("streamId", e.StreamId);
            json.WriteNumber("revision", e.Revision);
            json.WriteString("eventId", e.EventId);
            json.WriteString("type", e.Type);
            json.WriteString("recordedAt", e.RecordedAt);
            json.WriteString("tenantId", e.Metadata.TenantId);
            json.WriteString("userId", e.Metadata.UserId);
            json.WriteString("correlationId", e.Metadata.CorrelationId?.ToString());
            json.WriteString("causationId", e.Metadata.CausationId?.ToString());
            json.WriteNumber("schemaVersion", e.Metadata.SchemaVersion);
            json.WritePropertyName("data");
            using (var data = JsonDocument.Parse(e.Data))
            {
                data.WriteTo(json);
            }

            json.WriteString("hash", e.Hash);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
