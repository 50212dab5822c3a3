using Hangfire;

namespace Monolith.BuildingBlocks.Jobs;

/// <summary>Base class for a job that scans for due work ("reminders due today"). The scheduler (Hangfire) only decides <em>when</em>
/// it runs; "now" comes from the injected <see cref="TimeProvider"/>, so tests run the logic at any instant with <see cref="RunAtAsync"/>
/// without waiting for the clock.</summary>
/// <remarks>
/// <para>Jobs are at-least-once: Hangfire retries a failed run, a missed schedule runs once on start, a manual trigger and the cron can
/// both fire. Every effect must be keyed by a business key (e.g. <c>subscription-42/reminder-2</c>): use the <c>Notifier</c> for
/// e-mails, a decider that returns <c>[]</c> when already done, or an event id derived from the key — then a second run does nothing.</para>
/// <para>Concurrent runs of the same job are refused: <see cref="RunScheduledAsync"/> holds a distributed lock in the job storage
/// (<see cref="DisableConcurrentExecutionAttribute"/>); a second fire waits for the first to finish.</para>
/// </remarks>
public abstract class ScheduledJob(TimeProvider timeProvider)
{
    protected TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>Hangfire's entry point (the method the stored recurring job names): runs <see cref="RunAsync"/> with "now" taken from
    /// the <see cref="TimeProvider"/>. Failed runs are retried twice, then left failed in the dashboard until the next schedule.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 10 * 60)]
    [AutomaticRetry(Attempts = 2)]
    public Task RunScheduledAsync(CancellationToken cancellationToken) => RunAsync(TimeProvider.GetUtcNow(), cancellationToken);

    /// <summary>Runs the job's logic as if the clock read <paramref name="now"/> (tests, admin "run as of").</summary>
    public Task RunAtAsync(DateTimeOffset now, CancellationToken ct = default) => RunAsync(now, ct);

    /// <summary>Runs the job's logic as of the <see cref="TimeProvider"/>'s current time, outside the scheduler.</summary>
    public Task RunNowAsync(CancellationToken ct = default) => RunAsync(TimeProvider.GetUtcNow(), ct);

    /// <summary>The job's work. Must be idempotent: effects keyed by a business key.</summary>
    protected abstract Task RunAsync(DateTimeOffset now, CancellationToken ct);
}
