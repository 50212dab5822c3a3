using System.Runtime.CompilerServices;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Tests.Email;

/// <summary>A faithful in-memory implementation of the port's append/read semantics (expected revision, idempotent re-append of
/// the same ids), for tests of code that sits on top of the event store.</summary>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly Lock _gate = new();
    private readonly List<RecordedEvent> _all = [];

    public IReadOnlyList<RecordedEvent> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _all];
            }
        }
    }

    public Task<AppendResult> AppendAsync(string streamId, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var stream = _all.Where(e => e.StreamId == streamId).ToList();
            var last = stream.Count - 1L;
            var ids = events.Select(e => e.EventId).ToList();
            var existing = stream.FindIndex(e => e.EventId == ids[0]);
            if (existing >= 0 && stream.Skip(existing).Take(ids.Count).Select(e => e.EventId).SequenceEqual(ids))
            {
                var lastOfThem = stream[existing + ids.Count - 1];
                return Task.FromResult(new AppendResult(lastOfThem.Revision, lastOfThem.Position));
            }

            var ok = expected.Kind switch
            {
                ExpectedRevision.ExpectationKind.Any => true,
                ExpectedRevision.ExpectationKind.NoStream => last < 0,
                ExpectedRevision.ExpectationKind.StreamExists => last >= 0,
                _ => last == expected.Value,
            };
            if (!ok)
            {
                throw new WrongExpectedRevisionException(streamId, expected, last);
            }

            foreach (var e in events)
            {
                last++;
                _all.Add(new RecordedEvent(_all.Count + 1, streamId, last, e.EventId, e.Type, e.Data, e.Metadata, DateTimeOffset.UtcNow, string.Empty));
            }

            return Task.FromResult(new AppendResult(last, _all.Count));
        }
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, ReadDirection direction = ReadDirection.Forwards, long? fromRevision = null, int maxCount = int.MaxValue, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var stream = _all.Where(e => e.StreamId == streamId);
            IEnumerable<RecordedEvent> result = direction == ReadDirection.Forwards
                ? stream.Where(e => fromRevision is null || e.Revision >= fromRevision)
                : stream.Reverse().Where(e => fromRevision is null || e.Revision <= fromRevision);
            return Task.FromResult<IReadOnlyList<RecordedEvent>>([.. result.Take(maxCount)]);
        }
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RecordedEvent>>([.. _all.Where(e => e.Position > afterPosition).Take(maxCount)]);
        }
    }

    public Task<long> GetHeadPositionAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_all.Count);
        }
    }

    public async IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(long afterPosition, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var e in await ReadAllAsync(afterPosition, int.MaxValue, ct))
        {
            yield return e;
        }
    }

    public Task<ChainVerification> VerifyChainAsync(CancellationToken ct = default) =>
        Task.FromResult(new ChainVerification(true, _all.Count, null, null));
}
