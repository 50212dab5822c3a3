namespace Monolith.BuildingBlocks.Jobs;

/// <summary>A recurring job a module declared with <c>m.Job&lt;TJob&gt;(cron, timeZone)</c>. Stored in Hangfire as the recurring job
/// <see cref="JobName"/>.</summary>
public sealed record JobRegistration(string ModuleName, Type JobType, string CronExpression, string TimeZoneId)
{
    /// <summary>Stable name used by <see cref="IJobTrigger"/>, the admin endpoints and the dashboard: <c>{module}.{JobType.Name}</c>.
    /// It is the Hangfire recurring-job id.</summary>
    public string JobName => $"{ModuleName}.{JobType.Name}";

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
}
