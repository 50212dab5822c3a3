using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Tests.EventStore;

/// <summary>What is specific to the SQLite adapter: schema, stored format, how a caught-up subscription is woken.</summary>
public sealed class SqliteEventStoreTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly Monolith.Testing.ManualTimeProvider _clock = new(new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    private static EventData NewEvent() =>
        new(Guid.NewGuid(), "test.happened", """{"a":1}""", new EventMetadata("office-auray", "user-1", Guid.NewGuid()));

    [Fact]
    public async Task Schema_creation_is_idempotent_and_keeps_existing_events()
    {
        var store = new SqliteEventStore(_database.Connections, _clock);
        await store.EnsureSchemaAsync();
        await store.AppendAsync("s-1", ExpectedRevision.NoStream, [NewEvent()]);

        await SqliteEventStore.EnsureSchemaAsync(_database.Connections);
        await new SqliteEventStore(_database.Connections, _clock).EnsureSchemaAsync();

        (await store.ReadStreamAsync("s-1")).Should().HaveCount(1);
    }

    [Fact]
    public async Task A_database_from_before_the_keyed_chain_gets_the_column_and_its_rows_stay_legacy()
    {
        // The table as it was before ADR 0021, with one event appended by the old code (global hash only).
        await _database.ExecuteAsync("""
            CREATE TABLE platform_events (
                position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, tenant_id TEXT NOT NULL, recorded_at TEXT NOT NULL,
                hash TEXT NOT NULL, UNIQUE (stream_id, revision));
            """);
        var old = NewEvent();
        var metadata = StoredEventFormat.SerializeMetadata(old.Metadata);
        var recordedAt = StoredEventFormat.FormatRecordedAt(_clock.GetUtcNow());
        var hash = EventHashChain.Compute(EventHashChain.GenesisHash, 1, "s-old", 0, old.EventId.ToString("D"), old.Type, old.Data, metadata, recordedAt);
        await _database.ExecuteAsync(
            "INSERT INTO platform_events VALUES (1, 's-old', 0, $id, $type, $data, $metadata, 'office-auray', $at, $hash)",
            ("$id", old.EventId.ToString("D")), ("$type", old.Type), ("$data", old.Data), ("$metadata", metadata), ("$at", recordedAt), ("$hash", hash));

        var store = new SqliteEventStore(_database.Connections, _clock);
        await store.AppendAsync("s-new", ExpectedRevision.NoStream, [NewEvent()]);

        var all = await store.ReadAllAsync(0, 10);
        all[0].OfficeHash.Should().BeNull("stored rows are never rewritten");
        all[1].OfficeHash.Should().NotBeNull();
        (await store.VerifyChainAsync()).Intact.Should().BeTrue();
        (await store.VerifyOfficeChainAsync("office-auray")).Should().BeEquivalentTo(new { Intact = true, LegacyEvents = 1L, EventsChecked = 1L });
    }

    [Fact]
    public async Task Rows_store_tenant_metadata_json_utc_ticks_and_the_chained_hash()
    {
        var store = new SqliteEventStore(_database.Connections, _clock);
        var e = NewEvent();
        await store.AppendAsync("s-1", ExpectedRevision.NoStream, [e]);

        await using var connection = await _database.Connections.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant_id, metadata, recorded_at, hash, event_id, revision FROM platform_events WHERE position = 1";
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();

        reader.GetString(0).Should().Be("office-auray");
        reader.GetString(1).Should().Be(
            $$"""{"tenantId":"office-auray","userId":"user-1","correlationId":"{{e.Metadata.CorrelationId}}","causationId":null,"schemaVersion":1}""");
        reader.GetString(2).Should().Be("2025-01-15T09:00:00.0000000Z");
        reader.GetString(3).Should().Be(EventHashChain.Compute(
            EventHashChain.GenesisHash, 1, "s-1", 0, e.EventId.ToString("D"), e.Type, e.Data, reader.GetString(1), reader.GetString(2)));
    }

    [Fact]
    public void The_hash_encoding_is_unambiguous_across_field_boundaries()
    {
        var a = EventHashChain.Compute(EventHashChain.GenesisHash, 1, "ab", 0, "id", "c", "{}", "{}", "t");
        var b = EventHashChain.Compute(EventHashChain.GenesisHash, 1, "a", 0, "id", "bc", "{}", "{}", "t");

        a.Should().NotBe(b);
    }

    [Fact]
    public async Task A_caught_up_subscription_is_woken_by_an_append_from_another_instance_without_polling()
    {
        var noPolling = new SqliteEventStoreOptions { SubscriptionPollInterval = Timeout.InfiniteTimeSpan };
        var reader = new SqliteEventStore(_database.Connections, _clock, noPolling);
        var writer = new SqliteEventStore(new SqliteConnectionFactory(_database.Connections.DatabasePath), _clock);
        await reader.EnsureSchemaAsync();
        await using var subscription = SubscriptionProbe.Start(reader, afterPosition: 0);

        for (var i = 0; i < 5; i++)
        {
            await writer.AppendAsync("s-1", ExpectedRevision.Any, [NewEvent()]);
            (await subscription.TakeAsync(1)).Single().Position.Should().Be(i + 1);
        }
    }

    [Fact]
    public async Task A_caught_up_subscription_sees_rows_written_outside_this_process_by_polling()
    {
        var store = new SqliteEventStore(_database.Connections, _clock, new SqliteEventStoreOptions { SubscriptionPollInterval = TimeSpan.FromMilliseconds(20) });
        await store.AppendAsync("s-1", ExpectedRevision.NoStream, [NewEvent()]);
        await using var subscription = SubscriptionProbe.Start(store, afterPosition: 0);
        await subscription.TakeAsync(1);

        // Another process would not signal this one: insert directly, bypassing the in-process notifier.
        await _database.ExecuteAsync("""
            INSERT INTO platform_events (position, stream_id, revision, event_id, type, data, metadata, tenant_id, recorded_at, hash)
            VALUES (2, 's-2', 0, $id, 'test.other-process', '{}', '{"tenantId":"office-auray"}', 'office-auray', '2025-01-15T09:00:00.0000000Z', 'x')
            """, ("$id", Guid.NewGuid().ToString("D")));

        var received = (await subscription.TakeAsync(1)).Single();
        received.Position.Should().Be(2);
        received.Type.Should().Be("test.other-process");
    }

    [Fact]
    public async Task Small_subscription_batches_deliver_everything_in_order()
    {
        var store = new SqliteEventStore(_database.Connections, _clock, new SqliteEventStoreOptions { SubscriptionBatchSize = 3 });
        for (var i = 0; i < 10; i++)
        {
            await store.AppendAsync($"s-{i}", ExpectedRevision.NoStream, [NewEvent()]);
        }

        await using var subscription = SubscriptionProbe.Start(store, afterPosition: 1);

        (await subscription.TakeAsync(9)).Select(e => e.Position).Should().Equal(Enumerable.Range(2, 9).Select(i => (long)i));
    }

    [Fact]
    public async Task AddSqliteEventStore_registers_one_singleton_event_store_from_the_hosts_factory_and_clock()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_database.Connections);
        services.AddSingleton<TimeProvider>(_clock);

        services.AddSqliteEventStore();
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IEventStore>();
        store.Should().BeOfType<SqliteEventStore>().And.BeSameAs(provider.GetRequiredService<SqliteEventStore>());
        await store.AppendAsync("s-1", ExpectedRevision.NoStream, [NewEvent()]);
        (await store.ReadStreamAsync("s-1")).Single().RecordedAt.Should().Be(_clock.GetUtcNow());
    }

    [Fact]
    public async Task Appends_queued_behind_the_write_gate_commit_together_and_a_stale_one_fails_alone()
    {
        var store = new SqliteEventStore(_database.Connections, _clock);
        await store.AppendAsync("s-taken", ExpectedRevision.NoStream, [NewEvent()]);

        Task<AppendResult>[] appends;
        using (await _database.Connections.EnterWriteAsync())
        {
            // The gate is held: these three queue, and the first to get the gate writes all of them in one transaction.
            appends =
            [
                store.AppendAsync("s-1", ExpectedRevision.NoStream, [NewEvent(), NewEvent()]),
                store.AppendAsync("s-taken", ExpectedRevision.NoStream, [NewEvent()]),
                store.AppendAsync("s-2", ExpectedRevision.NoStream, [NewEvent()]),
            ];
            appends.Should().OnlyContain(a => !a.IsCompleted, "nothing is acknowledged before its commit");
        }

        (await appends[0]).Should().Be(new AppendResult(1, 3));
        await FluentActions.Awaiting(() => appends[1]).Should().ThrowAsync<WrongExpectedRevisionException>();
        (await appends[2]).Should().Be(new AppendResult(0, 4), "the stale append left no gap in the positions");
        (await store.ReadStreamAsync("s-taken")).Should().ContainSingle();
        (await store.VerifyChainAsync()).Intact.Should().BeTrue();
        (await store.VerifyOfficeChainAsync("office-auray")).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task An_append_whose_caller_gives_up_while_it_waits_for_the_gate_is_never_written()
    {
        var store = new SqliteEventStore(_database.Connections, _clock);
        await store.EnsureSchemaAsync();
        using var giveUp = new CancellationTokenSource();

        using (await _database.Connections.EnterWriteAsync())
        {
            var append = store.AppendAsync("s-1", ExpectedRevision.NoStream, [NewEvent()], giveUp.Token);
            await giveUp.CancelAsync();
            await FluentActions.Awaiting(() => append).Should().ThrowAsync<OperationCanceledException>();
        }

        (await store.AppendAsync("s-2", ExpectedRevision.NoStream, [NewEvent()])).Should().Be(new AppendResult(0, 1));
        (await store.ReadStreamAsync("s-1")).Should().BeEmpty();
    }

    [Fact]
    public async Task Many_concurrent_appends_all_commit_with_contiguous_positions_and_intact_chains()
    {
        var store = new SqliteEventStore(_database.Connections, _clock);
        await store.EnsureSchemaAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => store.AppendAsync($"s-{i % 20}-{i}", ExpectedRevision.NoStream, [NewEvent()]))));

        results.Select(r => r.LastPosition).Order().Should().Equal(Enumerable.Range(1, 200).Select(i => (long)i));
        (await store.VerifyChainAsync()).Intact.Should().BeTrue();
        (await store.VerifyOfficeChainAsync("office-auray")).Should().BeEquivalentTo(new { Intact = true, EventsChecked = 200L });
    }

    [Fact]
    public async Task The_newest_events_read_back_from_memory_are_the_rows_as_stored()
    {
        var store = new SqliteEventStore(_database.Connections, _clock);
        await store.AppendAsync("s-1", ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);
        await store.AppendAsync("s-2", ExpectedRevision.NoStream, [NewEvent()]);

        var fromMemory = await store.ReadAllAsync(0, 10);
        var fromFile = await new SqliteEventStore(_database.Connections, _clock).ReadAllAsync(0, 10); // a store of its own reads the file

        fromFile.Should().HaveCount(3);
        fromMemory.Should().BeEquivalentTo(fromFile, o => o.WithStrictOrdering());
        (await store.ReadAllAsync(1, 1)).Should().BeEquivalentTo(fromFile.Skip(1).Take(1));
    }

    [Fact]
    public async Task A_store_reading_the_log_sees_what_another_store_on_the_file_appended_between_its_own_appends()
    {
        var mine = new SqliteEventStore(_database.Connections, _clock);
        var other = new SqliteEventStore(_database.Connections, _clock);
        await mine.AppendAsync("s-1", ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);
        await other.AppendAsync("s-2", ExpectedRevision.NoStream, [NewEvent()]);

        (await mine.ReadAllAsync(0, 100)).Select(e => e.StreamId).Should().Equal("s-1", "s-1", "s-2");

        await mine.AppendAsync("s-1", ExpectedRevision.FromLastRevision(1), [NewEvent()]);
        await other.AppendAsync("s-2", ExpectedRevision.FromLastRevision(0), [NewEvent()]);

        (await mine.ReadAllAsync(0, 100)).Select(e => e.Position).Should().Equal(1, 2, 3, 4, 5);
        (await mine.ReadAllAsync(3, 100)).Select(e => e.StreamId).Should().Equal("s-1", "s-2");
        (await other.ReadAllAsync(0, 2)).Select(e => e.StreamId).Should().Equal("s-1", "s-1");
    }
}
