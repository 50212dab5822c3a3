using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tests.Projections.Support;

namespace Monolith.BuildingBlocks.Tests.Projections;

public sealed class ProjectionRunnerTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private async Task AppendIncrementsAsync(int count, int startAt = 1)
    {
        for (var i = startAt; i < startAt + count; i++)
        {
            await _db.AppendAsync($"counter-{i % 3}", TestEvents.Incremented, new { counter = $"c{i % 3}", by = i });
        }
    }

    private Task<IReadOnlyList<(long Position, long Times)>> AppliedAsync(string projection) =>
        _db.QueryAsync<(long Position, long Times)>(
            "SELECT position, COUNT(*) FROM test_applied WHERE projection = @projection GROUP BY position ORDER BY position", new { projection });

    private Task<IReadOnlyList<(string Counter, long Total, long Events)>> TotalsAsync() =>
        _db.QueryAsync<(string Counter, long Total, long Events)>("SELECT counter, total, events FROM test_counter_totals ORDER BY counter");

    [Fact]
    public async Task Checkpoint_is_persisted_and_the_restarted_runner_resumes_from_it()
    {
        var recording = new RecordingProjection("tests.recording");
        void Module(Modules.ModuleBuilder m) => m.Projection<CounterTotalsProjection>().AddServices(s => s.AddSingleton<IProjection>(recording));
        await AppendIncrementsAsync(10);

        await using (var first = await TestPlatform.StartAsync(_db, Module, o => o.BatchSize = 4))
        {
            await first.CatchUpAsync();
            (await first.StatusAsync("tests.counter-totals")).Position.Should().Be(10);
        }

        var checkpoint = await _db.ScalarAsync<long>("SELECT position FROM platform_projection_checkpoints WHERE name = 'tests.recording'");
        checkpoint.Should().Be(10, "the checkpoint is stored in the database, not in memory");

        await AppendIncrementsAsync(5, startAt: 11);
        await using (var second = await TestPlatform.StartAsync(_db, Module, o => o.BatchSize = 4))
        {
            await second.CatchUpAsync();
            var status = await second.StatusAsync("tests.recording");
            status.Position.Should().Be(15);
            status.Lag.Should().Be(0);
        }

        (await AppliedAsync("tests.recording")).Should().BeEquivalentTo(
            Enumerable.Range(1, 15).Select(p => ((long)p, 1L)), "the restart resumes after position 10 instead of replaying from 0");
        (await TotalsAsync()).Should().BeEquivalentTo(new[]
        {
            ("c0", 3L + 6 + 9 + 12 + 15, 5L),
            ("c1", 1L + 4 + 7 + 10 + 13, 5L),
            ("c2", 2L + 5 + 8 + 11 + 14, 5L),
        });
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_a_batch_rolls_back_rows_and_checkpoint_and_the_restart_applies_each_event_once()
    {
        await AppendIncrementsAsync(10);
        TestPlatform? running = null;
        var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var crashing = new RecordingProjection("tests.recording", async (e, attempt, ct) =>
        {
            if (e.Position == 7 && attempt == 1)
            {
                // the row of event 7 is written in the open transaction: now the host goes down before the commit
                _ = running!.StopAsync().ContinueWith(_ => crashed.TrySetResult(), TaskScheduler.Default);
                await Task.Delay(Timeout.Infinite, ct);
            }
        });

        running = await TestPlatform.StartAsync(_db, m => m.AddServices(s => s.AddSingleton<IProjection>(crashing)), o => o.BatchSize = 4);
        await crashed.Task.WaitAsync(TestPlatform.Timeout);
        await running.DisposeAsync();

        (await AppliedAsync("tests.recording")).Select(a => a.Position).Should().Equal([1, 2, 3, 4],
            "the batch 5..8 was rolled back with its rows (5, 6 and 7 were written before the crash)");
        (await _db.ScalarAsync<long>("SELECT position FROM platform_projection_checkpoints WHERE name = 'tests.recording'"))
            .Should().Be(4, "the checkpoint was in the same transaction as the rows");

        var healthy = new RecordingProjection("tests.recording");
        await using (var restarted = await TestPlatform.StartAsync(_db, m => m.AddServices(s => s.AddSingleton<IProjection>(healthy)), o => o.BatchSize = 4))
        {
            await restarted.CatchUpAsync();
        }

        (await AppliedAsync("tests.recording")).Should().BeEquivalentTo(Enumerable.Range(1, 10).Select(p => ((long)p, 1L)));
        healthy.AttemptsAt(4).Should().Be(0, "the restart resumed after the committed checkpoint");
        healthy.AttemptsAt(5).Should().Be(1);
    }

    [Fact]
    public async Task A_handler_that_throws_after_writing_its_row_is_retried_in_a_fresh_transaction_and_applied_once()
    {
        await AppendIncrementsAsync(8);
        var flaky = new RecordingProjection("tests.recording", (e, attempt, _) =>
            e.Position == 5 && attempt == 1 ? throw new TimeoutException("transient") : Task.CompletedTask);

        await using var platform = await TestPlatform.StartAsync(_db, m => m.AddServices(s => s.AddSingleton<IProjection>(flaky)), o => o.BatchSize = 100);
        await platform.CatchUpAsync();

        (await AppliedAsync("tests.recording")).Should().BeEquivalentTo(Enumerable.Range(1, 8).Select(p => ((long)p, 1L)));
        flaky.AttemptsAt(5).Should().Be(2);
        (await platform.StatusAsync("tests.recording")).Status.Should().Be(SubscriberStatus.Running);
        (await platform.Admin.GetDeadLettersAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Events_the_projection_does_not_handle_still_advance_its_checkpoint()
    {
        await AppendIncrementsAsync(2);
        await _db.AppendAsync("other-1", "other.happened", new { x = 1 });
        await _db.AppendAsync("other-1", "other.happened", new { x = 2 });

        await using var platform = await TestPlatform.StartAsync(_db, m => m.Projection<CounterTotalsProjection>());
        await platform.CatchUpAsync();

        (await platform.StatusAsync("tests.counter-totals")).Position.Should().Be(4);
    }

    [Fact]
    public async Task Batches_without_a_handled_event_commit_no_checkpoint_until_the_flush_and_the_position_is_saved_on_stop()
    {
        await AppendIncrementsAsync(2);
        await using (var platform = await TestPlatform.StartAsync(_db, m => m.Projection<CounterTotalsProjection>(), o => o.CheckpointFlushInterval = TimeSpan.FromMinutes(10)))
        {
            await platform.CatchUpAsync();
            for (var i = 0; i < 5; i++)
            {
                await _db.AppendAsync("other-1", "other.happened", new { x = i });
            }

            await platform.CatchUpAsync();

            (await platform.StatusAsync("tests.counter-totals")).Position.Should().Be(7, "waiters and status see the position passed over in memory");
            (await _db.ScalarAsync<long>("SELECT position FROM platform_projection_checkpoints WHERE name = 'tests.counter-totals'"))
                .Should().Be(2, "events the projection does not handle cost no commit");
        }

        (await _db.ScalarAsync<long>("SELECT position FROM platform_projection_checkpoints WHERE name = 'tests.counter-totals'"))
            .Should().Be(7, "the position passed over is saved when the runner stops");
    }

    [Fact]
    public async Task A_handled_event_after_unhandled_ones_saves_the_checkpoint_past_all_of_them()
    {
        await AppendIncrementsAsync(1);
        await using var platform = await TestPlatform.StartAsync(_db, m => m.Projection<CounterTotalsProjection>(), o => o.CheckpointFlushInterval = TimeSpan.FromMinutes(10));
        await platform.CatchUpAsync();
        await _db.AppendAsync("other-1", "other.happened", new { x = 1 });
        await platform.CatchUpAsync();
        await AppendIncrementsAsync(1, startAt: 2);

        await platform.CatchUpAsync();

        (await _db.ScalarAsync<long>("SELECT position FROM platform_projection_checkpoints WHERE name = 'tests.counter-totals'")).Should().Be(3);
        (await TotalsAsync()).Should().BeEquivalentTo(new[] { ("c1", 1L, 1L), ("c2", 2L, 1L) });
    }

    [Fact]
    public async Task A_rebuild_while_positions_are_passed_over_in_memory_replays_from_zero()
    {
        await AppendIncrementsAsync(3);
        await using var platform = await TestPlatform.StartAsync(_db, m => m.Projection<CounterTotalsProjection>(), o => o.CheckpointFlushInterval = TimeSpan.FromMinutes(10));
        await platform.CatchUpAsync();
        await _db.AppendAsync("other-1", "other.happened", new { x = 1 });
        await platform.CatchUpAsync();

        (await platform.Admin.RebuildAsync("tests.counter-totals")).Should().Be(AdminOutcome.Done);
        await platform.CatchUpAsync();

        (await TotalsAsync()).Should().BeEquivalentTo(new[] { ("c0", 3L, 1L), ("c1", 1L, 1L), ("c2", 2L, 1L) });
        (await platform.StatusAsync("tests.counter-totals")).Position.Should().Be(4);
    }

    [Fact]
    public async Task Rebuild_from_zero_gives_the_same_rows_as_the_live_run()
    {
        await AppendIncrementsAsync(30);
        await using var platform = await TestPlatform.StartAsync(_db, m => m.Projection<CounterTotalsProjection>(), o => o.BatchSize = 7);
        await platform.CatchUpAsync();
        await AppendIncrementsAsync(5, startAt: 31);
        await platform.CatchUpAsync();
        var live = await TotalsAsync();

        (await platform.Admin.RebuildAsync("tests.counter-totals")).Should().Be(AdminOutcome.Done);
        await platform.CatchUpAsync();

        var rebuilt = await TotalsAsync();
        rebuilt.Should().Equal(live, "a rebuild clears the tables first, so nothing is counted twice");
        rebuilt.Sum(r => r.Events).Should().Be(35);
        (await platform.StatusAsync("tests.counter-totals")).Position.Should().Be(35);
    }

    [Fact]
    public async Task The_runners_wait_for_migrations_and_the_read_model_tables_exist_before_projecting()
    {
        await AppendIncrementsAsync(1);
        await using var platform = await TestPlatform.StartAsync(_db, m => m.Projection<CounterTotalsProjection>());
        await platform.CatchUpAsync();

        var scripts = await _db.QueryAsync<string>("SELECT script FROM platform_schema_migrations WHERE module = 'tests' ORDER BY script");
        scripts.Should().Equal("001_test_read_models.sql", "002_test_applied.sql");
        (await TotalsAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_batch_commits_what_it_applied_when_a_command_writer_waits_and_goes_on_with_the_rest()
    {
        await AppendIncrementsAsync(10);
        Task<long>? commandWrite = null;
        var recording = new RecordingProjection("tests.recording", async (e, attempt, ct) =>
        {
            if (e.Position == 3 && commandWrite is null)
            {
                // An append someone waits for asks for the write gate while this batch holds it.
                commandWrite = Task.Run(async () =>
                {
                    using (await _db.Connections.EnterCommandWriteAsync())
                    {
                        return await _db.ScalarAsync<long>("SELECT COUNT(*) FROM test_applied WHERE projection = 'tests.recording'");
                    }
                });
                while (!_db.Connections.CommandWritersWaiting)
                {
                    await Task.Delay(1, ct);
                }
            }
        });

        await using var platform = await TestPlatform.StartAsync(_db, m => m.AddServices(s => s.AddSingleton<IProjection>(recording)),
            o => o.YieldAfter = TimeSpan.Zero);
        await platform.CatchUpAsync();

        (await commandWrite!.WaitAsync(TestPlatform.Timeout)).Should().Be(3, "the batch committed the three events it had applied and let the command writer in");
        (await AppliedAsync("tests.recording")).Should().BeEquivalentTo(Enumerable.Range(1, 10).Select(p => ((long)p, 1L)), "the rest followed, each once");
        (await platform.StatusAsync("tests.recording")).Position.Should().Be(10);
    }

    [Fact]
    public async Task A_checkpoint_moved_by_another_process_while_the_loop_runs_is_followed_from_where_it_was_moved()
    {
        var recording = new RecordingProjection("tests.recording");
        await AppendIncrementsAsync(3);
        await using var platform = await TestPlatform.StartAsync(_db, m => m.AddServices(s => s.AddSingleton<IProjection>(recording)));
        await platform.CatchUpAsync();

        // Another process rewinds the projection to position 1 (its rows after it removed), without this host's signals.
        await using (var connection = await _db.Connections.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM test_applied WHERE projection = 'tests.recording' AND position > 1");
            await connection.ExecuteAsync("UPDATE platform_projection_checkpoints SET position = 1 WHERE name = 'tests.recording'");
        }

        await AppendIncrementsAsync(2, startAt: 4);
        await platform.CatchUpAsync();

        (await AppliedAsync("tests.recording")).Should().BeEquivalentTo(Enumerable.Range(1, 5).Select(p => ((long)p, 1L)),
            "the loop's copy of its row was stale: the batch's transaction saw the row moved and the loop went on from position 1");
    }

    [Fact]
    public async Task A_reader_waiting_for_a_position_is_not_held_back_by_a_projection_that_passed_over_it()
    {
        // Given a projection that does not handle orders, and saves a passed-over position only every five minutes
        var counting = new RecordingProjection("tests.recording", handles: type => type == TestEvents.Incremented);
        await using var platform = await TestPlatform.StartAsync(_db, m => m.AddServices(s => s.AddSingleton<IProjection>(counting)),
            o => o.CheckpointFlushInterval = TimeSpan.FromMinutes(5));
        await AppendIncrementsAsync(2);
        await platform.CatchUpAsync();

        // When a command appends an event it does not handle, and a reader waits for that position (X-Wait-For-Position)
        var order = await _db.AppendAsync("order-o1", TestEvents.OrderPlaced, new { order = "o1" });
        var reached = await platform.Admin.WaitForPositionAsync(order.LastPosition, TimeSpan.FromSeconds(20));

        // Then the reader is served as soon as the projection has passed over it, not when the row is saved
        reached.Should().BeTrue();
        (await _db.ScalarAsync<long>("SELECT position FROM platform_projection_checkpoints WHERE name = 'tests.recording'")).Should().BeLessThan(order.LastPosition);
    }
}
