using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Tests.EventStore;

/// <summary>The behaviour every <see cref="IEventStore"/> adapter must have. An adapter's test class derives from this one and
/// supplies a store over a fresh database per test (xunit creates one instance per test) plus raw-SQL tampering hooks.</summary>
public abstract class EventStoreContractTests : IAsyncLifetime
{
    protected const string Tenant = "office-vannes";

    /// <summary>The time every store created by <see cref="CreateStoreAsync"/> must use for recorded-at.</summary>
    protected Monolith.Testing.ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 6, 1, 8, 30, 0, TimeSpan.Zero));

    /// <summary>A store over this test's database, using <see cref="Clock"/>. Each call returns a new instance over the same data
    /// (as separate writers would be).</summary>
    protected abstract Task<IEventStore> CreateStoreAsync(OfficeChainKeys? keys = null);

    /// <summary>Overwrites the stored global hash and office hash of the event at <paramref name="position"/> (raw SQL).</summary>
    protected abstract Task SetHashesAsync(long position, string hash, string? officeHash);

    /// <summary>Sets every stored office hash to null, as in a database written before the keyed chain existed (raw SQL).</summary>
    protected abstract Task ForgetOfficeHashesAsync();

    /// <summary>Overwrites the stored data of the event at <paramref name="position"/> with raw SQL, bypassing the store.</summary>
    protected abstract Task TamperWithDataAsync(long position, string newData);

    /// <summary>Deletes the stored event at <paramref name="position"/> with raw SQL, bypassing the store.</summary>
    protected abstract Task DeleteRowAsync(long position);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static EventData NewEvent(string type = "test.something-happened", string? data = null, EventMetadata? metadata = null) =>
        new(Guid.NewGuid(), type, data ?? $$"""{"n":"{{Guid.NewGuid():N}}"}""", metadata ?? new EventMetadata(Tenant));

    protected static string NewStream() => $"test-{Guid.NewGuid():N}";

    // ---- appending and expected revisions -------------------------------------------------------------------------------

    [Fact]
    public async Task Appending_to_a_new_stream_starts_at_revision_zero_and_position_one()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        var events = new[] { NewEvent("test.first"), NewEvent("test.second") };

        var result = await store.AppendAsync(stream, ExpectedRevision.NoStream, events);

        result.Should().Be(new AppendResult(LastRevision: 1, LastPosition: 2));
        var read = await store.ReadStreamAsync(stream);
        read.Select(e => (e.StreamId, e.Revision, e.Position, e.EventId, e.Type, e.Data)).Should().Equal(
            (stream, 0L, 1L, events[0].EventId, "test.first", events[0].Data),
            (stream, 1L, 2L, events[1].EventId, "test.second", events[1].Data));
        (await store.GetHeadPositionAsync()).Should().Be(2);
    }

    [Fact]
    public async Task NoStream_conflicts_when_the_stream_exists()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [NewEvent()]);

        var act = () => store.AppendAsync(stream, ExpectedRevision.NoStream, [NewEvent()]);

        var conflict = (await act.Should().ThrowAsync<WrongExpectedRevisionException>()).Which;
        conflict.StreamId.Should().Be(stream);
        conflict.Expected.Should().Be(ExpectedRevision.NoStream);
        conflict.ActualLastRevision.Should().Be(0);
        (await store.ReadStreamAsync(stream)).Should().HaveCount(1);
    }

    [Fact]
    public async Task Any_appends_whether_or_not_the_stream_exists()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();

        var first = await store.AppendAsync(stream, ExpectedRevision.Any, [NewEvent()]);
        var second = await store.AppendAsync(stream, ExpectedRevision.Any, [NewEvent(), NewEvent()]);

        first.Should().Be(new AppendResult(0, 1));
        second.Should().Be(new AppendResult(2, 3));
    }

    [Fact]
    public async Task StreamExists_conflicts_on_an_absent_stream_and_appends_to_an_existing_one()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();

        var act = () => store.AppendAsync(stream, ExpectedRevision.StreamExists, [NewEvent()]);
        (await act.Should().ThrowAsync<WrongExpectedRevisionException>()).Which.ActualLastRevision.Should().Be(-1);
        (await store.GetHeadPositionAsync()).Should().Be(0);

        await store.AppendAsync(stream, ExpectedRevision.NoStream, [NewEvent()]);
        var result = await store.AppendAsync(stream, ExpectedRevision.StreamExists, [NewEvent()]);
        result.Should().Be(new AppendResult(1, 2));
    }

    [Fact]
    public async Task Exact_appends_when_the_stream_is_at_that_revision()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);

        var result = await store.AppendAsync(stream, ExpectedRevision.Exact(1), [NewEvent()]);

        result.Should().Be(new AppendResult(2, 3));
    }

    [Theory]
    [InlineData(0L)] // stale
    [InlineData(2L)] // ahead
    public async Task Exact_conflicts_when_the_stream_is_at_another_revision(long expected)
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);

        var act = () => store.AppendAsync(stream, ExpectedRevision.Exact(expected), [NewEvent()]);

        var conflict = (await act.Should().ThrowAsync<WrongExpectedRevisionException>()).Which;
        conflict.ActualLastRevision.Should().Be(1);
        conflict.Expected.Should().Be(ExpectedRevision.Exact(expected));
        (await store.ReadStreamAsync(stream)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Exact_conflicts_on_an_absent_stream()
    {
        var store = await CreateStoreAsync();

        var act = () => store.AppendAsync(NewStream(), ExpectedRevision.Exact(0), [NewEvent()]);

        (await act.Should().ThrowAsync<WrongExpectedRevisionException>()).Which.ActualLastRevision.Should().Be(-1);
    }

    [Fact]
    public async Task An_empty_append_checks_the_expectation_and_returns_the_current_revision()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent()]);
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);

        (await store.AppendAsync(stream, ExpectedRevision.Exact(1), [])).Should().Be(new AppendResult(1, 3));
        (await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [])).LastRevision.Should().Be(-1);
        var act = () => store.AppendAsync(stream, ExpectedRevision.NoStream, []);
        await act.Should().ThrowAsync<WrongExpectedRevisionException>();
        (await store.GetHeadPositionAsync()).Should().Be(3);
    }

    [Fact]
    public async Task Concurrent_appends_with_the_same_expected_revision_let_exactly_one_win()
    {
        const int writers = 6;
        const int rounds = 10;
        const int batchSize = 20;
        var stores = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => CreateStoreAsync()));

        for (var round = 0; round < rounds; round++)
        {
            var stream = NewStream();
            await stores[0].AppendAsync(stream, ExpectedRevision.NoStream, [NewEvent()]);
            using var go = new ManualResetEventSlim();
            var attempts = stores.Select(store => Task.Factory.StartNew(
                () =>
                {
                    // One OS thread per writer, all released at once: the appends really overlap.
                    var batch = Enumerable.Range(0, batchSize).Select(_ => NewEvent()).ToArray();
                    go.Wait();
                    try
                    {
                        store.AppendAsync(stream, ExpectedRevision.Exact(0), batch).GetAwaiter().GetResult();
                        return null;
                    }
                    catch (Exception ex)
                    {
                        return ex;
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            go.Set();
            var outcomes = await Task.WhenAll(attempts).WaitAsync(TimeSpan.FromSeconds(60));

            outcomes.Count(o => o is null).Should().Be(1, "one writer of round {0} must win", round);
            outcomes.Where(o => o is not null).Should().HaveCount(writers - 1).And.AllBeOfType<WrongExpectedRevisionException>();
            (await stores[0].ReadStreamAsync(stream)).Select(e => e.Revision).Should().Equal(Enumerable.Range(0, batchSize + 1).Select(i => (long)i));
        }

        (await stores[0].GetHeadPositionAsync()).Should().Be(rounds * (batchSize + 1));
    }

    // ---- idempotency ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Re_appending_the_same_event_ids_returns_the_original_result_and_writes_nothing()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        var batch = new[] { NewEvent(), NewEvent(), NewEvent() };
        await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent()]);
        var original = await store.AppendAsync(stream, ExpectedRevision.NoStream, batch);
        await store.AppendAsync(stream, ExpectedRevision.Exact(2), [NewEvent()]);

        // The retry's expectation no longer holds, and it does not matter: the append already happened.
        (await store.AppendAsync(stream, ExpectedRevision.NoStream, batch)).Should().Be(original);
        (await store.AppendAsync(stream, ExpectedRevision.Any, batch)).Should().Be(original);
        (await store.AppendAsync(stream, ExpectedRevision.Exact(2), batch)).Should().Be(original);

        original.Should().Be(new AppendResult(2, 4));
        (await store.ReadStreamAsync(stream)).Should().HaveCount(4);
        (await store.GetHeadPositionAsync()).Should().Be(5);
    }

    [Fact]
    public async Task Re_appending_a_tail_of_an_earlier_batch_is_also_idempotent()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        var batch = new[] { NewEvent(), NewEvent(), NewEvent() };
        await store.AppendAsync(stream, ExpectedRevision.NoStream, batch);

        var result = await store.AppendAsync(stream, ExpectedRevision.Any, [batch[1], batch[2]]);

        result.Should().Be(new AppendResult(2, 3));
        (await store.GetHeadPositionAsync()).Should().Be(3);
    }

    [Fact]
    public async Task A_batch_mixing_existing_and_new_ids_is_rejected_and_writes_nothing()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        var batch = new[] { NewEvent(), NewEvent() };
        await store.AppendAsync(stream, ExpectedRevision.NoStream, batch);

        var existingThenNew = () => store.AppendAsync(stream, ExpectedRevision.Any, [batch[0], batch[1], NewEvent()]);
        var newThenExisting = () => store.AppendAsync(stream, ExpectedRevision.Any, [NewEvent(), batch[0]]);
        var reordered = () => store.AppendAsync(stream, ExpectedRevision.Any, [batch[1], batch[0]]);

        await existingThenNew.Should().ThrowAsync<DuplicateEventIdException>();
        await newThenExisting.Should().ThrowAsync<DuplicateEventIdException>();
        await reordered.Should().ThrowAsync<DuplicateEventIdException>();
        (await store.GetHeadPositionAsync()).Should().Be(2);
    }

    [Fact]
    public async Task An_event_id_already_used_in_another_stream_is_rejected()
    {
        var store = await CreateStoreAsync();
        var first = NewStream();
        var second = NewStream();
        var e = NewEvent();
        await store.AppendAsync(first, ExpectedRevision.NoStream, [e]);

        var act = () => store.AppendAsync(second, ExpectedRevision.Any, [e]);

        var error = (await act.Should().ThrowAsync<DuplicateEventIdException>()).Which;
        error.Should().BeAssignableTo<InvalidOperationException>();
        error.EventId.Should().Be(e.EventId);
        error.ExistingStreamId.Should().Be(first);
        (await store.ReadStreamAsync(second)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_batch_repeating_an_id_is_rejected()
    {
        var store = await CreateStoreAsync();
        var e = NewEvent();

        var act = () => store.AppendAsync(NewStream(), ExpectedRevision.Any, [e, e]);

        await act.Should().ThrowAsync<DuplicateEventIdException>();
        (await store.GetHeadPositionAsync()).Should().Be(0);
    }

    // ---- ordering and reading -------------------------------------------------------------------------------------------

    [Fact]
    public async Task Global_positions_are_contiguous_across_streams_and_revisions_per_stream()
    {
        var store = await CreateStoreAsync();
        string[] streams = [NewStream(), NewStream(), NewStream()];
        var appended = new List<(string Stream, Guid Id)>();
        for (var round = 0; round < 4; round++)
        {
            foreach (var stream in streams)
            {
                var batch = Enumerable.Range(0, round % 2 + 1).Select(_ => NewEvent()).ToArray();
                await store.AppendAsync(stream, ExpectedRevision.Any, batch);
                appended.AddRange(batch.Select(e => (stream, e.EventId)));
            }
        }

        var all = await store.ReadAllAsync(0, int.MaxValue);

        all.Select(e => e.Position).Should().Equal(Enumerable.Range(1, appended.Count).Select(i => (long)i));
        all.Select(e => (e.StreamId, e.EventId)).Should().Equal(appended);
        foreach (var stream in streams)
        {
            all.Where(e => e.StreamId == stream).Select(e => e.Revision).Should().Equal(Enumerable.Range(0, 6).Select(i => (long)i));
        }
    }

    [Fact]
    public async Task Reading_a_stream_forwards_backwards_from_a_revision_and_with_a_max_count()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent()]);
        await store.AppendAsync(stream, ExpectedRevision.NoStream, Enumerable.Range(0, 5).Select(_ => NewEvent()).ToArray());
        await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent()]);

        async Task<long[]> Revisions(ReadDirection direction, long? from = null, int max = int.MaxValue) =>
            (await store.ReadStreamAsync(stream, direction, from, max)).Select(e => e.Revision).ToArray();

        (await Revisions(ReadDirection.Forwards)).Should().Equal(0, 1, 2, 3, 4);
        (await Revisions(ReadDirection.Backwards)).Should().Equal(4, 3, 2, 1, 0);
        (await Revisions(ReadDirection.Forwards, from: 2)).Should().Equal(2, 3, 4);
        (await Revisions(ReadDirection.Backwards, from: 2)).Should().Equal(2, 1, 0);
        (await Revisions(ReadDirection.Forwards, from: 1, max: 2)).Should().Equal(1, 2);
        (await Revisions(ReadDirection.Backwards, max: 2)).Should().Equal(4, 3);
        (await Revisions(ReadDirection.Forwards, from: 5)).Should().BeEmpty();
        (await Revisions(ReadDirection.Forwards, max: 0)).Should().BeEmpty();
        (await store.ReadStreamAsync(stream)).Select(e => e.Position).Should().Equal(2, 3, 4, 5, 6);
        (await store.ReadStreamAsync(NewStream())).Should().BeEmpty();
        (await store.ReadStreamAsync(NewStream(), ReadDirection.Backwards)).Should().BeEmpty();
    }

    [Fact]
    public async Task Reading_all_strictly_after_a_position_in_order()
    {
        var store = await CreateStoreAsync();
        (await store.GetHeadPositionAsync()).Should().Be(0);
        (await store.ReadAllAsync(0, 10)).Should().BeEmpty();
        for (var i = 0; i < 10; i++)
        {
            await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent()]);
        }

        (await store.ReadAllAsync(0, 3)).Select(e => e.Position).Should().Equal(1, 2, 3);
        (await store.ReadAllAsync(3, 4)).Select(e => e.Position).Should().Equal(4, 5, 6, 7);
        (await store.ReadAllAsync(8, 100)).Select(e => e.Position).Should().Equal(9, 10);
        (await store.ReadAllAsync(10, 100)).Should().BeEmpty();
        (await store.GetHeadPositionAsync()).Should().Be(10);
    }

    [Fact]
    public async Task Metadata_and_payload_round_trip_exactly()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        var full = new EventMetadata("office-quiberon", "user-42", Guid.NewGuid(), Guid.NewGuid(), SchemaVersion: 3);
        var minimal = new EventMetadata("office-quiberon");
        const string data = """{"name":"Émilie \"Mimi\" Le Gall","amount":12.50,"lines":[1,2],"note":null}""";

        await store.AppendAsync(stream, ExpectedRevision.NoStream,
            [NewEvent("test.full", data, full), NewEvent("test.minimal", "{}", minimal)]);

        var read = await store.ReadStreamAsync(stream);
        read[0].Metadata.Should().Be(full);
        read[0].Data.Should().Be(data);
        read[0].Type.Should().Be("test.full");
        read[1].Metadata.Should().Be(minimal);
        (await store.ReadAllAsync(0, 10)).Select(e => e.Metadata).Should().Equal(full, minimal);
    }

    [Fact]
    public async Task Recorded_at_comes_from_the_time_provider_with_tick_precision_in_utc()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        Clock.Advance(TimeSpan.FromTicks(1234567));
        var first = Clock.GetUtcNow();
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);
        Clock.Advance(TimeSpan.FromDays(400) + TimeSpan.FromTicks(1));
        await store.AppendAsync(stream, ExpectedRevision.Exact(1), [NewEvent()]);

        var read = await store.ReadStreamAsync(stream);

        read.Select(e => e.RecordedAt).Should().Equal(first, first, first + TimeSpan.FromDays(400) + TimeSpan.FromTicks(1));
        read.Should().OnlyContain(e => e.RecordedAt.Offset == TimeSpan.Zero);
    }

    // ---- subscriptions --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_subscription_catches_up_then_receives_live_events_in_order()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedRevision.NoStream, Enumerable.Range(0, 5).Select(_ => NewEvent()).ToArray());
        await using var subscription = SubscriptionProbe.Start(store, afterPosition: 0);

        (await subscription.TakeAsync(5)).Select(e => e.Position).Should().Equal(1, 2, 3, 4, 5);

        var writer = await CreateStoreAsync();
        var live = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var batch = new[] { NewEvent(), NewEvent() };
            await writer.AppendAsync(stream, ExpectedRevision.Any, batch);
            live.AddRange(batch.Select(e => e.EventId));
        }

        var received = await subscription.TakeAsync(6);
        received.Select(e => e.Position).Should().Equal(6, 7, 8, 9, 10, 11);
        received.Select(e => e.EventId).Should().Equal(live);
        received.Select(e => e.Revision).Should().Equal(5, 6, 7, 8, 9, 10);
    }

    [Fact]
    public async Task A_subscription_starts_strictly_after_the_given_position()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 4; i++)
        {
            await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent()]);
        }

        await using var subscription = SubscriptionProbe.Start(store, afterPosition: 2);
        (await subscription.TakeAsync(2)).Select(e => e.Position).Should().Equal(3, 4);
        await using var fromHead = SubscriptionProbe.Start(store, afterPosition: 4);
        await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent()]);
        (await fromHead.TakeAsync(1)).Single().Position.Should().Be(5);
        (await subscription.TakeAsync(1)).Single().Position.Should().Be(5);
    }

    [Fact]
    public async Task A_subscription_skips_nothing_while_several_writers_append_concurrently()
    {
        const int writers = 4;
        const int appendsPerWriter = 30;
        var store = await CreateStoreAsync();
        await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);
        await using var subscription = SubscriptionProbe.Start(store, afterPosition: 0);
        var stores = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => CreateStoreAsync()));
        var streams = Enumerable.Range(0, writers).Select(_ => NewStream()).ToArray();
        using var go = new ManualResetEventSlim();

        var writing = Enumerable.Range(0, writers).Select(w => Task.Factory.StartNew(
            () =>
            {
                go.Wait();
                var ids = new List<Guid>();
                for (var i = 0; i < appendsPerWriter; i++)
                {
                    var e = NewEvent();
                    stores[w].AppendAsync(streams[w], ExpectedRevision.FromLastRevision(i - 1), [e]).GetAwaiter().GetResult();
                    ids.Add(e.EventId);
                }

                return ids;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        go.Set();
        var written = await Task.WhenAll(writing).WaitAsync(TimeSpan.FromSeconds(60));

        const int total = 2 + (writers * appendsPerWriter);
        var received = await subscription.TakeAsync(total);
        received.Select(e => e.Position).Should().Equal(Enumerable.Range(1, total).Select(i => (long)i));
        for (var w = 0; w < writers; w++)
        {
            var ofStream = received.Where(e => e.StreamId == streams[w]).ToList();
            ofStream.Select(e => e.EventId).Should().Equal(written[w]);
            ofStream.Select(e => e.Revision).Should().Equal(Enumerable.Range(0, appendsPerWriter).Select(i => (long)i));
        }

        subscription.TryTakeDelivered(out _).Should().BeFalse();
    }

    [Fact]
    public async Task A_subscription_ends_when_cancelled()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent()]);
        var subscription = SubscriptionProbe.Start(store, afterPosition: 0);
        await subscription.TakeAsync(1);

        await subscription.StopAsync();

        subscription.Completion.IsCompletedSuccessfully.Should().BeTrue();
        await subscription.DisposeAsync();
    }

    // ---- tamper evidence ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_hash_chain_of_an_untouched_log_is_intact()
    {
        var store = await CreateStoreAsync();
        (await store.VerifyChainAsync()).Should().Be(new ChainVerification(true, 0, null, null));
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);
        }

        var verification = await store.VerifyChainAsync();

        verification.Should().Be(new ChainVerification(true, 10, null, null));
        var all = await store.ReadAllAsync(0, 100);
        all.Should().OnlyContain(e => e.Hash.Length == 64 && e.Hash.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)));
        all.Select(e => e.Hash).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Altering_a_stored_events_data_is_detected_at_its_position()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 6; i++)
        {
            await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent(data: """{"amount":100}""")]);
        }

        await TamperWithDataAsync(4, """{"amount":1}""");
        var verification = await store.VerifyChainAsync();

        verification.Intact.Should().BeFalse();
        verification.FirstBrokenPosition.Should().Be(4);
        verification.EventsChecked.Should().Be(3);
        verification.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(3L)]
    public async Task A_deleted_event_is_detected_at_its_position(long deleted)
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [NewEvent()]);
        }

        await DeleteRowAsync(deleted);
        var verification = await store.VerifyChainAsync();

        verification.Intact.Should().BeFalse();
        verification.FirstBrokenPosition.Should().Be(deleted);
        verification.EventsChecked.Should().Be(deleted - 1);
    }

    // ---- keyed office chain (ADR 0021) -----------------------------------------------------------------------------------

    private const string OtherOffice = "office-lorient";

    private static EventData OfficeEvent(string office, string? data = null) => NewEvent(data: data, metadata: new EventMetadata(office));

    [Fact]
    public async Task Each_office_verifies_only_its_own_events()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [OfficeEvent(Tenant), OfficeEvent(OtherOffice)]);
        }

        await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [OfficeEvent(Tenant)]);

        var mine = await store.VerifyOfficeChainAsync(Tenant);
        var theirs = await store.VerifyOfficeChainAsync(OtherOffice);

        mine.Should().BeEquivalentTo(new { OfficeId = Tenant, Intact = true, EventsChecked = 4L, LegacyEvents = 0L, HeadPosition = 7L });
        theirs.Should().BeEquivalentTo(new { OfficeId = OtherOffice, Intact = true, EventsChecked = 3L, HeadPosition = 6L });
        var all = await store.ReadAllAsync(0, 100);
        all.Should().OnlyContain(e => e.OfficeHash != null && e.OfficeHash.Length == 64);
        all[^1].OfficeHash.Should().Be(mine.HeadHash);
    }

    [Fact]
    public async Task A_break_in_one_office_does_not_show_in_another()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [OfficeEvent(Tenant, """{"amount":100}"""), OfficeEvent(OtherOffice)]);
        }

        await TamperWithDataAsync(3, """{"amount":1}""");

        var mine = await store.VerifyOfficeChainAsync(Tenant);
        mine.Intact.Should().BeFalse();
        mine.FirstBrokenPosition.Should().Be(3);
        mine.EventsChecked.Should().Be(1);
        (await store.VerifyOfficeChainAsync(OtherOffice)).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task A_rewrite_with_recomputed_hashes_passes_the_unkeyed_chain_but_not_the_keyed_one()
    {
        var store = await CreateStoreAsync(new OfficeChainKeys(Enumerable.Repeat((byte)7, 32).ToArray()));
        for (var i = 0; i < 4; i++)
        {
            await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [OfficeEvent(Tenant, """{"amount":100}""")]);
        }

        // The forger edits position 2 and recomputes every hash after it: the SHA-256 chain is public, the office key is not (they
        // use the public development key instead).
        await TamperWithDataAsync(2, """{"amount":1}""");
        var guessed = OfficeChainKeys.Development().ChainKeyFor(Tenant);
        var rows = await (await CreateStoreAsync()).ReadAllAsync(0, 100); // the forger reads the rows as stored (a store of its own)
        var previous = rows[0].Hash;
        var previousOffice = rows[0].OfficeHash!;
        foreach (var row in rows.Skip(1))
        {
            var metadata = StoredEventFormat.SerializeMetadata(row.Metadata);
            var recordedAt = StoredEventFormat.FormatRecordedAt(row.RecordedAt);
            previous = EventHashChain.Compute(previous, row.Position, row.StreamId, row.Revision, row.EventId.ToString("D"), row.Type, row.Data, metadata, recordedAt);
            previousOffice = OfficeHashChain.Compute(guessed, previousOffice, row.Position, row.StreamId, row.Revision, row.EventId.ToString("D"), row.Type, row.Data, metadata, recordedAt);
            await SetHashesAsync(row.Position, previous, previousOffice);
        }

        (await store.VerifyChainAsync()).Intact.Should().BeTrue("the unkeyed chain cannot tell a recomputed rewrite");
        var office = await store.VerifyOfficeChainAsync(Tenant);
        office.Intact.Should().BeFalse();
        office.FirstBrokenPosition.Should().Be(2);
    }

    [Fact]
    public async Task Deleting_the_newest_events_is_detected_against_the_last_anchor()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 4; i++)
        {
            await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [OfficeEvent(Tenant), OfficeEvent(OtherOffice)]);
        }

        var before = await store.VerifyOfficeChainAsync(Tenant);
        var anchor = new ChainAnchor(Tenant, before.HeadPosition, before.HeadHash, before.EventsChecked, Clock.GetUtcNow(), "journée du 01/06/2025");
        (await store.VerifyOfficeChainAsync(Tenant, anchor)).Should().BeEquivalentTo(new { Intact = true, AnchorChecked = true });

        await DeleteRowAsync(before.HeadPosition);

        (await store.VerifyOfficeChainAsync(Tenant)).Intact.Should().BeTrue("without the anchor, a truncated chain still links");
        var verification = await store.VerifyOfficeChainAsync(Tenant, anchor);
        verification.Intact.Should().BeFalse();
        verification.FirstBrokenPosition.Should().Be(before.HeadPosition);
        verification.Reason.Should().Contain("supprimés");
    }

    [Fact]
    public async Task Events_stored_before_the_keyed_chain_are_legacy_and_the_chain_starts_after_them()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [OfficeEvent(Tenant), OfficeEvent(Tenant), OfficeEvent(OtherOffice)]);
        await ForgetOfficeHashesAsync();

        await store.AppendAsync(NewStream(), ExpectedRevision.NoStream, [OfficeEvent(Tenant), OfficeEvent(Tenant)]);

        (await store.VerifyOfficeChainAsync(Tenant)).Should().BeEquivalentTo(new { Intact = true, LegacyEvents = 2L, EventsChecked = 2L, HeadPosition = 5L });
        (await store.VerifyOfficeChainAsync(OtherOffice)).Should().BeEquivalentTo(new { Intact = true, LegacyEvents = 1L, EventsChecked = 0L });
        (await store.VerifyChainAsync()).Intact.Should().BeTrue();
    }
}
