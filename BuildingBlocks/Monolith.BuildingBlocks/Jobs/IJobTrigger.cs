namespace Monolith.BuildingBlocks.Jobs;

/// <summary>Fires a registered job now, through the scheduler (admin endpoint, tests). The run happens on the scheduler's workers:
/// this returns once the run is enqueued, with its id, not when the job has finished.</summary>
public interface IJobTrigger
{
    /// <summary>The jobs the modules declared.</summary>
    IReadOnlyList<JobRegistration> Jobs { get; }

    /// <summary>Fires <paramref name="jobName"/> (<c>{module}.{JobType}</c>) once, now, and returns the run. Throws
    /// <see cref="KeyNotFoundException"/> for an unknown name.</summary>
    Task<JobRun> TriggerAsync(string jobName, CancellationToken ct = default);

    /// <summary>A run by id (any run of a declared job: triggered, scheduled or retried), or null.</summary>
    Task<JobRun?> GetRunAsync(string runId, CancellationToken ct = default);

    /// <summary>The stored schedule of each declared job: its cron, time zone, next and last run.</summary>
    Task<IReadOnlyList<ScheduledJobStatus>> GetStatusAsync(CancellationToken ct = default);
}

public sealed record ScheduledJobStatus(
    string JobName,
    string CronExpression,
    string TimeZoneId,
    DateTimeOffset? NextFireTime,
    DateTimeOffset? PreviousFireTime,
    string State);

/// <summary>One run of a job: <paramref name="State"/> is Hangfire's (<c>Enqueued</c>, <c>Processing</c>, <c>Succeeded</c>,
/// <c>Failed</c>, <c>Scheduled</c> for a retry...); once it ended, <paramref name="FinishedAt"/> and its <paramref name="Result"/>
/// (<c>succeeded</c>, or the failure's message).</summary>
public sealed record JobRun(string RunId, string JobName, string State, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt = null, string? Result = null);
