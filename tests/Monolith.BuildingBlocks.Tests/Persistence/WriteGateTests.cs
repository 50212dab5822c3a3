using Monolith.BuildingBlocks.Persistence;
using Monolith.Testing;

namespace Monolith.BuildingBlocks.Tests.Persistence;

public sealed class WriteGateTests
{
    [Fact]
    public async Task Writers_of_one_database_file_hold_the_gate_one_at_a_time_and_every_one_gets_it()
    {
        using var db = new TempDatabase();
        var other = new SqliteConnectionFactory(db.FilePath); // another factory over the same file shares the gate
        var inside = 0;
        var most = 0;
        var entered = 0;

        async Task WriteAsync(SqliteConnectionFactory connections)
        {
            await Task.Yield();
            using (await connections.EnterWriteAsync())
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                await Task.Delay(1);
                Interlocked.Decrement(ref inside);
            }

            Interlocked.Increment(ref entered);
        }

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => WriteAsync(i % 2 == 0 ? db.Connections : other)));

        most.Should().Be(1);
        entered.Should().Be(40);
    }

    [Fact]
    public async Task A_waiting_writer_enters_once_the_holder_leaves()
    {
        using var db = new TempDatabase();
        var first = await db.Connections.EnterWriteAsync();
        var second = db.Connections.EnterWriteAsync().AsTask();
        await Task.Delay(50);
        second.IsCompleted.Should().BeFalse();

        first.Dispose();
        first.Dispose(); // leaving twice releases once

        using (await second.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            var third = db.Connections.EnterWriteAsync().AsTask();
            await Task.Delay(50);
            third.IsCompleted.Should().BeFalse("leaving twice must not have let a second writer in");
            _ = third.ContinueWith(t => t.Result.Dispose(), TaskScheduler.Default);
        }
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_gate_to_the_others()
    {
        using var db = new TempDatabase();
        var holder = await db.Connections.EnterWriteAsync();
        using var cancel = new CancellationTokenSource();
        var cancelled = db.Connections.EnterWriteAsync(cancel.Token).AsTask();
        cancel.Cancel();
        await FluentActions.Awaiting(() => cancelled).Should().ThrowAsync<OperationCanceledException>();

        holder.Dispose();
        using (await db.Connections.EnterWriteAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)))
        {
        }
    }

    [Fact]
    public async Task A_command_writer_goes_before_a_writer_of_derived_data_that_was_waiting_already()
    {
        using var db = new TempDatabase();
        var connections = new SqliteConnectionFactory(db.FilePath, maxYield: TimeSpan.FromMinutes(10)); // no time bound in this test
        var holder = await connections.EnterWriteAsync();
        var derived = connections.EnterWriteAsync().AsTask();
        var command = connections.EnterCommandWriteAsync().AsTask();

        holder.Dispose();

        using (await command.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            derived.IsCompleted.Should().BeFalse("the command writer holds the gate");
        }

        using (await derived.WaitAsync(TimeSpan.FromSeconds(30)))
        {
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Fact]
    public async Task A_pooled_connection_keeps_its_factory_s_pragmas_and_another_factory_on_the_file_gets_its_own()
    {
        using var db = new TempDatabase();
        var normal = new SqliteConnectionFactory(db.FilePath, synchronousFull: false);

        async Task<(long Synchronous, long ForeignKeys, long BusyTimeout)> PragmasAsync(SqliteConnectionFactory connections)
        {
            await using var connection = await connections.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT synchronous, foreign_keys, timeout FROM pragma_synchronous, pragma_foreign_keys, pragma_busy_timeout";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        // The same physical connection goes back and forth through the pool: FULL is 2, NORMAL is 1.
        (await PragmasAsync(db.Connections)).Should().Be((2L, 1L, 30000L));
        (await PragmasAsync(db.Connections)).Should().Be((2L, 1L, 30000L), "a connection taken again from the pool keeps them");
        (await PragmasAsync(normal)).Should().Be((1L, 1L, 30000L), "another factory on the same file sets its own");
        (await PragmasAsync(db.Connections)).Should().Be((2L, 1L, 30000L));
    }

    [Fact]
    public async Task A_holder_of_the_gate_sees_a_command_writer_waiting_behind_it()
    {
        using var db = new TempDatabase();
        using var held = await db.Connections.EnterWriteAsync();
        var lease = held.Should().BeAssignableTo<IWriteGateLease>().Subject;
        lease.CommandWritersWaiting.Should().BeFalse();

        var command = Task.Run(async () =>
        {
            using (await db.Connections.EnterCommandWriteAsync())
            {
            }
        });
        await Eventually(() => lease.CommandWritersWaiting);

        held.Dispose();
        await command.WaitAsync(TimeSpan.FromSeconds(30));
        lease.CommandWritersWaiting.Should().BeFalse();
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(until, "the condition should hold within 30 s");
            await Task.Delay(5);
        }
    }
}
