using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>Recorded when a data subject's key was destroyed (right to erasure). Holds no personal data: the opaque subject id, who
/// asked for it (a user id) and when. Wire name <c>platform.data-subject-forgotten</c>, stream <c>data-subject-{subjectId}</c>.</summary>
public sealed record DataSubjectForgotten(string SubjectId, string ForgottenBy, DateTimeOffset ForgottenAt)
{
    public const string WireName = "platform.data-subject-forgotten";

    public static string StreamId(string subjectId) => StreamIds.For("data-subject", subjectId);
}

/// <summary>"Forget this person": records the erasure as an event, then destroys the subject's key. Safe to repeat: the record has a
/// deterministic id (appended once) and destroying an already destroyed key does nothing. Read models holding the person's data are
/// rebuilt by the projection runner; reads after this point are deterministic (erased fields).</summary>
public sealed class PersonalDataEraser(IDataSubjectKeyStore keys, IEventStore store, EventSerializer serializer, TimeProvider time)
{
    public async Task<DataSubjectForgotten> ForgetAsync(string tenantId, string subjectId, string forgottenBy, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        ArgumentException.ThrowIfNullOrEmpty(forgottenBy);

        var streamId = DataSubjectForgotten.StreamId(subjectId);
        var eventId = DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"data-subject-forgotten\n{tenantId}\n{subjectId}");
        var existing = await store.ReadStreamAsync(streamId, ReadDirection.Forwards, null, int.MaxValue, ct);
        var previous = existing.FirstOrDefault(e => e.EventId == eventId);
        DataSubjectForgotten record;
        if (previous is not null)
        {
            record = (await serializer.DeserializeAsync(previous, ct)).As<DataSubjectForgotten>();
        }
        else
        {
            record = new DataSubjectForgotten(subjectId, forgottenBy, time.GetUtcNow());
            var data = await serializer.SerializeAsync(record, new EventMetadata(tenantId, forgottenBy, Guid.NewGuid()), eventId, ct);
            await store.AppendAsync(streamId, ExpectedRevision.Any, [data], ct);
        }

        await keys.ForgetAsync(tenantId, subjectId, ct);
        return record;
    }
}
