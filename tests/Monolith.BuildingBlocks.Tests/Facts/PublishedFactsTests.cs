using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Facts;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tests.Deciders;
using Monolith.BuildingBlocks.Tests.Projections.Support;

namespace Monolith.BuildingBlocks.Tests.Facts;

/// <summary>A published fact of the sample "tab" stream: the tab was closed with its total.</summary>
public sealed record TabSettled(string TabId, decimal Total, DateOnly On) : IIntegrationEvent
{
    public const string WireName = "tests.published-tab-settled";
}

/// <summary>Another module's reaction: it records a "receipt" stream whose event ids derive from the fact.</summary>
internal sealed class PrintReceiptOnTabSettled(CommandHandler handler, FactLog log) : IReactTo<TabSettled>
{
    public async Task ReactAsync(TabSettled fact, FactContext context, CancellationToken ct)
    {
        log.Seen.Add(fact);
        await handler.HandleAsync(Tab.Decider, $"receipt-{fact.TabId}", new Tab.Open($"receipt-{fact.TabId}", "shop", "Caisse"), context.Command("receipt"), ct: ct);
    }
}

internal sealed class FactLog
{
    public List<TabSettled> Seen { get; } = [];
}

public sealed class PublishedFactsTests : IDisposable
{
    private static readonly Decider<Tab.Command, Tab.Event, Tab.State> Publishing = Tab.Decider with
    {
        Publish = (command, before, events, after) => !before.IsClosed && after.IsClosed && command is Tab.Close c
            ? [new TabSettled("t-1", after.Total, c.On)]
            : [],
    };

    private readonly TestDatabase _db = new();
    private readonly FactLog _log = new();

    public void Dispose() => _db.Dispose();

    private Task<TestPlatform> StartAsync() => TestPlatform.StartAsync(_db, m => m
        .Publishes(typeof(TabSettled))
        .React<TabSettled, PrintReceiptOnTabSettled>()
        .AddServices(s =>
        {
            s.AddEventSerialization();
            s.AddEventTypes(Tab.EventNames);
            s.AddCommandHandling();
            s.AddSingleton<IEventDecoder, Decoder>();
            s.AddSingleton(_log);
        }));

    [Fact]
    public async Task A_decision_appends_its_published_facts_after_its_events_in_the_same_append_and_the_fold_skips_them()
    {
        await using var platform = await StartAsync();
        var handler = platform.Services.GetRequiredService<CommandHandler>();
        var ctx = new CommandContext("office-1", "u", Guid.NewGuid());
        await handler.HandleAsync(Publishing, "tab-1", new Tab.Open("t-1", "c-1", "Gwen"), ctx);
        await handler.HandleAsync(Publishing, "tab-1", new Tab.AddItem("Carte", 10m), ctx);

        var closed = await handler.HandleAsync(Publishing, "tab-1", new Tab.Close(new DateOnly(2026, 7, 14)), ctx);
        var again = await handler.HandleAsync(Publishing, "tab-1", new Tab.Close(new DateOnly(2026, 7, 15)), ctx);

        var recorded = await _db.Store.ReadStreamAsync("tab-1");
        recorded.Select(r => r.Type).Should().Equal("shop.tab-opened", "shop.tab-item-added", "shop.tab-item-added", "shop.tab-closed", TabSettled.WireName);
        recorded[^1].Position.Should().Be(closed.LastPosition, "the fact is the last event of the same append");
        closed.Revision.Should().Be(4, "the ETag is the stream's last revision, the fact included");
        closed.NewEvents.Should().HaveCount(2, "NewEvents are the decider's own events");
        again.NewEvents.Should().BeEmpty("already closed: nothing decided, so nothing published");
        (await handler.LoadAsync(Publishing, "tab-1", "office-1")).State.Total.Should().Be(10.5m, "the fold skips the fact");
    }

    [Fact]
    public async Task A_fact_reaction_runs_once_per_fact_and_a_replay_appends_nothing_new()
    {
        await using var platform = await StartAsync();
        var handler = platform.Services.GetRequiredService<CommandHandler>();
        var ctx = new CommandContext("office-1", "u", Guid.NewGuid());
        await handler.HandleAsync(Publishing, "tab-1", new Tab.Open("t-1", "c-1", "Gwen"), ctx);
        await handler.HandleAsync(Publishing, "tab-1", new Tab.Close(new DateOnly(2026, 7, 14)), ctx);

        await platform.CatchUpAsync(includeReactors: true);
        _log.Seen.Should().ContainSingle().Which.Should().Be(new TabSettled("t-1", 0.5m, new DateOnly(2026, 7, 14)));
        (await _db.Store.ReadStreamAsync("receipt-t-1")).Should().HaveCount(1);

        (await platform.Admin.RebuildAsync("tests.PrintReceiptOnTabSettled")).Should().Be(AdminOutcome.Done);
        await platform.CatchUpAsync(includeReactors: true);

        _log.Seen.Should().HaveCount(2, "the replay delivered the fact again");
        (await _db.Store.ReadStreamAsync("receipt-t-1")).Should().HaveCount(1, "the command's ids derive from the fact: nothing new");
    }

    [Fact]
    public void A_published_fact_needs_a_wire_name_of_the_published_form()
    {
        PublishedFacts.WireNameOf<TabSettled>().Should().Be("tests.published-tab-settled");
        var act = () => PublishedFacts.WireNameOf(typeof(BadlyNamed));
        act.Should().Throw<ArgumentException>().WithMessage("*published-*");
        PublishedFacts.IsPublishedName("billing.published-invoice-settled").Should().BeTrue();
        PublishedFacts.IsPublishedName("billing.invoice-issued").Should().BeFalse();
    }

    private sealed record BadlyNamed : IIntegrationEvent
    {
        public const string WireName = "tests.tab-settled";
    }

    private sealed class Decoder(EventSerializer serializer) : IEventDecoder
    {
        public async ValueTask<object?> DecodeAsync(RecordedEvent e, CancellationToken ct = default) =>
            serializer.Registry.TryGet(e.Type, out _) ? (await serializer.DeserializeAsync(e, ct)).Event : null;
    }
}
