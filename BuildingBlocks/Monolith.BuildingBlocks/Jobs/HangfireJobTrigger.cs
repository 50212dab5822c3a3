using Hangfire;
using Hangfire.Storage;

namespace Monolith.BuildingBlocks.Jobs;

internal sealed class HangfireJobTrigger(JobStorage storage, IEnumerable<JobRegistration> registrations) : IJobTrigger
{
    public IReadOnlyList<JobRegistration> Jobs { get; } = [.. registrations];

    public Task<JobRun> TriggerAsync(string jobName, CancellationToken ct = default)
    {
        var registration = Find(jobName);
        var runId = new RecurringJobManager(storage).TriggerJob(registration.JobName)
            ?? throw new KeyNotFoundException($"Job '{registration.JobName}' is declared but not stored yet (the host has not started).");
        return Task.FromResult(Run(runId, registration.JobName) ?? new JobRun(runId, registration.JobName, "Enqueued", DateTimeOffset.UtcNow));
    }

    public Task<JobRun?> GetRunAsync(string runId, CancellationToken ct = default)
    {
        using var connection = storage.GetConnection();
        var data = connection.GetJobData(runId);
        var jobName = data is null ? null : connection.GetJobParameter(runId, "RecurringJobId")?.Trim('"');
        return Task.FromResult(jobName is null || !Jobs.Any(j => j.JobName == jobName) ? null : Run(runId, jobName));
    }

    public Task<IReadOnlyList<ScheduledJobStatus>> GetStatusAsync(CancellationToken ct = default)
    {
        using var connection = storage.GetConnection();
        var stored = connection.GetRecurringJobs().ToDictionary(j => j.Id, StringComparer.Ordinal);
        IReadOnlyList<ScheduledJobStatus> result =
        [
            .. Jobs.Select(r => stored.TryGetValue(r.JobName, out var job)
                ? new ScheduledJobStatus(r.JobName, job.Cron, job.TimeZoneId ?? r.TimeZoneId, Utc(job.NextExecution), Utc(job.LastExecution), job.LastJobState ?? "Scheduled")
                : new ScheduledJobStatus(r.JobName, r.CronExpression, r.TimeZoneId, null, null, "NotStored")),
        ];
        return Task.FromResult(result);
    }

    private JobRun? Run(string runId, string jobName)
    {
        using var connection = storage.GetConnection();
        var data = connection.GetJobData(runId);
        if (data is null)
        {
            return null;
        }

        var run = new JobRun(runId, jobName, data.State ?? "Created", Utc(data.CreatedAt) ?? DateTimeOffset.UtcNow);
        var state = connection.GetStateData(runId);
        return state?.Name switch
        {
            "Succeeded" => run with { FinishedAt = At(state, "SucceededAt"), Result = "succeeded" },
            "Failed" => run with { FinishedAt = At(state, "FailedAt"), Result = state.Data.TryGetValue("ExceptionMessage", out var message) ? message : state.Reason },
            _ => run,
        };
    }

    private static DateTimeOffset? At(StateData state, string key) =>
        state.Data.TryGetValue(key, out var raw) ? Utc(Hangfire.Common.JobHelper.DeserializeNullableDateTime(raw)) : null;

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    internal JobRegistration Find(string jobName) =>
        Jobs.FirstOrDefault(j => string.Equals(j.JobName, jobName, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"No job named '{jobName}'. Known jobs: {string.Join(", ", Jobs.Select(j => j.JobName))}.");
}
