using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>Where a projection or reactor stands. <see cref="Lag"/> = head − position (positions may have gaps, so it is an upper bound).</summary>
public sealed record ProjectionStatus(
    string Name,
    string Kind,
    long Position,
    long Head,
    long Lag,
    string Status,
    string? Error,
    long? FailedPosition,
    DateTimeOffset? UpdatedAt);

public enum AdminOutcome
{
    Done,

    /// <summary>No projection or reactor of that name is registered.</summary>
    NotFound,

    /// <summary>Retry and skip only apply to a subscriber stopped on a parked event.</summary>
    NotStopped,
}

/// <summary>Operations on projections and reactors, for the admin endpoints, health and tests.</summary>
public interface IProjectionAdmin
{
    /// <summary>One entry per registered projection and reactor, with its checkpoint, the log head and the lag.</summary>
    Task<IReadOnlyList<ProjectionStatus>> GetStatusesAsync(CancellationToken ct = default);

    /// <summary>Dead letters, all of them or only those with <paramref name="status"/> (see <see cref="DeadLetterStatus"/>).</summary>
    Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(string? status = null, CancellationToken ct = default);

    /// <summary>Restarts a stopped subscriber from its parked event (the event is tried again).</summary>
    Task<AdminOutcome> RetryAsync(string name, CancellationToken ct = default);

    /// <summary>Marks the parked event skipped and restarts the subscriber just after it.</summary>
    Task<AdminOutcome> SkipAsync(string name, CancellationToken ct = default);

    /// <summary>Projection: clears its tables (<see cref="IProjection.ResetAsync"/>) and sets its checkpoint to 0 in one transaction,
    /// then it catches up. Reactor: replays from 0 (reactions are idempotent). Works whatever the current status.</summary>
    Task<AdminOutcome> RebuildAsync(string name, CancellationToken ct = default);

    /// <summary>Waits until every running projection has a checkpoint at or past the log head as it was at the call. With
    /// <paramref name="includeReactors"/>, reactors too, and until the log is quiet: events the reactions appended meanwhile are
    /// applied by every projection before it returns. Stopped subscribers are not waited for. False when <paramref name="timeout"/>
    /// elapses first.</summary>
    Task<bool> WaitForCatchUpAsync(TimeSpan timeout, bool includeReactors = false, CancellationToken ct = default);

    /// <summary>Waits (at most <paramref name="timeout"/>) until every running projection has applied the event log up to
    /// <paramref name="position"/> (read your writes: the position a command answered in <c>X-Log-Position</c>). False on timeout.</summary>
    Task<bool> WaitForPositionAsync(long position, TimeSpan timeout, CancellationToken ct = default) =>
        WaitForCatchUpAsync(timeout, includeReactors: false, ct);
}

/// <inheritdoc />
public sealed class ProjectionStatusService(
    IEnumerable<IProjection> projections,
    IEnumerable<IReactor> reactors,
    IEventStore store,
    ProjectionCheckpointStore checkpoints,
    ProjectionSignals signals,
    IServiceProvider services) : IProjectionAdmin
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly IReadOnlyList<IProjection> _projections = projections.ToList();
    private readonly IReadOnlyList<IReactor> _reactors = reactors.ToList();

    private IEnumerable<(string Name, string Kind)> Registered =>
        _projections.Select(p => (p.Name, SubscriberKinds.Projection)).Concat(_reactors.Select(r => (r.Name, SubscriberKinds.Reactor)));

    public async Task<IReadOnlyList<ProjectionStatus>> GetStatusesAsync(CancellationToken ct = default)
    {
        var head = await store.GetHeadPositionAsync(ct);
        var rows = (await checkpoints.GetAllAsync(ct)).ToDictionary(r => r.Name, StringComparer.Ordinal);
        return Registered
            .Select(s => rows.TryGetValue(s.Name, out var row)
                ? new ProjectionStatus(s.Name, s.Kind, signals.EffectivePosition(row), head, Math.Max(0, head - signals.EffectivePosition(row)), row.Status, row.Error, row.FailedPosition, row.UpdatedAt)
                : new ProjectionStatus(s.Name, s.Kind, 0, head, head, "starting", null, null, null))
            .ToList();
    }

    public Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(string? status = null, CancellationToken ct = default) =>
        checkpoints.GetDeadLettersAsync(status, ct);

    public Task<AdminOutcome> RetryAsync(string name, CancellationToken ct = default) =>
        ChangeStoppedAsync(name, DeadLetterStatus.Retried, row => row.Position, ct);

    public Task<AdminOutcome> SkipAsync(string name, CancellationToken ct = default) =>
        ChangeStoppedAsync(name, DeadLetterStatus.Skipped, row => row.FailedPosition ?? row.Position, ct);

    public async Task<AdminOutcome> RebuildAsync(string name, CancellationToken ct = default)
    {
        var projection = _projections.FirstOrDefault(p => p.Name == name);
        var reactor = _reactors.FirstOrDefault(r => r.Name == name);
        if (projection is null && reactor is null)
        {
            return AdminOutcome.NotFound;
        }

        await checkpoints.EnsureRegisteredAsync(name, projection is null ? SubscriberKinds.Reactor : SubscriberKinds.Projection, ct);
        var database = checkpoints.Placement.For(name);
        await using (var connection = await database.OpenAsync(ct))
        await using (var tx = await database.BeginWriteAsync(connection, ct))
        {
            // locks the row on PostgreSQL: a batch being applied by the lease holder finishes first, the next one sees position 0
            _ = await ProjectionCheckpointStore.GetAsync(connection, tx, name, ct);
            if (projection is not null)
            {
                var decoder = (IEventDecoder?)services.GetService(typeof(IEventDecoder));
                await projection.ResetAsync(new ProjectionContext(name, connection, tx, decoder), ct);
            }

            await checkpoints.ResolveDeadLettersAsync(connection, tx, name, DeadLetterStatus.Rebuilt, null, ct);
            await checkpoints.RestartAsync(connection, tx, name, 0, ct);
            await tx.CommitAsync(ct);
        }

        signals.Wake(name);
        return AdminOutcome.Done;
    }

    public async Task<bool> WaitForPositionAsync(long position, TimeSpan timeout, CancellationToken ct = default)
    {
        var names = _projections.Select(p => p.Name).ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var changed = signals.Changed;
            var rows = (await checkpoints.GetAllAsync(ct)).ToDictionary(r => r.Name, StringComparer.Ordinal);
            // Where each projection really is: a projection that passed over events it does not handle saves that position later
            // (SubscriberLoop), and must not hold a reader back meanwhile.
            if (!names.Any(n => !rows.TryGetValue(n, out var row) || (row.Status == SubscriberStatus.Running && signals.EffectivePosition(row) < position)))
            {
                return true;
            }

            try
            {
                await changed.WaitAsync(PollInterval, deadline.Token);
            }
            catch (TimeoutException)
            {
                // poll again: a checkpoint may have moved in another process
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    public async Task<bool> WaitForCatchUpAsync(TimeSpan timeout, bool includeReactors = false, CancellationToken ct = default)
    {
        var head = await store.GetHeadPositionAsync(ct);
        var names = (includeReactors ? Registered : _projections.Select(p => (p.Name, SubscriberKinds.Projection)))
            .Select(s => s.Name)
            .ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var changed = signals.Changed;
            var rows = (await checkpoints.GetAllAsync(ct)).ToDictionary(r => r.Name, StringComparer.Ordinal);
            var behind = names.Any(n => !rows.TryGetValue(n, out var row) || (row.Status == SubscriberStatus.Running && signals.EffectivePosition(row) < head));
            if (!behind)
            {
                if (!includeReactors)
                {
                    return true;
                }

                // Reactors append events of their own (an invoice for a renewal...): caught up means the log has stopped growing
                // too, so every projection has also applied what the reactions wrote.
                var now = await store.GetHeadPositionAsync(ct);
                if (now == head)
                {
                    return true;
                }

                head = now;
                continue;
            }

            try
            {
                await changed.WaitAsync(PollInterval, deadline.Token);
            }
            catch (TimeoutException)
            {
                // poll again: a checkpoint may have moved in another process
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private async Task<AdminOutcome> ChangeStoppedAsync(string name, string letterStatus, Func<SubscriberCheckpoint, long> restartAt, CancellationToken ct)
    {
        if (!Registered.Any(s => s.Name == name))
        {
            return AdminOutcome.NotFound;
        }

        var database = checkpoints.Placement.For(name);
        await using (var connection = await database.OpenAsync(ct))
        await using (var tx = await database.BeginWriteAsync(connection, ct))
        {
            var row = await ProjectionCheckpointStore.GetAsync(connection, tx, name, ct);
            if (row is null || row.Status != SubscriberStatus.Stopped)
            {
                return AdminOutcome.NotStopped;
            }

            await checkpoints.ResolveDeadLettersAsync(connection, tx, name, letterStatus, row.FailedPosition, ct);
            await checkpoints.RestartAsync(connection, tx, name, restartAt(row), ct);
            await tx.CommitAsync(ct);
        }

        signals.Wake(name);
        return AdminOutcome.Done;
    }
}
