using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.PostgreSql;
using Monolith.Testing;
using Npgsql;

namespace Monolith.BuildingBlocks.Tests.EventStore;

/// <summary>What is specific to the PostgreSQL adapter: schema creation, stored format, and above all ordering versus commit order —
/// a transaction that took position n must never become visible after a reader has moved past n.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlEventStoreTests : IAsyncLifetime
{
    private readonly TempPostgreSqlSchema _database = new();
    private readonly Monolith.Testing.ManualTimeProvider _clock = new(new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static EventData NewEvent() =>
        new(Guid.NewGuid(), "test.happened", """{"a":1}""", new EventMetadata("office-auray", "user-1", Guid.NewGuid()));

    private PostgreSqlEventStore NewStore() => new(_database.Connections, _clock);

    [Fact]
    public async Task The_hazard_is_real_a_naive_sequence_numbered_log_loses_an_event_committed_late()
    {
        // The control experiment, on the same server: positions from a sequence, a reader that continues after the last position it saw.
        await _database.ExecuteAsync("CREATE TABLE naive_events (position bigserial PRIMARY KEY, payload text NOT NULL)");
        await using var first = await _database.Connections.OpenAsync();
        await using var second = await _database.Connections.OpenAsync();
        await using var firstTx = await first.BeginTransactionAsync();
        await using var secondTx = await second.BeginTransactionAsync();

        (await InsertNaiveAsync(first, firstTx, "took 1, commits late")).Should().Be(1);
        (await InsertNaiveAsync(second, secondTx, "took 2, commits first")).Should().Be(2);
        await secondTx.CommitAsync();
        var seenFirst = await ReadNaiveAfterAsync(0);
        var checkpoint = seenFirst.Max();
        await firstTx.CommitAsync();
        var seenThen = await ReadNaiveAfterAsync(checkpoint);

        seenFirst.Should().Equal(2);
        seenThen.Should().BeEmpty("the naive reader moved past 2 while 1 was still invisible, and never comes back for it");
        (await ReadNaiveAfterAsync(0)).Should().Equal(1, 2);
    }

    [Fact]
    public async Task An_append_committing_late_holds_back_the_next_one_so_a_catch_up_subscription_skips_nothing()
    {
        // The same interleaving against the store: the first append has its position and its rows but has not committed;
        // a second append starts meanwhile and a subscription is reading.
        var late = NewStore();
        var reachedCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        late.BeforeCommit = async (_, ct) =>
        {
            reachedCommit.TrySetResult();
            await release.Task.WaitAsync(ct);
        };
        var next = NewStore();
        var reader = NewStore();
        await late.EnsureSchemaAsync(); // (creating the schema takes table locks of its own: done before the interleaving)
        await next.EnsureSchemaAsync();
        await reader.EnsureSchemaAsync();
        await using var subscription = SubscriptionProbe.Start(reader, afterPosition: 0);
        var lateEvent = NewEvent();
        var nextEvent = NewEvent();

        var lateAppend = Task.Run(() => late.AppendAsync("stream-late", ExpectedRevision.NoStream, [lateEvent]));
        await reachedCommit.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var nextAppend = Task.Run(() => next.AppendAsync("stream-next", ExpectedRevision.NoStream, [nextEvent]));
        await Task.Delay(TimeSpan.FromMilliseconds(600)); // longer than two subscription polls

        nextAppend.IsCompleted.Should().BeFalse("the second append waits for the first one's commit before taking a position");
        subscription.TryTakeDelivered(out _).Should().BeFalse("nothing is committed yet");
        (await reader.ReadAllAsync(0, 10)).Should().BeEmpty();

        release.SetResult();
        var lateResult = await lateAppend.WaitAsync(TimeSpan.FromSeconds(15));
        var nextResult = await nextAppend.WaitAsync(TimeSpan.FromSeconds(15));

        lateResult.LastPosition.Should().Be(1);
        nextResult.LastPosition.Should().Be(2);
        var received = await subscription.TakeAsync(2);
        received.Select(e => e.EventId).Should().Equal(lateEvent.EventId, nextEvent.EventId);
        received.Select(e => e.Position).Should().Equal(1, 2);
    }

    [Fact]
    public async Task Writers_pausing_at_random_before_commit_never_make_a_subscription_skip_or_repeat()
    {
        const int writers = 6;
        const int appendsPerWriter = 15;
        var reader = NewStore();
        await using var subscription = SubscriptionProbe.Start(reader, afterPosition: 0);
        var written = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var store = NewStore();
            store.BeforeCommit = (_, ct) => Task.Delay(random.Next(0, 15), ct);
            var ids = new List<Guid>();
            for (var i = 0; i < appendsPerWriter; i++)
            {
                var batch = Enumerable.Range(0, random.Next(1, 4)).Select(_ => NewEvent()).ToArray();
                await store.AppendAsync($"writer-{w}", ExpectedRevision.Any, batch);
                ids.AddRange(batch.Select(e => e.EventId));
            }

            return ids;
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        var total = written.Sum(ids => ids.Count);
        var received = await subscription.TakeAsync(total);

        received.Select(e => e.Position).Should().Equal(Enumerable.Range(1, total).Select(i => (long)i));
        received.Select(e => e.EventId).Should().BeEquivalentTo(written.SelectMany(ids => ids));
        for (var w = 0; w < writers; w++)
        {
            received.Where(e => e.StreamId == $"writer-{w}").Select(e => e.EventId).Should().Equal(written[w]);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(300));
        subscription.TryTakeDelivered(out _).Should().BeFalse();
        (await reader.VerifyChainAsync()).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task Schema_creation_is_idempotent_safe_when_concurrent_and_keeps_existing_events()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgreSqlEventStore.EnsureSchemaAsync(_database.Connections))));
        var store = NewStore();
        await store.AppendAsync("s-1", ExpectedRevision.NoStream, [NewEvent()]);

        await PostgreSqlEventStore.EnsureSchemaAsync(_database.Connections);
        await NewStore().EnsureSchemaAsync();

        (await store.ReadStreamAsync("s-1")).Should().HaveCount(1);
    }

    [Fact]
    public async Task Rows_store_tenant_metadata_json_utc_ticks_and_the_chained_hash_as_exact_text()
    {
        var store = NewStore();
        var e = NewEvent();
        await store.AppendAsync("s-1", ExpectedRevision.NoStream, [e]);

        await using var connection = await _database.Connections.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT tenant_id, metadata, recorded_at, hash, event_id, revision FROM platform_events WHERE position = 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();

        reader.GetString(0).Should().Be("office-auray");
        reader.GetString(1).Should().Be(
            $$"""{"tenantId":"office-auray","userId":"user-1","correlationId":"{{e.Metadata.CorrelationId}}","causationId":null,"schemaVersion":1}""");
        reader.GetString(2).Should().Be("2025-01-15T09:00:00.0000000Z");
        reader.GetString(3).Should().Be(EventHashChain.Compute(
            EventHashChain.GenesisHash, 1, "s-1", 0, e.EventId.ToString("D"), e.Type, e.Data, reader.GetString(1), reader.GetString(2)));
    }

    private static async Task<long> InsertNaiveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string payload)
    {
        await using var command = new NpgsqlCommand("INSERT INTO naive_events (payload) VALUES (@payload) RETURNING position", connection, tx);
        command.Parameters.AddWithValue("payload", payload);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<long>> ReadNaiveAfterAsync(long after)
    {
        await using var connection = await _database.Connections.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT position FROM naive_events WHERE position > @after ORDER BY position", connection);
        command.Parameters.AddWithValue("after", after);
        var positions = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            positions.Add(reader.GetInt64(0));
        }

        return positions;
    }
}
