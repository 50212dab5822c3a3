using System.Runtime.CompilerServices;
using Monolith.BuildingBlocks.EventStore;
using Monolith.Testing;

namespace Monolith.BuildingBlocks.Tests.Deciders;

/// <summary>TEMPORARY until the SQLite event store is merged: a minimal in-memory store honouring the port's append semantics.</summary>
internal static class TestStores
{
    public static IEventStore Create(TempDatabase db, TimeProvider time)
    {
        _ = db;
        _ = time;
        return new InMemoryStore();
    }

    private sealed class InMemoryStore : IEventStore
    {
        private readonly Lock _gate = new();
        private readonly List<RecordedEvent> _all = [];

        public Task<AppendResult> AppendAsync(string streamId, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
        {
            lock (_gate)
            {
                var stream = _all.Where(e => e.StreamId == streamId).ToList();
                var last = stream.Count - 1L;
                var ids = stream.Select(e => e.EventId).ToList();
                if (events.Count > 0 && events.All(e => ids.Contains(e.EventId)))
                {
                    var lastOfThem = stream.Last(e => e.EventId == events[^1].EventId);
                    return Task.FromResult(new AppendResult(lastOfThem.Revision, lastOfThem.Position));
                }

                var ok = expected.Kind switch
                {
                    ExpectedRevision.ExpectationKind.NoStream => last < 0,
                    ExpectedRevision.ExpectationKind.StreamExists => last >= 0,
                    ExpectedRevision.ExpectationKind.Exact => last == expected.Value,
                    _ => true,
                };
                if (!ok)
                {
                    throw new WrongExpectedRevisionException(streamId, expected, last);
                }

                foreach (var e in events)
                {
                    _all.Add(new RecordedEvent(_all.Count + 1, streamId, ++last, e.EventId, e.Type, e.Data, e.Metadata, DateTimeOffset.UtcNow, "-"));
                }

                return Task.FromResult(new AppendResult(last, _all.Count));
            }
        }

        public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, ReadDirection direction = ReadDirection.Forwards, long? fromRevision = null, int maxCount = int.MaxValue, CancellationToken ct = default)
        {
            lock (_gate)
            {
                return Task.FromResult<IReadOnlyList<RecordedEvent>>(_all.Where(e => e.StreamId == streamId).ToList());
            }
        }

        public Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken ct = default)
        {
            lock (_gate)
            {
                return Task.FromResult<IReadOnlyList<RecordedEvent>>(_all.Where(e => e.Position > afterPosition).Take(maxCount).ToList());
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
            await Task.Yield();
            yield break;
        }

        public Task<ChainVerification> VerifyChainAsync(CancellationToken ct = default) =>
            Task.FromResult(new ChainVerification(true, _all.Count, null, null));
    }
}
