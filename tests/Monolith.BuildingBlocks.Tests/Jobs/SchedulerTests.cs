using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Testing;

namespace Monolith.BuildingBlocks.Tests.Jobs;

/// <summary>Records the runs of <see cref="RecordingJob"/> and lets a test await the n-th one.</summary>
public sealed class RunRecorder
{
    private readonly ConcurrentQueue<DateTimeOffset> _runs = new();
    private readonly SemaphoreSlim _signal = new(0);

    public IReadOnlyCollection<DateTimeOffset> Runs => _runs;

    public void Record(DateTimeOffset now)
    {
        _runs.Enqueue(now);
        _signal.Release();
    }

    public async Task WaitForRunAsync(TimeSpan? timeout = null)
    {
        var got = await _signal.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        got.Should().BeTrue("the job should have run");
    }
}

public sealed class RecordingJob(TimeProvider time, RunRecorder recorder) : ScheduledJob(time)
{
    protected override Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        recorder.Record(now);
        return Task.CompletedTask;
    }
}

/// <summary>The scheduler's gates, run on each job storage: the embedded SQLite file (<see cref="SqliteSchedulerTests"/>) and the
/// server engine's PostgreSQL (<see cref="PostgreSqlSchedulerTests"/>).</summary>
public abstract class SchedulerTests : IDisposable
{
    protected const string DailyAtSeven = "0 0 7 * * ?";
    protected const string RecordingJobName = "demo.RecordingJob";
    private readonly TempDataFolder _folder = new();

    protected TempDataFolder Folder => _folder;

    public virtual void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Registers the job storage under test (nothing: the default SQLite file next to the event store).</summary>
    protected virtual void ConfigureStorage(IServiceCollection services)
    {
    }

    protected IHost BuildHost(bool declareJob, bool autoStart, RunRecorder recorder, TimeProvider? time = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var services = builder.Services;
        services.AddLogging();
        services.AddSingleton(new SqliteConnectionFactory(_folder.DatabasePath));
        services.AddSingleton(recorder);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (declareJob)
        {
            new ModuleBuilder("demo", services, new ConfigurationBuilder().Build()).Job<RecordingJob>(DailyAtSeven);
        }
        else
        {
            services.AddScoped<RecordingJob>(); // the type must still be resolvable to run a stored job
        }

        services.AddScheduler(configure: o =>
        {
            o.AutoStart = autoStart;
            o.PollInterval = TimeSpan.FromMilliseconds(200);
        });
        ConfigureStorage(services);
        return builder.Build();
    }

    protected static RecurringJobDto? Stored(IHost host)
    {
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().SingleOrDefault(j => j.Id == RecordingJobName);
    }

    [Fact]
    public async Task Job_and_schedule_survive_a_restart_and_can_be_fired_on_the_new_host()
    {
        var recorder = new RunRecorder();
        DateTime? nextBefore;
        using (var first = BuildHost(declareJob: true, autoStart: true, recorder))
        {
            await first.StartAsync();
            var stored = Stored(first);
            stored.Should().NotBeNull();
            nextBefore = stored!.NextExecution;
            nextBefore.Should().NotBeNull();
            await first.StopAsync();
        }

        // A new host that does not declare the job: whatever it finds came from the job storage's file.
        using var second = BuildHost(declareJob: false, autoStart: true, recorder);
        await second.StartAsync();

        var restored = Stored(second);
        restored.Should().NotBeNull();
        restored!.Job.Type.Should().Be<RecordingJob>();
        restored.Cron.Should().Be(DailyAtSeven);
        restored.TimeZoneId.Should().Be("Europe/Paris");
        restored.NextExecution.Should().Be(nextBefore);

        new RecurringJobManager(second.Services.GetRequiredService<JobStorage>()).TriggerJob(RecordingJobName);
        await recorder.WaitForRunAsync();
        recorder.Runs.Should().HaveCount(1);
        await second.StopAsync();
    }

    [Fact]
    public async Task Trigger_now_answers_with_the_run_and_runs_the_job_with_now_from_the_TimeProvider()
    {
        var recorder = new RunRecorder();
        var clock = new ManualTimeProvider(new DateTimeOffset(2016, 12, 19, 11, 55, 0, TimeSpan.FromHours(1)));
        using var host = BuildHost(declareJob: true, autoStart: true, recorder, clock);
        await host.StartAsync();
        var trigger = host.Services.GetRequiredService<IJobTrigger>();
        trigger.Jobs.Select(j => j.JobName).Should().Contain(RecordingJobName);

        var run = await trigger.TriggerAsync(RecordingJobName);
        await recorder.WaitForRunAsync();

        run.JobName.Should().Be(RecordingJobName);
        recorder.Runs.Should().ContainSingle().Which.Should().Be(clock.GetUtcNow());
        var finished = await Eventually.WaitAsync(() => trigger.GetRunAsync(run.RunId), r => r?.State == "Succeeded");
        finished!.RunId.Should().Be(run.RunId);
        (finished.Result, finished.FinishedAt.HasValue).Should().Be(("succeeded", true), "a finished run says how and when it ended");
        var status = await trigger.GetStatusAsync();
        status.Should().ContainSingle(s => s.JobName == RecordingJobName).Which.NextFireTime.Should().NotBeNull();
        await host.StopAsync();
    }

    [Fact]
    public async Task Unknown_job_name_is_reported()
    {
        using var host = BuildHost(declareJob: true, autoStart: false, new RunRecorder());
        await host.StartAsync();
        var act = () => host.Services.GetRequiredService<IJobTrigger>().TriggerAsync("demo.Nope");
        await act.Should().ThrowAsync<KeyNotFoundException>();
        await host.StopAsync();
    }

    [Fact]
    public async Task A_daily_run_missed_while_the_host_was_down_fires_once_on_start()
    {
        var recorder = new RunRecorder();

        // The schedule was stored by a host that stopped three days ago (its clock read then): its next run is long past.
        var threeDaysAgo = new ManualTimeProvider(DateTimeOffset.UtcNow.AddDays(-3));
        using (var first = BuildHost(declareJob: true, autoStart: false, recorder, threeDaysAgo))
        {
            await first.StartAsync();
            Stored(first)!.NextExecution.Should().BeBefore(DateTime.UtcNow.AddDays(-1));
            await first.StopAsync();
        }

        using var second = BuildHost(declareJob: true, autoStart: true, recorder);
        await second.StartAsync();
        await recorder.WaitForRunAsync();

        var stored = await Eventually.WaitAsync(() => Task.FromResult(Stored(second)), j => j?.NextExecution > DateTime.UtcNow);
        stored!.NextExecution.Should().BeAfter(DateTime.UtcNow, "after one catch-up run the schedule resumes at the next 07:00");
        await Task.Delay(TimeSpan.FromSeconds(2)); // several polls of the recurring scheduler
        recorder.Runs.Should().HaveCount(1, "three missed days give one run, not three");
        await second.StopAsync();
    }

    [Theory]
    [InlineData("2027-03-27T10:00:00Z", "2027-03-28T05:00:00Z")] // the night summer time starts: 07:00 CEST = 05:00 UTC
    [InlineData("2027-03-26T10:00:00Z", "2027-03-27T06:00:00Z")] // the day before: 07:00 CET = 06:00 UTC
    [InlineData("2027-10-30T10:00:00Z", "2027-10-31T06:00:00Z")] // the night summer time ends: back to 06:00 UTC
    [InlineData("2027-07-14T06:00:00Z", "2027-07-15T05:00:00Z")] // 08:00 in Paris: today's 07:00 has passed
    public async Task Seven_oclock_Paris_stays_seven_oclock_across_daylight_saving_changes(string now, string expectedNextUtc)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        using var host = BuildHost(declareJob: true, autoStart: false, new RunRecorder(), clock);
        await host.StartAsync();

        // The schedule Hangfire stored (cron + zone, first run computed as of the TimeProvider's now).
        Stored(host)!.NextExecution.Should().Be(
            DateTimeOffset.Parse(expectedNextUtc, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);
        await host.StopAsync();
    }

    [Fact]
    public async Task Job_logic_runs_inline_as_of_any_instant()
    {
        var recorder = new RunRecorder();
        using var host = BuildHost(declareJob: true, autoStart: false, recorder);
        var asOf = new DateTimeOffset(2030, 1, 1, 7, 0, 0, TimeSpan.FromHours(1));

        await host.Services.GetRequiredService<JobRunner>().RunAsync<RecordingJob>(asOf);

        recorder.Runs.Should().Equal(asOf);
    }

    [Fact]
    public void Invalid_cron_is_refused_at_registration()
    {
        var m = new ModuleBuilder("demo", new ServiceCollection(), new ConfigurationBuilder().Build());
        var act = () => m.Job<RecordingJob>("every day at seven");
        act.Should().Throw<ArgumentException>();
    }
}

/// <summary>The embedded default: Hangfire's tables in their own SQLite file.</summary>
public sealed class SqliteSchedulerTests : SchedulerTests
{
    [Fact]
    public async Task The_job_storage_is_its_own_file_not_the_event_store()
    {
        using var host = BuildHost(declareJob: true, autoStart: false, new RunRecorder());
        await host.StartAsync();

        File.Exists(Path.Combine(Folder.Path, SchedulerOptions.DefaultDatabaseFileName)).Should().BeTrue();
        using (var connection = new SqliteConnectionFactory(Folder.DatabasePath).Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name LIKE '%Hash%' OR name LIKE '%Job%'";
            Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(0, "no Hangfire table in the event store's file");
        }

        await host.StopAsync();
    }

    [Fact]
    public void Pointing_the_job_storage_at_the_event_store_file_is_refused()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new SqliteConnectionFactory(Folder.DatabasePath));
        services.AddScheduler(configure: o => o.DatabasePath = Folder.DatabasePath);
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<JobStorage>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*event store*");
    }
}

/// <summary>The server engine: Hangfire.PostgreSql in a schema of its own (the host picks it with <c>Data:Engine=postgresql</c>), and a
/// cluster of hosts sharing it runs a job's effect once.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlSchedulerTests : SchedulerTests
{
    private readonly TempPostgreSqlSchema _schema = new();

    public override void Dispose()
    {
        _schema.Dispose();
        base.Dispose();
    }

    protected override void ConfigureStorage(IServiceCollection services) =>
        services.AddSingleton(new DatabaseSettings(DatabaseEngine.PostgreSql, _schema.ConnectionString));

    [Fact]
    public async Task The_host_on_the_server_engine_keeps_its_jobs_in_postgresql()
    {
        using var host = BuildHost(declareJob: true, autoStart: false, new RunRecorder());
        await host.StartAsync();

        host.Services.GetRequiredService<JobStorage>().Should().BeOfType<Hangfire.PostgreSql.PostgreSqlStorage>();
        File.Exists(Path.Combine(Folder.Path, SchedulerOptions.DefaultDatabaseFileName)).Should().BeFalse("no SQLite job file on the server engine");
        Stored(host).Should().NotBeNull();
        await host.StopAsync();
    }

    [Fact]
    public async Task Two_hosts_sharing_the_storage_run_a_fired_job_and_a_missed_run_once()
    {
        var recorder = new RunRecorder();
        var threeDaysAgo = new ManualTimeProvider(DateTimeOffset.UtcNow.AddDays(-3));
        using (var past = BuildHost(declareJob: true, autoStart: false, recorder, threeDaysAgo))
        {
            await past.StartAsync();
            await past.StopAsync();
        }

        using var first = BuildHost(declareJob: true, autoStart: true, recorder);
        using var second = BuildHost(declareJob: true, autoStart: true, recorder);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        await recorder.WaitForRunAsync(); // the missed 07:00 run
        await Task.Delay(TimeSpan.FromSeconds(3)); // several polls of both hosts' recurring schedulers
        recorder.Runs.Should().HaveCount(1, "the missed run is enqueued once for the cluster, not once per host");

        new RecurringJobManager(second.Services.GetRequiredService<JobStorage>()).TriggerJob(RecordingJobName);
        await recorder.WaitForRunAsync();
        await Task.Delay(TimeSpan.FromSeconds(3)); // both hosts' workers poll the queue
        recorder.Runs.Should().HaveCount(2, "a queued job is fetched by one worker of one host");
        await Task.WhenAll(first.StopAsync(), second.StopAsync());
    }
}
