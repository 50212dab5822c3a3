using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Jobs;
using Quartz;

namespace Monolith.BuildingBlocks.Modules;

public sealed partial class ModuleBuilder
{
    /// <summary>Declares a recurring job run by the persistent scheduler (see <c>AddScheduler</c>). <paramref name="cronExpression"/> is a
    /// Quartz cron expression with seconds (<c>"0 0 7 * * ?"</c> = every day at 07:00) evaluated in <paramref name="timeZoneId"/>
    /// (IANA id, default Europe/Paris, null = UTC). The job is resolved from the container in its own scope for each run; derive
    /// scanning jobs from <see cref="ScheduledJob"/>. The job key is <c>{module}.{TJob}</c> in group <c>{module}</c>.</summary>
    public ModuleBuilder Job<TJob>(string cronExpression, string? timeZoneId = "Europe/Paris")
        where TJob : class, IJob
    {
        if (!CronExpression.TryParse(cronExpression, out _))
        {
            throw new ArgumentException($"'{cronExpression}' is not a valid Quartz cron expression (seconds first, e.g. \"0 0 7 * * ?\").", nameof(cronExpression));
        }

        var registration = new JobRegistration(ModuleName, typeof(TJob), cronExpression, timeZoneId ?? "UTC");
        _ = registration.TimeZone; // fail at startup, not at first fire, on an unknown time zone
        Services.TryAddScoped<TJob>();
        Services.AddSingleton(registration);
        return this;
    }
}
