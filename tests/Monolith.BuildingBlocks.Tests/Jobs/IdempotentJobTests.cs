using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Templates;

namespace Monolith.BuildingBlocks.Tests.Jobs;

public sealed record DueSubscription(int Id, string Tenant, string Name, string Email, DateOnly RenewsOn);

/// <summary>Stands for a read model the job scans.</summary>
public sealed class SubscriptionsReadModel
{
    public List<DueSubscription> Rows { get; } = [];
}

/// <summary>The shape of a real reminder job: scan for due work as of "now", one notification per item keyed by a business key.</summary>
public sealed class RenewalReminders(TimeProvider time, SubscriptionsReadModel subscriptions, INotifier notifier, RunRecorder recorder)
    : ScheduledJob(time)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Paris).DateTime);
        foreach (var s in subscriptions.Rows.Where(s => s.RenewsOn <= today.AddDays(30)))
        {
            await notifier.SendAsync(
                new NotificationRequest(
                    s.Tenant,
                    $"subscription-{s.Id}/renewal-reminder-1",
                    "tests.reminder",
                    new { name = s.Name, year = s.RenewsOn.Year, amountCents = 12000, dueOn = s.RenewsOn, note = "-" },
                    [s.Email]),
                ct);
        }

        recorder.Record(now);
    }
}

public sealed class IdempotentJobTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_job_fired_twice_sends_each_reminder_once()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2017, 1, 2, 6, 0, 0, TimeSpan.Zero));
        var recorder = new RunRecorder();
        var readModel = new SubscriptionsReadModel();
        readModel.Rows.AddRange(
        [
            new DueSubscription(1, "tenant-a", "Zoé", "zoe@example.org", new DateOnly(2017, 1, 15)),
            new DueSubscription(2, "tenant-a", "Éric", "eric@example.org", new DateOnly(2017, 1, 31)),
            new DueSubscription(3, "tenant-a", "Anaïs", "anais@example.org", new DateOnly(2017, 6, 30)), // not due yet
        ]);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var services = builder.Services;
        services.AddLogging();
        services.AddSingleton(new SqliteConnectionFactory(_folder.DatabasePath));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(recorder);
        services.AddSingleton(readModel);
        services.AddSqliteEventStore();
        var m = new ModuleBuilder("tests", services, new ConfigurationBuilder().Build());
        m.Templates(typeof(IdempotentJobTests).Assembly);
        m.Job<RenewalReminders>("0 0 7 * * ?");
        services.AddTemplates();
        services.AddEmail(null, _folder.Path);
        services.AddScheduler();
        using var host = builder.Build();
        await host.StartAsync();

        var trigger = host.Services.GetRequiredService<IJobTrigger>();
        await trigger.TriggerAsync("tests.RenewalReminders");
        await trigger.TriggerAsync("tests.RenewalReminders");
        await recorder.WaitForRunAsync();
        await recorder.WaitForRunAsync();
        await host.Services.GetRequiredService<JobRunner>().RunAsync<RenewalReminders>(); // and a third, inline

        recorder.Runs.Should().HaveCount(3);
        Directory.GetFiles(Path.Combine(_folder.Path, "outbox", "tenant-a"), "*.eml").Should().HaveCount(2);
        var events = await host.Services.GetRequiredService<IEventStore>().ReadAllAsync(0, 100);
        events.Where(e => e.Type == NotificationEvents.EmailSent).Should().HaveCount(2);

        // Months later the third subscription falls due: the same job now sends that one, and only that one.
        clock.Set(new DateTimeOffset(2017, 6, 1, 5, 0, 0, TimeSpan.Zero));
        await host.Services.GetRequiredService<JobRunner>().RunAsync<RenewalReminders>();
        Directory.GetFiles(Path.Combine(_folder.Path, "outbox", "tenant-a"), "*.eml").Should().HaveCount(3);
        await host.StopAsync();
    }
}
