using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Monolith.BuildingBlocks.Jobs;

/// <summary>On start, makes the persistent store hold exactly the declared schedule for each job: the job detail is (re)written,
/// and the cron trigger is <em>kept</em> when its cron and time zone are unchanged — so its stored next fire time survives the
/// restart and a fire missed while the host was down is detected as a misfire and run once. A changed cron replaces the trigger.
/// Runs before Quartz's hosted service starts the scheduler.</summary>
internal sealed partial class JobScheduleRegistrar(
    ISchedulerFactory schedulerFactory,
    IEnumerable<JobRegistration> registrations,
    ILogger<JobScheduleRegistrar> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        foreach (var registration in registrations)
        {
            await RegisterAsync(scheduler, registration, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal async Task RegisterAsync(IScheduler scheduler, JobRegistration registration, CancellationToken ct)
    {
        var job = JobBuilder.Create()
            .OfType(registration.JobType)
            .WithIdentity(registration.JobKey)
            .WithDescription($"{registration.JobType.FullName} ({registration.CronExpression} {registration.TimeZoneId})")
            .StoreDurably()
            .DisallowConcurrentExecution()
            .Build();
        await scheduler.AddJob(job, new AddJobOptions { Replace = true }, ct);

        var existing = await scheduler.GetTrigger(registration.TriggerKey, ct);
        if (existing is ICronTrigger cron
            && cron.CronExpressionString == registration.CronExpression
            && cron.TimeZone.Id == registration.TimeZone.Id
            && cron.JobKey.Equals(registration.JobKey))
        {
            LogKept(registration.JobName, cron.NextFireTimeUtc);
            return;
        }

        var trigger = TriggerBuilder.Create()
            .WithIdentity(registration.TriggerKey)
            .ForJob(registration.JobKey)
            .WithCronSchedule(registration.CronExpression, b => b
                .InTimeZone(registration.TimeZone)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        var outcome = await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, ct);
        LogScheduled(registration.JobName, registration.CronExpression, registration.TimeZoneId, outcome.ToString());
    }

    [LoggerMessage(LogLevel.Information, "Job {Job}: stored trigger kept, next fire {Next}")]
    private partial void LogKept(string job, DateTimeOffset? next);

    [LoggerMessage(LogLevel.Information, "Job {Job}: scheduled {Cron} ({TimeZone}): {Outcome}")]
    private partial void LogScheduled(string job, string cron, string timeZone, string outcome);
}
