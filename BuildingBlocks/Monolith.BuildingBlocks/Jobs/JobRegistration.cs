using Quartz;

namespace Monolith.BuildingBlocks.Jobs;

/// <summary>A recurring job a module declared with <c>m.Job&lt;TJob&gt;(cron, timeZone)</c>. The Quartz job key is
/// (<see cref="JobName"/>, group = module name); its one trigger has the same identity.</summary>
public sealed record JobRegistration(string ModuleName, Type JobType, string CronExpression, string TimeZoneId)
{
    /// <summary>Stable name used by <see cref="IJobTrigger"/> and the admin endpoint: <c>{module}.{JobType.Name}</c>.</summary>
    public string JobName => $"{ModuleName}.{JobType.Name}";

    public JobKey JobKey => new(JobName, ModuleName);

    public TriggerKey TriggerKey => new($"{JobName}.cron", ModuleName);

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
}
