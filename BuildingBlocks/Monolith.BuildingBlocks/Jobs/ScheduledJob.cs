using Quartz;

namespace Monolith.BuildingBlocks.Jobs;

/// <summary>Base class for a job that scans for due work ("reminders due today"). The scheduler only decides <em>when</em> it runs;
/// "now" comes from the injected <see cref="TimeProvider"/>, so tests run the logic at any instant with <see cref="RunAtAsync"/>
/// without waiting for the clock.</summary>
/// <remarks>
/// <para>Jobs are at-least-once: a misfire recovered on start, a manual trigger and the cron can all run it twice. Every effect
/// must be keyed by a business key (e.g. <c>subscription-42/reminder-2</c>): use the <c>Notifier</c> for e-mails, a decider that
/// returns <c>[]</c> when already done, or an event id derived from the key — then a second run does nothing.</para>
/// <para>Concurrent runs of the same job are refused (<see cref="DisallowConcurrentExecutionAttribute"/>; the registrar also sets it
/// on the stored job detail).</para>
/// </remarks>
[DisallowConcurrentExecution]
public abstract class ScheduledJob(TimeProvider timeProvider) : IJob
{
    protected TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>Quartz entry point: runs <see cref="RunAsync"/> with "now" taken from the <see cref="TimeProvider"/>.</summary>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RunAsync(TimeProvider.GetUtcNow(), cancellationToken);

    /// <summary>Runs the job's logic as if the clock read <paramref name="now"/> (tests, admin "run as of").</summary>
    public Task RunAtAsync(DateTimeOffset now, CancellationToken ct = default) => RunAsync(now, ct);

    /// <summary>Runs the job's logic as of the <see cref="TimeProvider"/>'s current time, outside the scheduler.</summary>
    public Task RunNowAsync(CancellationToken ct = default) => RunAsync(TimeProvider.GetUtcNow(), ct);

    /// <summary>The job's work. Must be idempotent: effects keyed by a business key.</summary>
    protected abstract Task RunAsync(DateTimeOffset now, CancellationToken ct);
}
