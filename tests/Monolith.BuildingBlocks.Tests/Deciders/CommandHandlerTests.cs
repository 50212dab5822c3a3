using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.Testing;

namespace Monolith.BuildingBlocks.Tests.Deciders;

public sealed class CommandHandlerTests : IAsyncDisposable
{
    private const string TenantA = "office-auray";
    private const string TenantB = "office-quimper";

    private readonly TempDatabase _db = new();
    private readonly ManualTimeProvider _time = new();
    private readonly IEventStore _store;
    private readonly CommandHandler _handler;
    private readonly EventSerializer _serializer;

    public CommandHandlerTests()
    {
        _store = new SqliteEventStore(_db.Connections, _time);
        var registry = new EventTypeRegistry();
        Tab.EventNames(registry);
        _serializer = new EventSerializer(registry, new PersonalDataProtector(new SqliteDataSubjectKeyStore(_db.Connections, PersonalDataOptions.Development(), _time)));
        _handler = new CommandHandler(_store, _serializer);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static CommandContext Ctx(string tenant = TenantA, ExpectedRevision? expected = null, Guid? seed = null) =>
        new(tenant, "user-1", Guid.NewGuid(), null, expected, seed);

    private static string NewStream() => $"shop-tab-{Guid.NewGuid():N}";

    private Task<CommandResult<Tab.Event, Tab.State>> Handle(string stream, Tab.Command command, CommandContext? ctx = null, CommandOptions? options = null) =>
        _handler.HandleAsync(Tab.Decider, stream, command, ctx ?? Ctx(), options);

    [Fact]
    public async Task A_command_appends_its_events_and_returns_state_revision_and_events()
    {
        var stream = NewStream();
        var ctx = Ctx();

        var opened = await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"), ctx);
        var added = await Handle(stream, new Tab.AddItem("Carte IGN", 12.90m));
        var closed = await Handle(stream, new Tab.Close(new DateOnly(2025, 7, 14)));

        opened.Revision.Should().Be(0);
        opened.ETag.Should().Be("\"0\"");
        opened.NewEvents.Should().BeEquivalentTo(new[] { new Tab.Opened("t-1", "cust-1", "Gwen Riou") }, o => o.RespectingRuntimeTypes());
        added.Revision.Should().Be(1);
        closed.Revision.Should().Be(3);
        closed.NewEvents.Should().HaveCount(2);
        closed.State.Should().Be(new Tab.State(false, true, 13.40m, 2, "Gwen Riou"));
        closed.LastPosition.Should().NotBeNull();

        var recorded = await _store.ReadStreamAsync(stream);
        recorded.Select(r => r.Type).Should().Equal("shop.tab-opened", "shop.tab-item-added", "shop.tab-item-added", "shop.tab-closed");
        recorded[0].Metadata.Should().Be(new EventMetadata(TenantA, "user-1", ctx.CorrelationId, null, 1));
        recorded[0].Data.Should().NotContain("Gwen", "the customer name is personal data");

        var loaded = await _handler.LoadAsync(Tab.Decider, stream, TenantA);
        loaded.Should().Be(new StreamState<Tab.State>(closed.State, 3));
        loaded.ETag.Should().Be("\"3\"");
    }

    [Fact]
    public async Task An_empty_decision_appends_nothing()
    {
        var stream = NewStream();
        var first = await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"));

        var again = await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"));

        again.NewEvents.Should().BeEmpty();
        again.Revision.Should().Be(first.Revision);
        again.LastPosition.Should().BeNull();
        (await _store.ReadStreamAsync(stream)).Should().HaveCount(1);
    }

    [Fact]
    public async Task A_broken_rule_surfaces_and_appends_nothing()
    {
        var stream = NewStream();

        var act = () => Handle(stream, new Tab.AddItem("Carte", 1m));

        (await act.Should().ThrowAsync<DomainRuleViolation>()).Which.Code.Should().Be("tab.not-open");
        (await _store.ReadStreamAsync(stream)).Should().BeEmpty();
    }

    [Fact]
    public async Task Concurrent_callers_conflict_and_the_loser_retries_on_fresh_state()
    {
        var stream = NewStream();
        await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"));
        using var bothDecided = new Barrier(2);
        var decideCalls = 0;
        var decider = Tab.Decider with
        {
            Decide = (command, state) =>
            {
                // The first two decisions (one per caller) wait for each other, so both decide on revision 0 and one append must conflict.
                if (Interlocked.Increment(ref decideCalls) <= 2 && !bothDecided.SignalAndWait(TimeSpan.FromSeconds(30)))
                {
                    throw new TimeoutException("The other caller never decided.");
                }

                return Tab.Decide(command, state);
            },
        };

        var results = await Task.WhenAll(
            Task.Run(() => _handler.HandleAsync(decider, stream, new Tab.AddItem("Carte", 10m), Ctx())),
            Task.Run(() => _handler.HandleAsync(decider, stream, new Tab.AddItem("Guide", 5m), Ctx())));

        decideCalls.Should().Be(3, "the loser re-loaded and decided once more");
        results.Select(r => r.Revision).Should().BeEquivalentTo(new[] { 1L, 2L });
        results.Single(r => r.Revision == 2).State.Total.Should().Be(15m, "the retry decided on the state that includes the winner's event");
        (await _handler.LoadAsync(Tab.Decider, stream, TenantA)).State.Items.Should().Be(2);
    }

    [Fact]
    public async Task Conflicts_beyond_the_retry_budget_are_rethrown()
    {
        var stream = NewStream();
        await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"));
        var decider = Tab.Decider with
        {
            Decide = (command, state) =>
            {
                // Someone else always appends between our load and our append.
                _store.AppendAsync(stream, ExpectedRevision.Any, [_serializer.SerializeAsync(new Tab.ItemAdded("Autre", 1m), new EventMetadata(TenantA)).AsTask().GetAwaiter().GetResult()])
                    .GetAwaiter().GetResult();
                return Tab.Decide(command, state);
            },
        };

        var act = () => _handler.HandleAsync(decider, stream, new Tab.AddItem("Carte", 10m), Ctx(), new CommandOptions(MaxRetries: 2));

        await act.Should().ThrowAsync<WrongExpectedRevisionException>();
        (await _store.ReadStreamAsync(stream)).Should().HaveCount(4, "three attempts, each beaten by another writer; ours never appended");
    }

    [Fact]
    public async Task A_stale_expected_revision_fails_at_once_without_retry()
    {
        var stream = NewStream();
        await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"));
        var etag = (await Handle(stream, new Tab.AddItem("Carte", 10m))).Revision;
        await Handle(stream, new Tab.AddItem("Guide", 5m));

        var act = () => Handle(stream, new Tab.AddItem("Stylo", 1m), Ctx(expected: ExpectedRevision.Exact(etag)));

        var thrown = (await act.Should().ThrowAsync<WrongExpectedRevisionException>()).Which;
        thrown.ActualLastRevision.Should().Be(2);
        thrown.Expected.Should().Be(ExpectedRevision.Exact(1));
        (await _store.ReadStreamAsync(stream)).Should().HaveCount(3);

        var fresh = await Handle(stream, new Tab.AddItem("Stylo", 1m), Ctx(expected: ExpectedRevision.Exact(2)));
        fresh.Revision.Should().Be(3);
    }

    [Fact]
    public async Task Another_tenants_stream_is_not_found_for_commands_and_reads()
    {
        var stream = NewStream();
        await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"), Ctx(TenantB));

        var command = () => Handle(stream, new Tab.AddItem("Carte", 1m), Ctx(TenantA));
        var read = () => _handler.LoadAsync(Tab.Decider, stream, TenantA);

        (await command.Should().ThrowAsync<NotFoundException>()).Which.Message.Should().NotContain(TenantB);
        await read.Should().ThrowAsync<NotFoundException>();
        (await _store.ReadStreamAsync(stream)).Should().HaveCount(1);
    }

    [Fact]
    public async Task Stream_must_exist_turns_an_absent_stream_into_not_found()
    {
        var act = () => Handle(NewStream(), new Tab.Open("t-1", "cust-1", "Gwen Riou"), options: CommandOptions.ExistingStream);
        var read = () => _handler.LoadAsync(Tab.Decider, NewStream(), TenantA, mustExist: true);

        await act.Should().ThrowAsync<NotFoundException>();
        await read.Should().ThrowAsync<NotFoundException>();
        (await _handler.LoadAsync(Tab.Decider, NewStream(), TenantA)).Should().Be(new StreamState<Tab.State>(Tab.State.Initial, -1));
    }

    [Fact]
    public async Task Deterministic_ids_make_a_replayed_command_append_nothing()
    {
        var stream = NewStream();
        await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"));
        var addSeed = Guid.NewGuid();
        var closeSeed = Guid.NewGuid();

        // AddItem is not idempotent by state: only the ids make its replay harmless.
        var added = await Handle(stream, new Tab.AddItem("Pourboire", 2m), Ctx(seed: addSeed));
        var replayed = await Handle(stream, new Tab.AddItem("Pourboire", 2m), Ctx(seed: addSeed));
        var closed = await Handle(stream, new Tab.Close(new DateOnly(2025, 7, 14)), Ctx(seed: closeSeed));
        var replayedAfterClose = await Handle(stream, new Tab.AddItem("Pourboire", 2m), Ctx(seed: addSeed));
        var closeReplayed = await Handle(stream, new Tab.Close(new DateOnly(2025, 7, 14)), Ctx(seed: closeSeed));

        added.Revision.Should().Be(1);
        replayed.NewEvents.Should().BeEmpty();
        replayed.Revision.Should().Be(1);
        closed.Revision.Should().Be(3);
        replayedAfterClose.NewEvents.Should().BeEmpty("the replay is recognised by its ids, not re-decided on a closed tab");
        closeReplayed.NewEvents.Should().BeEmpty();
        closeReplayed.State.Total.Should().Be(2.5m);
        var recorded = await _store.ReadStreamAsync(stream);
        recorded.Should().HaveCount(4);
        recorded.Skip(1).Select(r => r.EventId).Should().Equal(
            DeterministicGuid.ForEvent(addSeed, 0), DeterministicGuid.ForEvent(closeSeed, 0), DeterministicGuid.ForEvent(closeSeed, 1));
    }

    [Fact]
    public async Task Deterministic_ids_replayed_by_a_racing_second_caller_are_deduplicated_by_the_store()
    {
        var stream = NewStream();
        await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"));
        var seed = Guid.NewGuid();
        using var bothDecided = new Barrier(2);
        var decider = Tab.Decider with
        {
            Decide = (command, state) =>
            {
                bothDecided.SignalAndWait(TimeSpan.FromSeconds(30));
                return Tab.Decide(command, state);
            },
        };

        // Two deliveries of the same reaction at once: both decide on revision 0 with the same ids.
        var results = await Task.WhenAll(
            Task.Run(() => _handler.HandleAsync(decider, stream, new Tab.AddItem("Pourboire", 2m), Ctx(seed: seed))),
            Task.Run(() => _handler.HandleAsync(decider, stream, new Tab.AddItem("Pourboire", 2m), Ctx(seed: seed))));

        (await _store.ReadStreamAsync(stream)).Should().HaveCount(2);
        results.Should().AllSatisfy(r => r.Revision.Should().Be(1));
    }

    [Fact]
    public async Task Random_ids_without_a_seed()
    {
        var stream = NewStream();
        await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"));
        await Handle(stream, new Tab.AddItem("Carte", 1m));
        await Handle(stream, new Tab.AddItem("Carte", 1m));

        (await _store.ReadStreamAsync(stream)).Select(r => r.EventId).Should().OnlyHaveUniqueItems().And.HaveCount(3);
    }

    private static readonly CommandOptions Cached = new(CachedFold: true);

    [Fact]
    public async Task A_cached_fold_reads_what_another_host_appended_since_and_decides_on_it()
    {
        var stream = NewStream();
        var otherHost = new CommandHandler(_store, _serializer);
        await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"), options: Cached);
        await Handle(stream, new Tab.AddItem("Carte", 10m), options: Cached);

        await otherHost.HandleAsync(Tab.Decider, stream, new Tab.AddItem("Guide", 5m), Ctx());
        var result = await Handle(stream, new Tab.AddItem("Plan", 1m), options: Cached);

        result.Revision.Should().Be(3);
        result.State.Total.Should().Be(16m, "the other host's item was read from the log before deciding");
        (await _handler.LoadCachedAsync(Tab.Decider, stream, TenantA)).Should().Be(await _handler.LoadAsync(Tab.Decider, stream, TenantA));
    }

    [Fact]
    public async Task A_cached_fold_that_loses_the_race_decides_again_on_what_the_winner_appended()
    {
        var stream = NewStream();
        var otherHost = new CommandHandler(_store, _serializer);
        await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"), options: Cached);
        var attempts = 0;

        var result = await _handler.HandleAsync(Tab.Decider, stream, new Tab.AddItem("Plan", 1m), Ctx(),
            async (decided, _, ct) =>
            {
                if (++attempts == 1)
                {
                    // Another host appends between this decision and its append: the append conflicts.
                    await otherHost.HandleAsync(Tab.Decider, stream, new Tab.AddItem("Guide", 5m), Ctx(), ct: ct);
                }

                return decided;
            },
            Cached);

        attempts.Should().Be(2);
        result.Revision.Should().Be(2);
        result.State.Total.Should().Be(6m);
        (await _store.ReadStreamAsync(stream)).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_cached_fold_of_another_tenants_stream_is_not_found()
    {
        var stream = NewStream();
        await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"), Ctx(TenantB), Cached);

        var command = () => Handle(stream, new Tab.AddItem("Carte", 1m), Ctx(TenantA), Cached);
        var read = () => _handler.LoadCachedAsync(Tab.Decider, stream, TenantA);

        await command.Should().ThrowAsync<NotFoundException>();
        await read.Should().ThrowAsync<NotFoundException>();
        (await _store.ReadStreamAsync(stream)).Should().HaveCount(1);
    }

    [Fact]
    public async Task A_replayed_command_on_a_cached_fold_appends_nothing()
    {
        var stream = NewStream();
        var seed = Guid.NewGuid();
        await Handle(stream, new Tab.Open("t-1", "cust-1", "Gwen Riou"), options: Cached);
        await Handle(stream, new Tab.AddItem("Pourboire", 2m), Ctx(seed: seed), Cached);

        var replay = await Handle(stream, new Tab.AddItem("Pourboire", 2m), Ctx(seed: seed), Cached);

        replay.NewEvents.Should().BeEmpty();
        (await _store.ReadStreamAsync(stream)).Should().HaveCount(2);
    }
}
