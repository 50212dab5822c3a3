using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Persistence;
using Quartz;

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

public sealed class SchedulerTests : IDisposable
{
    private const string DailyAtSeven = "0 0 7 * * ?";
    private static readonly JobKey RecordingJobKey = new("demo.RecordingJob", "demo");
    private static readonly TriggerKey RecordingTriggerKey = new("demo.RecordingJob.cron", "demo");
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private IHost BuildHost(bool declareJob, bool autoStart, RunRecorder recorder, TimeProvider? time = null)
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

        services.AddScheduler(configure: o => o.AutoStart = autoStart);
        return builder.Build();
    }

    [Fact]
    public async Task Job_and_trigger_survive_a_restart_and_can_be_fired_on_the_new_host()
    {
        var recorder = new RunRecorder();
        DateTimeOffset? nextFireBefore;
        using (var first = BuildHost(declareJob: true, autoStart: true, recorder))
        {
            await first.StartAsync();
            var scheduler = await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var trigger = await scheduler.GetTrigger(RecordingTriggerKey);
            trigger.Should().BeAssignableTo<ICronTrigger>();
            nextFireBefore = trigger!.NextFireTimeUtc;
            nextFireBefore.Should().NotBeNull();
            await first.StopAsync();
        }

        // A new host that does not declare the job: whatever it finds came from the database file.
        using var second = BuildHost(declareJob: false, autoStart: true, recorder);
        await second.StartAsync();
        var restarted = await second.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var job = await restarted.GetJobDetail(RecordingJobKey);
        job.Should().NotBeNull();
        job!.JobType.Type.Should().Be<RecordingJob>();
        var storedTrigger = (ICronTrigger?)await restarted.GetTrigger(RecordingTriggerKey);
        storedTrigger.Should().NotBeNull();
        storedTrigger!.CronExpressionString.Should().Be(DailyAtSeven);
        storedTrigger.TimeZone.Id.Should().Be("Europe/Paris");
        storedTrigger.NextFireTimeUtc.Should().Be(nextFireBefore);

        await restarted.TriggerJob(RecordingJobKey);
        await recorder.WaitForRunAsync();
        recorder.Runs.Should().HaveCount(1);
        await second.StopAsync();
    }

    [Fact]
    public async Task Trigger_now_runs_the_job_with_now_from_the_TimeProvider()
    {
        var recorder = new RunRecorder();
        var clock = new ManualTimeProvider(new DateTimeOffset(2016, 12, 19, 11, 55, 0, TimeSpan.FromHours(1)));
        using var host = BuildHost(declareJob: true, autoStart: true, recorder, clock);
        await host.StartAsync();
        var trigger = host.Services.GetRequiredService<IJobTrigger>();
        trigger.Jobs.Select(j => j.JobName).Should().Contain("demo.RecordingJob");

        await trigger.TriggerAsync("demo.RecordingJob");
        await recorder.WaitForRunAsync();

        recorder.Runs.Should().ContainSingle().Which.Should().Be(clock.GetUtcNow());
        var status = await trigger.GetStatusAsync();
        status.Should().ContainSingle(s => s.JobName == "demo.RecordingJob")
            .Which.NextFireTime.Should().NotBeNull();
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
        using (var first = BuildHost(declareJob: true, autoStart: false, recorder))
        {
            await first.StartAsync();
            var scheduler = await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

            (await scheduler.GetTrigger(RecordingTriggerKey)).Should().NotBeNull();
            await first.StopAsync();
        }

        // Leave the stored trigger as a host that was down for three days would find it: next fire time long past.
        var threeDaysAgo = DateTimeOffset.UtcNow.AddDays(-3);
        using (var connection = new SqliteConnectionFactory(_folder.DatabasePath).Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = $ticks WHERE TRIGGER_NAME = $name";
            command.Parameters.AddWithValue("$ticks", threeDaysAgo.UtcTicks);
            command.Parameters.AddWithValue("$name", RecordingTriggerKey.Name);
            command.ExecuteNonQuery().Should().Be(1);
        }

        using var second = BuildHost(declareJob: true, autoStart: true, recorder);
        await second.StartAsync();
        await recorder.WaitForRunAsync();

        var restarted = await second.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = await Eventually.WaitAsync<ITrigger?>(
            async () => await restarted.GetTrigger(RecordingTriggerKey),
            t => t?.NextFireTimeUtc > DateTimeOffset.UtcNow);
        trigger!.NextFireTimeUtc.Should().BeAfter(DateTimeOffset.UtcNow, "after one catch-up fire the schedule resumes at the next 07:00");
        recorder.Runs.Should().HaveCount(1, "three missed days give one run, not three");
        await second.StopAsync();
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
