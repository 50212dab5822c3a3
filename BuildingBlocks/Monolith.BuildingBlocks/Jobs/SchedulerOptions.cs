namespace Monolith.BuildingBlocks.Jobs;

/// <summary>Configuration section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>When false the scheduler is configured (jobs can be run inline, the store is provisioned) but never started:
    /// nothing fires. Useful for a read-only replica or an integration test that drives jobs by hand.</summary>
    public bool AutoStart { get; set; } = true;

    /// <summary>Quartz instance name, stored in every QRTZ_ row (<c>SCHED_NAME</c>).</summary>
    public string InstanceName { get; set; } = "monolith";

    /// <summary>How late a fire may be before it counts as missed. A missed cron fire is run once on start
    /// (<c>FireAndProceed</c>), never once per missed day.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);
}
