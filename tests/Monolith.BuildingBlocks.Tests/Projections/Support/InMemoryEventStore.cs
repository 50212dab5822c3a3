using System.Runtime.CompilerServices;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Tests.Projections.Support;

/// <summary>Stand-in for the SQLite event store until it is merged: the port's semantics the runners rely on (global positions,
/// read all after a position, head, catch-up subscription, idempotent append by event id).</summary>
internal sealed class InMemoryEventStore : IEventStore
{
    private readonly object _gate = new();
    private readonly List<RecordedEvent> _all = [];
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<AppendResult> AppendAsync(string streamId, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        TaskCompletionSource toSignal;
        AppendResult result;
        lock (_gate)
        {
            var stream = _all.Where(e => e.StreamId == streamId).ToList();
            var matched = stream.Where(e => events.Any(n => n.EventId == e.EventId)).ToList();
            if (matched.Count == events.Count && events.Count > 0)
            {
                return Task.FromResult(new AppendResult(matched[^1].Revision, matched[^1].Position));
            }

            var last = stream.Count - 1L;
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
                _all.Add(new RecordedEvent(_all.Count + 1, streamId, last, e.EventId, e.Type, e.Data, e.Metadata, DateTimeOffset.UtcNow, ""));
            }

            result = new AppendResult(last, _all.Count);
            toSignal = _appended;
            _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        toSignal.TrySetResult();
        return Task.FromResult(result);
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, ReadDirection direction = ReadDirection.Forwards, long? fromRevision = null, int maxCount = int.MaxValue, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<RecordedEvent> list = _all.Where(e => e.StreamId == streamId).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<RecordedEvent> list = _all.Where(e => e.Position > afterPosition).Take(maxCount).ToList();
            return Task.FromResult(list);
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
        var position = afterPosition;
        while (true)
        {
            Task appended;
            lock (_gate)
            {
                appended = _appended.Task;
            }

            var batch = await ReadAllAsync(position, 100, ct);
            foreach (var e in batch)
            {
                yield return e;
                position = e.Position;
            }

            if (batch.Count == 0)
            {
                await appended.WaitAsync(ct);
            }
        }
    }

    public Task<ChainVerification> VerifyChainAsync(CancellationToken ct = default) =>
        Task.FromResult(new ChainVerification(true, _all.Count, null, null));
}
