using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Jobs;

namespace Monolith.BuildingBlocks.Modules;

public sealed partial class ModuleBuilder
{
    /// <summary>Declares a recurring job run by the persistent scheduler (Hangfire, see <c>AddScheduler</c>). <paramref name="cronExpression"/>
    /// has seconds first (<c>"0 0 7 * * ?"</c> = every day at 07:00; <c>?</c> is read as <c>*</c>; five fields without seconds work too)
    /// and is evaluated in <paramref name="timeZoneId"/> (IANA id, default Europe/Paris, null = UTC): 07:00 stays 07:00 Paris time across
    /// the daylight-saving changes. The job is resolved from the container in its own scope for each run; it derives from
    /// <see cref="ScheduledJob"/>. Its recurring-job id is <c>{module}.{TJob}</c>.</summary>
    public ModuleBuilder Job<TJob>(string cronExpression, string? timeZoneId = "Europe/Paris")
        where TJob : ScheduledJob
    {
        if (!CronShape().IsMatch(cronExpression.Trim()))
        {
            throw new ArgumentException($"'{cronExpression}' is not a valid cron expression (seconds first, e.g. \"0 0 7 * * ?\").", nameof(cronExpression));
        }

        var registration = new JobRegistration(ModuleName, typeof(TJob), cronExpression.Trim(), timeZoneId ?? "UTC");
        _ = registration.TimeZone; // fail at startup, not at first fire, on an unknown time zone
        Services.TryAddScoped<TJob>();
        Services.AddSingleton(registration);
        return this;
    }

    /// <summary>Five or six cron fields (Cronos syntax, which Hangfire uses: numbers, names, <c>* ? , - / L W #</c>). The full parse
    /// happens when the schedule is stored at start, which fails the start on an expression Cronos refuses.</summary>
    [GeneratedRegex(@"^([0-9A-Za-z*?,/\-#]+\s+){4,5}[0-9A-Za-z*?,/\-#]+$")]
    private static partial Regex CronShape();
}
