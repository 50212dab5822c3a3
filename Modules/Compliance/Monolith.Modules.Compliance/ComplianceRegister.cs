using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.Modules.Compliance;

/// <summary>Recorded when an office's archive was built and stored: its name, period, the SHA-256 of the zip and the fingerprint of the
/// key that signed its manifest (so the log itself vouches for the archive).</summary>
internal sealed record ArchiveCreated(
    string OfficeId, string Name, DateOnly From, DateOnly To, string Sha256, string KeyFingerprint, string Reason, DateTimeOffset CreatedAt);

/// <summary>The retention report of one run for one office: the cut-off dates applied, the data subjects whose personal data was
/// crypto-shredded (opaque ids, no personal data), the archives built first (so documents are kept as issued) and the archives deleted
/// because their 10-year retention was over.</summary>
internal sealed record RetentionApplied(
    string OfficeId,
    DateOnly RunOn,
    DateOnly PersonalDataInactiveBefore,
    DateOnly AccountingKeptFrom,
    IReadOnlyList<string> SubjectsForgotten,
    IReadOnlyList<string> ArchivesCreated,
    IReadOnlyList<string> ArchivesDeleted,
    DateTimeOffset AppliedAt);

/// <summary>The compliance module's records, one stream per office and year (<c>compliance-register:{office}:{year}</c>, closed by the
/// calendar): facts about what the module did, appended once each (deterministic ids), never changed.</summary>
internal sealed class ComplianceRegister(IEventStore store, EventSerializer serializer)
{
    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(ArchiveCreated)] = "compliance.archive-created",
        [typeof(RetentionApplied)] = "compliance.retention-applied",
    };

    public static string StreamId(string officeId, int year) => StreamIds.For("compliance-register", officeId, year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));

    public async Task RecordAsync(string officeId, int year, string key, object record, string? userId, CancellationToken ct = default)
    {
        var id = DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"compliance\n{officeId}\n{key}");
        var data = await serializer.SerializeAsync(record, new EventMetadata(officeId, userId, id), id, ct);
        await store.AppendAsync(StreamId(officeId, year), ExpectedRevision.Any, [data], ct);
    }

    public async Task<IReadOnlyList<T>> ReadAsync<T>(string officeId, int year, CancellationToken ct = default)
    {
        var recorded = await store.ReadStreamAsync(StreamId(officeId, year), ReadDirection.Forwards, null, int.MaxValue, ct);
        var result = new List<T>();
        foreach (var e in recorded)
        {
            if ((await serializer.DeserializeAsync(e, ct)).Event is T typed)
            {
                result.Add(typed);
            }
        }

        return result;
    }
}
