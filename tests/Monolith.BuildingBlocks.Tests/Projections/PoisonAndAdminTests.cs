using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tests.Projections.Support;

namespace Monolith.BuildingBlocks.Tests.Projections;

public sealed class PoisonAndAdminTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _db = new();
    private readonly ManualTimeProvider _clock = new(Noon);

    public void Dispose() => _db.Dispose();

    private sealed class Switch
    {
        public volatile bool Broken = true;
    }

    /// <summary>Positions 1..3 increments, 4 poison, 5..6 increments.</summary>
    private async Task<Guid> AppendWithPoisonAsync()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _db.AppendAsync("counter-a", TestEvents.Incremented, new { counter = "a", by = 1 });
        }

        var poisonId = Guid.NewGuid();
        await _db.AppendAsync("counter-a", TestEvents.Poison, new { counter = "a" }, poisonId);
        for (var i = 5; i <= 6; i++)
        {
            await _db.AppendAsync("counter-a", TestEvents.Incremented, new { counter = "a", by = 1 });
        }

        return poisonId;
    }

    private Task<TestPlatform> StartAsync(RecordingProjection fragile) =>
        TestPlatform.StartAsync(
            _db,
            m => m.Projection<CounterTotalsProjection>().AddServices(s => s.AddSingleton<IProjection>(fragile)),
            o => o.MaxAttempts = 3,
            _clock);

    private static RecordingProjection Fragile(Switch broken) => new("tests.fragile", (e, _, _) =>
        e.Type == TestEvents.Poison && broken.Broken ? throw new FormatException("cannot read poison") : Task.CompletedTask);

    private Task<IReadOnlyList<long>> FragilePositionsAsync() =>
        _db.QueryAsync<long>("SELECT position FROM test_applied WHERE projection = 'tests.fragile' ORDER BY position");

    [Fact]
    public async Task A_poison_event_is_retried_then_parked_and_stops_only_its_projection()
    {
        var poisonId = await AppendWithPoisonAsync();
        var fragile = Fragile(new Switch());
        await using var platform = await StartAsync(fragile);

        var stopped = await platform.WaitForStatusAsync("tests.fragile", s => s.Status == SubscriberStatus.Stopped);
        await platform.CatchUpAsync();

        stopped.Position.Should().Be(3, "the checkpoint stays just before the parked event");
        stopped.FailedPosition.Should().Be(4);
        stopped.Error.Should().Contain("cannot read poison");
        fragile.AttemptsAt(4).Should().Be(3);
        (await FragilePositionsAsync()).Should().Equal(1, 2, 3);

        var letter = (await platform.Admin.GetDeadLettersAsync()).Should().ContainSingle().Subject;
        letter.Should().BeEquivalentTo(new
        {
            Projection = "tests.fragile",
            Position = 4L,
            EventId = poisonId,
            Type = TestEvents.Poison,
            Attempts = 3,
            ParkedAt = Noon,
            Status = DeadLetterStatus.Parked,
        });
        letter.Error.Should().Contain("FormatException");

        (await platform.StatusAsync("tests.counter-totals")).Should().BeEquivalentTo(new { Position = 6L, Status = SubscriberStatus.Running });
        await _db.AppendAsync("counter-a", TestEvents.Incremented, new { counter = "a", by = 1 });
        await platform.CatchUpAsync();
        (await platform.StatusAsync("tests.counter-totals")).Position.Should().Be(7, "the other projection keeps going");
        (await platform.StatusAsync("tests.fragile")).Position.Should().Be(3);

        var health = await new ProjectionsHealthCheck(platform.Admin, platform.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProjectionOptions>>())
            .CheckHealthAsync(new HealthCheckContext());
        health.Status.Should().Be(HealthStatus.Unhealthy);
        health.Description.Should().Contain("tests.fragile at 4");
        health.Data.Keys.Should().BeEquivalentTo("tests.fragile", "tests.counter-totals");
    }

    [Fact]
    public async Task Retry_restarts_from_the_parked_event_once_the_cause_is_fixed()
    {
        await AppendWithPoisonAsync();
        var broken = new Switch();
        await using var platform = await StartAsync(Fragile(broken));
        await platform.WaitForStatusAsync("tests.fragile", s => s.Status == SubscriberStatus.Stopped);

        broken.Broken = false;
        (await platform.Admin.RetryAsync("tests.fragile")).Should().Be(AdminOutcome.Done);
        await platform.WaitForStatusAsync("tests.fragile", s => s.Position == 6);

        (await FragilePositionsAsync()).Should().Equal(1, 2, 3, 4, 5, 6);
        (await platform.StatusAsync("tests.fragile")).Should().BeEquivalentTo(new { Status = SubscriberStatus.Running, Error = (string?)null, FailedPosition = (long?)null });
        (await platform.Admin.GetDeadLettersAsync()).Single().Status.Should().Be(DeadLetterStatus.Retried);
        (await platform.Admin.RetryAsync("tests.fragile")).Should().Be(AdminOutcome.NotStopped);
    }

    [Fact]
    public async Task Retry_of_a_still_broken_event_parks_it_again()
    {
        await AppendWithPoisonAsync();
        await using var platform = await StartAsync(Fragile(new Switch()));
        await platform.WaitForStatusAsync("tests.fragile", s => s.Status == SubscriberStatus.Stopped);

        (await platform.Admin.RetryAsync("tests.fragile")).Should().Be(AdminOutcome.Done);
        await platform.WaitForStatusAsync("tests.fragile", s => s.Status == SubscriberStatus.Stopped && s.FailedPosition == 4);
        var letter = await platform.WaitForDeadLetterAsync(l => l.Attempts == 6);

        letter.Status.Should().Be(DeadLetterStatus.Parked);
    }

    [Fact]
    public async Task Skip_marks_the_dead_letter_skipped_and_continues_after_it()
    {
        await AppendWithPoisonAsync();
        await using var platform = await StartAsync(Fragile(new Switch()));
        await platform.WaitForStatusAsync("tests.fragile", s => s.Status == SubscriberStatus.Stopped);

        (await platform.Admin.SkipAsync("tests.fragile")).Should().Be(AdminOutcome.Done);
        await platform.WaitForStatusAsync("tests.fragile", s => s.Position == 6);

        (await FragilePositionsAsync()).Should().Equal(1, 2, 3, 5, 6);
        (await platform.Admin.GetDeadLettersAsync(DeadLetterStatus.Skipped)).Should().ContainSingle().Which.Position.Should().Be(4);
        (await platform.Admin.GetDeadLettersAsync(DeadLetterStatus.Parked)).Should().BeEmpty();
    }

    [Fact]
    public async Task Rebuild_of_a_stopped_projection_resets_it_and_resolves_its_dead_letter()
    {
        await AppendWithPoisonAsync();
        var broken = new Switch();
        await using var platform = await StartAsync(Fragile(broken));
        await platform.WaitForStatusAsync("tests.fragile", s => s.Status == SubscriberStatus.Stopped);

        broken.Broken = false;
        (await platform.Admin.RebuildAsync("tests.fragile")).Should().Be(AdminOutcome.Done);
        await platform.CatchUpAsync();

        (await FragilePositionsAsync()).Should().Equal(1, 2, 3, 4, 5, 6);
        (await platform.Admin.GetDeadLettersAsync()).Single().Status.Should().Be(DeadLetterStatus.Rebuilt);
    }

    [Fact]
    public async Task Admin_operations_on_unknown_names_report_not_found()
    {
        await using var platform = await StartAsync(Fragile(new Switch()));

        (await platform.Admin.RetryAsync("nope")).Should().Be(AdminOutcome.NotFound);
        (await platform.Admin.SkipAsync("nope")).Should().Be(AdminOutcome.NotFound);
        (await platform.Admin.RebuildAsync("nope")).Should().Be(AdminOutcome.NotFound);
        (await platform.Admin.SkipAsync("tests.fragile")).Should().Be(AdminOutcome.NotStopped);
    }

    [Fact]
    public async Task Health_is_degraded_when_lag_exceeds_the_threshold_and_healthy_once_caught_up()
    {
        for (var i = 0; i < 5; i++)
        {
            await _db.AppendAsync("counter-a", TestEvents.Incremented, new { counter = "a", by = 1 });
        }

        await using (var idle = await TestPlatform.StartAsync(_db, m => m.Projection<CounterTotalsProjection>(), o => o.LagDegradedThreshold = 2, startRunners: false))
        {
            var check = ActivatorUtilities.CreateInstance<ProjectionsHealthCheck>(idle.Services);
            var degraded = await check.CheckHealthAsync(new HealthCheckContext());
            degraded.Status.Should().Be(HealthStatus.Degraded);
            degraded.Data["tests.counter-totals"].Should().BeEquivalentTo(new Dictionary<string, object?>
            {
                ["kind"] = "projection",
                ["status"] = "running",
                ["position"] = 0L,
                ["head"] = 5L,
                ["lag"] = 5L,
                ["error"] = null,
                ["failedPosition"] = null,
            });
            (await idle.Admin.WaitForCatchUpAsync(TimeSpan.FromMilliseconds(300))).Should().BeFalse("no runner is running");
        }

        await using var running = await TestPlatform.StartAsync(_db, m => m.Projection<CounterTotalsProjection>(), o => o.LagDegradedThreshold = 2);
        await running.CatchUpAsync();
        var healthy = await ActivatorUtilities.CreateInstance<ProjectionsHealthCheck>(running.Services).CheckHealthAsync(new HealthCheckContext());
        healthy.Status.Should().Be(HealthStatus.Healthy);
    }
}
