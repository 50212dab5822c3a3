using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.Modules.Ticketing.Sessions;

/// <summary>"Busy, try again": the session's queue was full or the request waited longer than the desk's bound. Maps to 429.</summary>
internal sealed class SessionBusyException(TimeSpan retryAfter)
    : Exception("Beaucoup de demandes arrivent en même temps pour cette séance : réessayez dans un instant.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

internal sealed record DeskResult(SessionState State, long Revision, IReadOnlyList<SessionEvent> NewEvents);

/// <summary>Options of the session desk. <see cref="MaxWait"/>: a request not decided within this time is answered "réessayez" (429);
/// <see cref="MaxQueue"/>: beyond this many waiting requests per session, new ones are answered at once; <see cref="MaxBatch"/>: how many
/// decisions share one append (one database commit).</summary>
internal sealed class SessionDeskOptions
{
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(1.5);

    public int MaxQueue { get; set; } = 4000;

    public int MaxBatch { get; set; } = 500;

    public int MaxConflictRetries { get; set; } = 5;
}

/// <summary>
/// <para>The one way commands reach a session stream. Per session, one in-process lane: requests queue, a single drainer takes what is
/// waiting, folds it onto the cached state (reading only the events appended since), decides each command in turn against the state
/// left by the previous one, and appends every accepted decision in <b>one</b> append (one transaction, one fsync) with the cached
/// revision as expected revision. A rule broken by one request (complete, limit) fails that request only.</para>
/// <para>Correctness does not depend on the lane: the expected revision still decides. Another process (or another lane instance) that
/// appended first makes the append fail with <see cref="WrongExpectedRevisionException"/>; the lane re-reads and re-decides the batch,
/// a bounded number of times, then answers 409. Throughput comes from the batch: with the embedded SQLite file at a few hundred fsyncs
/// a second, hundreds of holds share each commit (group commit), which is how a flash sale stays fast (ADR 0016).</para>
/// <para>Every request has a deadline (<see cref="SessionDeskOptions.MaxWait"/>): the buyer gets "réessayez" rather than a spinner.</para>
/// </summary>
internal sealed class SessionDesk(IEventStore store, EventSerializer serializer, SessionDeskOptions options, TimeProvider time) : IDisposable
{
    /// <summary>The desk's meter (listen with <c>dotnet-counters</c> or a <see cref="MeterListener"/>, as the flash-sale benchmark does):
    /// decisions per append, and per request the time from submission to its answer (queue wait + decision + the shared commit).</summary>
    public const string MeterName = "Monolith.Ticketing.SessionDesk";

    private static readonly Meter DeskMeter = new(MeterName);
    private static readonly Histogram<int> BatchSize = DeskMeter.CreateHistogram<int>("ticketing.desk.batch.size", "{decision}", "Decisions appended in one commit.");
    private static readonly Histogram<double> AnswerTime = DeskMeter.CreateHistogram<double>("ticketing.desk.answer.duration", "ms",
        "From a request's submission to the desk until its answer (waiting for the lane, deciding, the shared commit).");

    private static readonly Histogram<double> StepTime = DeskMeter.CreateHistogram<double>("ticketing.desk.step.duration", "ms",
        "Where a batch's time goes, tagged step: queue (the oldest request's wait until its batch was taken), lane (waiting for the lane's " +
        "refresh lock), refresh (reading the events appended since), decide (deciding and serialising the batch), append (the shared " +
        "commit, write gate included).");

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Lazy<DeskThread> _thread = new(() => new DeskThread(), LazyThreadSafetyMode.ExecutionAndPublication);

    public Task<DeskResult> SubmitAsync(string sessionId, SessionCommand command, CommandContext context, bool mustExist = true)
    {
        var lane = _lanes.GetOrAdd(Session.StreamId(sessionId), id => new Lane(id));
        var pending = new Pending(command, context, mustExist, time.GetUtcNow() + options.MaxWait);
        var start = false;
        lock (lane.Gate)
        {
            if (lane.Queue.Count >= options.MaxQueue)
            {
                throw new SessionBusyException(TimeSpan.FromSeconds(1));
            }

            lane.Queue.Enqueue(pending);
            if (!lane.Running)
            {
                lane.Running = true;
                start = true;
            }
        }

        if (start)
        {
            // The drainers run on the desk's own thread, never queued behind the requests they serve (see DeskThread).
            _thread.Value.Post(_ => _ = DrainAsync(lane), null);
        }

        return MeasuredAsync(pending);
    }

    private static async Task<DeskResult> MeasuredAsync(Pending pending)
    {
        try
        {
            return await pending.Completion.Task;
        }
        finally
        {
            AnswerTime.Record(Stopwatch.GetElapsedTime(pending.SubmittedAt).TotalMilliseconds);
        }
    }

    /// <summary>The session as of now (cached, refreshed with the events appended since) — for availability reads. Another tenant's
    /// session reads as absent.</summary>
    public async Task<(SessionState State, long Revision)> ReadAsync(string tenantId, string sessionId, CancellationToken ct = default)
    {
        var lane = _lanes.GetOrAdd(Session.StreamId(sessionId), id => new Lane(id));
        await lane.Refresh.WaitAsync(ct);
        try
        {
            await RefreshAsync(lane, ct);
            return lane.Tenant is null || lane.Tenant == tenantId ? (lane.State, lane.Revision) : (SessionState.Initial, -1);
        }
        finally
        {
            lane.Refresh.Release();
        }
    }

    /// <summary>The cached state without waiting for the drainer (may be a batch behind; every decision re-checks on the fresh state).
    /// Loads it when the session was never read by this process.</summary>
    public Task<(SessionState State, long Revision)> PeekAsync(string tenantId, string sessionId, CancellationToken ct = default)
    {
        if (_lanes.TryGetValue(Session.StreamId(sessionId), out var lane) && lane.Snapshot is { } snapshot && snapshot.Revision >= 0)
        {
            return Task.FromResult(snapshot.Tenant == tenantId ? (snapshot.State, snapshot.Revision) : (SessionState.Initial, -1L));
        }

        return ReadAsync(tenantId, sessionId, ct);
    }

    private async Task DrainAsync(Lane lane)
    {
        while (true)
        {
            List<Pending> batch;
            lock (lane.Gate)
            {
                if (lane.Queue.Count == 0)
                {
                    lane.Running = false;
                    return;
                }

                batch = new List<Pending>(Math.Min(lane.Queue.Count, options.MaxBatch));
                while (batch.Count < options.MaxBatch && lane.Queue.TryDequeue(out var p))
                {
                    batch.Add(p);
                }
            }

            var taken = Stopwatch.GetTimestamp();
            StepTime.Record(Stopwatch.GetElapsedTime(batch[0].SubmittedAt, taken).TotalMilliseconds, new KeyValuePair<string, object?>("step", "queue"));
            await lane.Refresh.WaitAsync();
            StepTime.Record(Stopwatch.GetElapsedTime(taken).TotalMilliseconds, new KeyValuePair<string, object?>("step", "lane"));
            try
            {
                await ProcessAsync(lane, batch);
            }
            catch (Exception ex)
            {
                // Nothing was appended (or we cannot know): forget the cache and fail the batch; the next request reloads.
                lane.Reset();
                foreach (var p in batch)
                {
                    p.Completion.TrySetException(ex);
                }
            }
            finally
            {
                lane.Refresh.Release();
            }
        }
    }

    private async Task ProcessAsync(Lane lane, List<Pending> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stepStart = Stopwatch.GetTimestamp();
            if (attempt > 0 || lane.Revision < 0)
            {
                // Optimistic: the first attempt decides on the cached state (this lane wrote the last events it knows of); an append
                // by anyone else makes the expected revision fail, and the retry reads what was appended since.
                await RefreshAsync(lane, CancellationToken.None);
            }

            stepStart = RecordStep("refresh", stepStart);
            var now = time.GetUtcNow();
            var state = lane.State;
            var outcomes = new List<(Pending Pending, IReadOnlyList<SessionEvent> Events, SessionState After, int Offset)>();
            var data = new List<EventData>();
            foreach (var p in batch)
            {
                if (p.Completion.Task.IsCompleted)
                {
                    continue;
                }

                if (now > p.Deadline)
                {
                    p.Completion.TrySetException(new SessionBusyException(TimeSpan.FromSeconds(1)));
                    continue;
                }

                if ((lane.Tenant is not null && lane.Tenant != p.Context.TenantId) || (p.MustExist && !state.Exists))
                {
                    p.Completion.TrySetException(new NotFoundException("Cette séance n'existe pas."));
                    continue;
                }

                IReadOnlyList<SessionEvent> decided;
                try
                {
                    decided = Session.Decide(p.Command, state);
                }
                catch (Exception ex) when (ex is DomainRuleViolation or NotFoundException)
                {
                    p.Completion.TrySetException(ex);
                    continue;
                }

                var offset = data.Count;
                for (var i = 0; i < decided.Count; i++)
                {
                    state = Session.Evolve(state, decided[i]);
                }

                // The decision's events, then its published facts, in the same append (the fold skips the facts).
                object[] toAppend = [.. decided, .. Session.Facts(p.Context.TenantId, state, decided)];
                for (var i = 0; i < toAppend.Length; i++)
                {
                    var id = p.Context.DeterministicIdSeed is { } seed ? DeterministicGuid.ForEvent(seed, i) : Guid.NewGuid();
                    data.Add(await serializer.SerializeAsync(toAppend[i], p.Context.ToMetadata(), id));
                }

                outcomes.Add((p, decided, state, offset + toAppend.Length - decided.Count));
            }

            if (data.Count == 0)
            {
                foreach (var o in outcomes)
                {
                    o.Pending.Completion.TrySetResult(new DeskResult(o.After, lane.Revision, []));
                }

                return;
            }

            stepStart = RecordStep("decide", stepStart);
            try
            {
                await store.AppendAsync(lane.StreamId, ExpectedRevision.FromLastRevision(lane.Revision), data);
                RecordStep("append", stepStart);
            }
            catch (WrongExpectedRevisionException) when (attempt < options.MaxConflictRetries)
            {
                continue; // someone else appended: refresh and decide again
            }
            catch (WrongExpectedRevisionException)
            {
                foreach (var o in outcomes)
                {
                    o.Pending.Completion.TrySetException(new DomainRuleViolation("session.busy",
                        "Beaucoup de demandes arrivent en même temps pour cette séance : réessayez dans un instant.", isConflict: true));
                }

                return;
            }

            var baseRevision = lane.Revision;
            lane.Set(state, baseRevision + data.Count, lane.Tenant ?? batch[0].Context.TenantId);
            BatchSize.Record(outcomes.Count);
            foreach (var o in outcomes)
            {
                o.Pending.Completion.TrySetResult(new DeskResult(o.After, baseRevision + o.Offset + o.Events.Count, o.Events));
            }

            return;
        }
    }

    private static long RecordStep(string step, long since)
    {
        var now = Stopwatch.GetTimestamp();
        StepTime.Record(Stopwatch.GetElapsedTime(since, now).TotalMilliseconds, new KeyValuePair<string, object?>("step", step));
        return now;
    }

    private async Task RefreshAsync(Lane lane, CancellationToken ct)
    {
        var recorded = await store.ReadStreamAsync(lane.StreamId, ReadDirection.Forwards, lane.Revision + 1, int.MaxValue, ct);
        if (recorded.Count == 0)
        {
            return;
        }

        var state = lane.State;
        var tenant = lane.Tenant;
        foreach (var r in recorded)
        {
            tenant ??= r.Metadata.TenantId;
            if (!string.Equals(tenant, r.Metadata.TenantId, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Stream '{lane.StreamId}' mixes tenants.");
            }

            if ((await serializer.DeserializeAsync(r, ct)).Event is SessionEvent e)
            {
                state = Session.Evolve(state, e); // published facts in the stream are not part of the fold
            }
        }

        lane.Set(state, recorded[^1].Revision, tenant);
    }

    public void Dispose()
    {
        if (_thread.IsValueCreated)
        {
            _thread.Value.Dispose();
        }
    }

    private sealed record Pending(SessionCommand Command, CommandContext Context, bool MustExist, DateTimeOffset Deadline)
    {
        public TaskCompletionSource<DeskResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long SubmittedAt { get; } = Stopwatch.GetTimestamp();
    }

    private sealed record Cached(SessionState State, long Revision, string? Tenant);

    private sealed class Lane(string streamId)
    {
        public string StreamId { get; } = streamId;

        public object Gate { get; } = new();

        public Queue<Pending> Queue { get; } = new();

        public bool Running { get; set; }

        /// <summary>Serialises refresh and decision on the cached state (the drainer and availability reads).</summary>
        public SemaphoreSlim Refresh { get; } = new(1, 1);

        public SessionState State { get; private set; } = SessionState.Initial;

        public long Revision { get; private set; } = -1;

        public string? Tenant { get; private set; }

        /// <summary>State, revision and tenant published together for lock-free readers.</summary>
        public Cached? Snapshot { get; private set; }

        public void Set(SessionState state, long revision, string? tenant)
        {
            State = state;
            Revision = revision;
            Tenant = tenant;
            Snapshot = new Cached(state, revision, tenant);
        }

        public void Reset() => Set(SessionState.Initial, -1, null);
    }
}

/// <summary>
/// <para>The desk's own thread, and the <see cref="SynchronizationContext"/> its drainers run in, so that every <c>await</c> of a drainer
/// (the lane's refresh, the write gate, the append) resumes here instead of in the thread pool's queue.</para>
/// <para>Why (ADR 0016, third pass): in a flash sale thousands of requests are queued in the thread pool at once; a drainer that resumed
/// there waited behind all of them at every hop — seconds per batch on two busy cores — and even held the write gate meanwhile, while
/// deciding the whole batch takes milliseconds. The work that unblocks everyone must not queue behind the people it unblocks. Requests'
/// own continuations still run in the pool (their completions are asynchronous); SQLite's blocking calls block this thread, not a pool
/// thread.</para>
/// </summary>
internal sealed class DeskThread : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public DeskThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "ticketing-session-desk" };
        thread.Start();
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            ThreadPool.QueueUserWorkItem(s => d(s), state); // shutting down: finish elsewhere
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("The desk thread only takes posted work.");

    public override SynchronizationContext CreateCopy() => this;

    public void Dispose() => _queue.CompleteAdding();

    private void Run()
    {
        SetSynchronizationContext(this);
        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
        {
            callback(state);
        }
    }
}
