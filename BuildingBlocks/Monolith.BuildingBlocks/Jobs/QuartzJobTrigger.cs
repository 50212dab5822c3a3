using Quartz;

namespace Monolith.BuildingBlocks.Jobs;

internal sealed class QuartzJobTrigger(ISchedulerFactory schedulerFactory, IEnumerable<JobRegistration> registrations) : IJobTrigger
{
    public IReadOnlyList<JobRegistration> Jobs { get; } = [.. registrations];

    public async Task TriggerAsync(string jobName, CancellationToken ct = default)
    {
        var registration = Find(jobName);
        var scheduler = await schedulerFactory.GetScheduler(ct);
        await scheduler.TriggerJob(registration.JobKey, ct);
    }

    public async Task<IReadOnlyList<ScheduledJobStatus>> GetStatusAsync(CancellationToken ct = default)
    {
        var scheduler = await schedulerFactory.GetScheduler(ct);
        var result = new List<ScheduledJobStatus>();
        foreach (var registration in Jobs)
        {
            var trigger = await scheduler.GetTrigger(registration.TriggerKey, ct);
            var state = await scheduler.GetTriggerState(registration.TriggerKey, ct);
            result.Add(new ScheduledJobStatus(
                registration.JobName,
                registration.CronExpression,
                registration.TimeZoneId,
                trigger?.NextFireTimeUtc,
                trigger?.PreviousFireTimeUtc,
                state.ToString()));
        }

        return result;
    }

    internal JobRegistration Find(string jobName) =>
        Jobs.FirstOrDefault(j => string.Equals(j.JobName, jobName, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"No job named '{jobName}'. Known jobs: {string.Join(", ", Jobs.Select(j => j.JobName))}.");
}
