using System.Collections.Concurrent;
using System.Collections.Immutable;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.BuildingBlocks.Deciders;

/// <summary>The one generic command handler: load the stream (tenant-checked), fold <c>Evolve</c>, run <c>Decide</c>, append the
/// new events with the loaded revision as expected revision. On a conflict it re-loads and re-decides up to
/// <see cref="CommandOptions.MaxRetries"/> times — unless the caller gave its own expected revision (<c>If-Match</c>), in which case
/// a stale revision is a <see cref="WrongExpectedRevisionException"/> at once. An empty decision appends nothing.
/// <para>With <see cref="CommandOptions.CachedFold"/> the fold is kept per stream and decider (<see cref="FoldCache"/>): a load reads
/// only the events after the cached revision. The cache holds only what was read from the store, never a decided state, so it can
/// lag (then the catch-up reads what it missed) but never run ahead of the log or disagree with it.</para></summary>
public sealed class CommandHandler(IEventStore store, EventSerializer serializer)
{
    /// <summary>Streams whose fold is kept at most (beyond, the cache starts again empty: a cost, never a wrong answer).</summary>
    internal const int MaxCachedFolds = 4096;

    private readonly ConcurrentDictionary<string, CachedFold> _folds = new(StringComparer.Ordinal);

    public async Task<CommandResult<TEvent, TState>> HandleAsync<TCommand, TEvent, TState>(
        Decider<TCommand, TEvent, TState> decider,
        string streamId,
        TCommand command,
        CommandContext context,
        CommandOptions? options = null,
        CancellationToken ct = default)
        where TEvent : notnull =>
        await HandleAsync(decider, streamId, command, context, complete: null, options, ct);

    /// <summary>As above; <paramref name="complete"/> fills in the decided events with what exists only once the decision is taken
    /// (resources allocated outside the stream, e.g. subscriber numbers and portal accounts). It runs after <c>Decide</c> accepted the
    /// command and only when there is something to append, so a refused or already-done command allocates nothing; the decider
    /// decides once. It may return the events changed in their data, never other events.</summary>
    public async Task<CommandResult<TEvent, TState>> HandleAsync<TCommand, TEvent, TState>(
        Decider<TCommand, TEvent, TState> decider,
        string streamId,
        TCommand command,
        CommandContext context,
        Func<IReadOnlyList<TEvent>, TState, CancellationToken, Task<IReadOnlyList<TEvent>>>? complete,
        CommandOptions? options = null,
        CancellationToken ct = default)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(context);
        options ??= CommandOptions.Default;
        ExpectedRevision? callerExpected = context.Expected is { Kind: not ExpectedRevision.ExpectationKind.Any } e ? e : null;
        if (context.DeterministicIdSeed is null && IdempotencyScope.NextCommandSeed(streamId) is { } keySeed)
        {
            // Inside a request with an Idempotency-Key: this command's event ids derive from the key (see IdempotencyScope).
            context = context with { DeterministicIdSeed = keySeed };
        }

        for (var attempt = 0; ; attempt++)
        {
            var loaded = options.CachedFold
                ? await LoadCachedCoreAsync(decider, streamId, context.TenantId, ct)
                : await LoadCoreAsync(decider, streamId, context.TenantId, ct);
            if (options.StreamMustExist && loaded.Revision < 0)
            {
                throw NotFound(streamId);
            }

            if (callerExpected is { } expected && !Matches(expected, loaded.Revision))
            {
                throw new WrongExpectedRevisionException(streamId, expected, loaded.Revision);
            }

            if (context.DeterministicIdSeed is { } replaySeed && loaded.EventIds.Contains(DeterministicGuid.ForEvent(replaySeed, 0)))
            {
                // A replayed reactor/job: this command's events are already in the stream. Don't decide again on a state that
                // has moved on since (it could refuse, or decide something else).
                return new CommandResult<TEvent, TState>(loaded.State, loaded.Revision, [], null);
            }

            var decided = decider.Decide(command, loaded.State);
            if (decided.Count == 0)
            {
                return new CommandResult<TEvent, TState>(loaded.State, loaded.Revision, [], null);
            }

            if (complete is not null)
            {
                var completed = await complete(decided, loaded.State, ct);
                if (completed.Count != decided.Count)
                {
                    throw new InvalidOperationException("Completing a decision may change the decided events' data, not their number.");
                }

                decided = completed;
            }

            var state = decided.Aggregate(loaded.State, decider.Evolve);
            var facts = decider.Publish?.Invoke(command, loaded.State, decided, state).ToList() ?? [];
            var toAppend = new object[decided.Count + facts.Count];
            for (var i = 0; i < decided.Count; i++)
            {
                toAppend[i] = decided[i];
            }

            for (var i = 0; i < facts.Count; i++)
            {
                toAppend[decided.Count + i] = facts[i];
            }

            var metadata = context.ToMetadata();
            var data = new EventData[toAppend.Length];
            for (var i = 0; i < data.Length; i++)
            {
                var id = context.DeterministicIdSeed is { } seed ? DeterministicGuid.ForEvent(seed, i) : Guid.NewGuid();
                data[i] = await serializer.SerializeAsync(toAppend[i], metadata, id, ct);
            }

            AppendResult appended;
            try
            {
                appended = await store.AppendAsync(streamId, ExpectedRevision.FromLastRevision(loaded.Revision), data, ct);
            }
            catch (WrongExpectedRevisionException) when (callerExpected is null && attempt < options.MaxRetries)
            {
                continue;
            }

            Http.LogPositions.Record(appended.LastPosition);
            return new CommandResult<TEvent, TState>(state, appended.LastRevision, decided, appended.LastPosition);
        }
    }

    /// <summary>Loads and folds a stream for a read (GET with ETag). Another tenant's stream reads as absent;
    /// with <paramref name="mustExist"/> an absent stream is <see cref="NotFoundException"/>.</summary>
    public async Task<StreamState<TState>> LoadAsync<TCommand, TEvent, TState>(
        Decider<TCommand, TEvent, TState> decider,
        string streamId,
        string tenantId,
        bool mustExist = false,
        CancellationToken ct = default)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        var loaded = await LoadCoreAsync(decider, streamId, tenantId, ct);
        if (mustExist && loaded.Revision < 0)
        {
            throw NotFound(streamId);
        }

        return new StreamState<TState>(loaded.State, loaded.Revision);
    }

    /// <summary>As <see cref="LoadAsync{TCommand, TEvent, TState}"/>, from the cached fold of the stream (see
    /// <see cref="CommandOptions.CachedFold"/>): reads only the events appended since the cached revision.</summary>
    public async Task<StreamState<TState>> LoadCachedAsync<TCommand, TEvent, TState>(
        Decider<TCommand, TEvent, TState> decider,
        string streamId,
        string tenantId,
        CancellationToken ct = default)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        var loaded = await LoadCachedCoreAsync(decider, streamId, tenantId, ct);
        return new StreamState<TState>(loaded.State, loaded.Revision);
    }

    /// <summary>The cached fold caught up with the log: the events after the cached revision are read and folded onto it (all of them
    /// the first time). Absent streams and other tenants' streams are not cached.</summary>
    private async Task<Loaded<TState>> LoadCachedCoreAsync<TCommand, TEvent, TState>(
        Decider<TCommand, TEvent, TState> decider,
        string streamId,
        string tenantId,
        CancellationToken ct)
        where TEvent : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var cached = _folds.TryGetValue(streamId, out var hit) && ReferenceEquals(hit.Decider, decider) && hit.State is TState ? hit : null;
        if (cached is not null && !string.Equals(cached.TenantId, tenantId, StringComparison.Ordinal))
        {
            throw NotFound(streamId);
        }

        var recorded = await store.ReadStreamAsync(streamId, ReadDirection.Forwards, cached is null ? null : cached.Revision + 1, int.MaxValue, ct);
        if (recorded.Any(r => !string.Equals(r.Metadata.TenantId, tenantId, StringComparison.Ordinal)))
        {
            throw NotFound(streamId);
        }

        var state = cached is null ? decider.InitialState : (TState)cached.State;
        var ids = cached?.EventIds ?? ImmutableHashSet<Guid>.Empty;
        var revision = cached?.Revision ?? -1;
        if (recorded.Count > 0 && recorded[0].Revision != revision + 1)
        {
            // The log does not continue the cached fold (not possible with an append-only log; a test that swapped the database could):
            // forget it and fold the stream from its start.
            _folds.TryRemove(streamId, out _);
            return await LoadCachedCoreAsync(decider, streamId, tenantId, ct);
        }

        foreach (var r in recorded)
        {
            var envelope = await serializer.DeserializeAsync(r, ct);
            if (envelope.Event is Facts.IIntegrationEvent)
            {
                ids = ids.Add(r.EventId);
                continue;
            }

            if (envelope.Event is not TEvent @event)
            {
                throw NotFound(streamId);
            }

            state = decider.Evolve(state, @event);
            ids = ids.Add(r.EventId);
        }

        if (recorded.Count > 0)
        {
            revision = recorded[^1].Revision;
            if (_folds.Count >= MaxCachedFolds)
            {
                _folds.Clear();
            }

            // Keep the most advanced fold: a concurrent load may have stored a later one.
            var fold = new CachedFold(decider, tenantId, state!, revision, ids);
            _folds.AddOrUpdate(streamId, fold, (_, existing) =>
                ReferenceEquals(existing.Decider, decider) && existing.Revision >= revision ? existing : fold);
        }

        return new Loaded<TState>(state, revision, ids);
    }

    private async Task<Loaded<TState>> LoadCoreAsync<TCommand, TEvent, TState>(
        Decider<TCommand, TEvent, TState> decider,
        string streamId,
        string tenantId,
        CancellationToken ct)
        where TEvent : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var recorded = await store.ReadStreamAsync(streamId, ReadDirection.Forwards, null, int.MaxValue, ct);
        if (recorded.Any(r => !string.Equals(r.Metadata.TenantId, tenantId, StringComparison.Ordinal)))
        {
            // Never reveal that the stream exists for someone else.
            throw NotFound(streamId);
        }

        var state = decider.InitialState;
        var ids = new HashSet<Guid>();
        foreach (var r in recorded)
        {
            var envelope = await serializer.DeserializeAsync(r, ct);
            if (envelope.Event is Facts.IIntegrationEvent)
            {
                // A published fact appended with the stream's events: not part of the fold.
                ids.Add(r.EventId);
                continue;
            }

            if (envelope.Event is not TEvent @event)
            {
                // The id names a resource of another kind (an offer's id used as a subscription's): there is no such resource.
                throw NotFound(streamId);
            }

            state = decider.Evolve(state, @event);
            ids.Add(r.EventId);
        }

        return new Loaded<TState>(state, recorded.Count == 0 ? -1 : recorded[^1].Revision, ids);
    }

    private static bool Matches(ExpectedRevision expected, long revision) => expected.Kind switch
    {
        ExpectedRevision.ExpectationKind.NoStream => revision < 0,
        ExpectedRevision.ExpectationKind.StreamExists => revision >= 0,
        ExpectedRevision.ExpectationKind.Exact => revision == expected.Value,
        _ => true,
    };

    /// <summary>Never names the stream: its id is internal (and would tell which resources exist).</summary>
    private static NotFoundException NotFound(string streamId)
    {
        _ = streamId;
        return new NotFoundException("Aucune ressource ne correspond à cet identifiant.");
    }

    private sealed record Loaded<TState>(TState State, long Revision, ICollection<Guid> EventIds);

    /// <summary>A stream's fold as read from the log up to <see cref="Revision"/>, by <see cref="Decider"/> (states of different deciders
    /// over one stream are not interchangeable), for <see cref="TenantId"/>.</summary>
    private sealed record CachedFold(object Decider, string TenantId, object State, long Revision, ImmutableHashSet<Guid> EventIds);
}
