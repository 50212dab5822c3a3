namespace Monolith.BuildingBlocks.Jobs;

/// <summary>Configuration section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    public const string DefaultDatabaseFileName = "jobs.db";

    /// <summary>When false the scheduler's storage is configured (jobs can be run inline, schedules are stored, a trigger enqueues) but
    /// no Hangfire server runs: nothing fires. Useful for a read-only replica or an integration test that drives jobs by hand.</summary>
    public bool AutoStart { get; set; } = true;

    /// <summary>The SQLite file of the embedded job storage. Default: <c>jobs.db</c> next to the event store's file — its <em>own</em>
    /// file: the storage opens it with sqlite-net, and two SQLite libraries must never share a database file.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Hangfire server name (several hosts on a server database each have their own).</summary>
    public string ServerName { get; set; } = "monolith";

    /// <summary>With <c>Data:Engine=postgresql</c>, the schema of Hangfire's tables (default: <c>{search path}_jobs</c>, else
    /// <c>hangfire</c>).</summary>
    public string? PostgreSqlSchema { get; set; }

    /// <summary>Worker threads running jobs (the jobs are few and scan; two keep one free while another runs long).</summary>
    public int WorkerCount { get; set; } = 2;

    /// <summary>How often an idle worker polls the queue of the SQLite storage, and the recurring and delayed schedulers poll their
    /// sets.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
