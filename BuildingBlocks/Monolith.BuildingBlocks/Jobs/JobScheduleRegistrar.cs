using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Monolith.BuildingBlocks.Jobs;

/// <summary>On start, makes the job storage hold the declared schedule of each job (Hangfire recurring job <c>{module}.{Job}</c>, cron in
/// the job's time zone, missed runs handled "relaxed": a schedule missed while the host was down runs <em>once</em>, not once per missed
/// day). Hangfire keeps the stored next run when the cron and time zone are unchanged, so a restart neither loses nor repeats a run; a
/// changed cron reschedules. Runs before the Hangfire server starts. A recurring job stored by an earlier version and no longer
/// declared is left alone (its type may still run); remove it from the dashboard.</summary>
internal sealed partial class JobScheduleRegistrar(
    JobStorage storage,
    IEnumerable<JobRegistration> registrations,
    TimeProvider timeProvider,
    ILogger<JobScheduleRegistrar> logger) : IHostedService
{
    private static readonly System.Reflection.MethodInfo Entry = typeof(ScheduledJob).GetMethod(nameof(ScheduledJob.RunScheduledAsync))!;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // "now" for computing a new schedule's first run comes from the TimeProvider, like everything else.
        var manager = new RecurringJobManager(storage, JobFilterProviders.Providers, new DefaultTimeZoneResolver(), () => timeProvider.GetUtcNow().UtcDateTime);
        foreach (var registration in registrations)
        {
            manager.AddOrUpdate(
                registration.JobName,
                new Job(registration.JobType, Entry, CancellationToken.None),
                registration.CronExpression,
                new RecurringJobOptions { TimeZone = registration.TimeZone, MisfireHandling = MisfireHandlingMode.Relaxed });
            LogScheduled(registration.JobName, registration.CronExpression, registration.TimeZoneId);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Job {Job}: scheduled {Cron} ({TimeZone})")]
    private partial void LogScheduled(string job, string cron, string timeZone);
}
