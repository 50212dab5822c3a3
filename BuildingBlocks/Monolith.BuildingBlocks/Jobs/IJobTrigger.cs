namespace Monolith.BuildingBlocks.Jobs;

/// <summary>Fires a registered job now, through the scheduler (admin endpoint, tests). The run happens on the scheduler's threads:
/// this returns once the fire is queued, not when the job has finished.</summary>
public interface IJobTrigger
{
    /// <summary>The jobs the modules declared.</summary>
    IReadOnlyList<JobRegistration> Jobs { get; }

    /// <summary>Fires <paramref name="jobName"/> (<c>{module}.{JobType}</c>) once, now. Throws <see cref="KeyNotFoundException"/>
    /// for an unknown name.</summary>
    Task TriggerAsync(string jobName, CancellationToken ct = default);

    /// <summary>The stored trigger of each declared job: its cron, time zone and next/previous fire times.</summary>
    Task<IReadOnlyList<ScheduledJobStatus>> GetStatusAsync(CancellationToken ct = default);
}

public sealed record ScheduledJobStatus(
    string JobName,
    string CronExpression,
    string TimeZoneId,
    DateTimeOffset? NextFireTime,
    DateTimeOffset? PreviousFireTime,
    string State);
