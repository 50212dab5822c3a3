using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tests.Projections.Support;

namespace Monolith.BuildingBlocks.Tests.Projections;

public sealed class ReactorTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly ReactionLog _log = new();

    public void Dispose() => _db.Dispose();

    private Task<TestPlatform> StartAsync() =>
        TestPlatform.StartAsync(_db, m => m.Reactor<InvoiceReactor>().AddServices(s => s.AddSingleton(_log)), o => o.BatchSize = 2);

    private async Task<IReadOnlyList<string>> InvoiceStreamsAsync()
    {
        var all = await _db.Store.ReadAllAsync(0, int.MaxValue);
        return all.Where(e => e.Type == TestEvents.InvoiceIssued).Select(e => e.StreamId).ToList();
    }

    private async Task PlaceOrdersAsync(params string[] orders)
    {
        foreach (var order in orders)
        {
            await _db.AppendAsync($"order-{order}", TestEvents.OrderPlaced, new { order });
            await _db.AppendAsync($"order-{order}", "order.noted", new { order });
        }
    }

    [Fact]
    public async Task A_reactor_turns_each_event_into_one_command_and_saves_its_checkpoint()
    {
        await PlaceOrdersAsync("o1", "o2", "o3");
        await using var platform = await StartAsync();

        await platform.CatchUpAsync(includeReactors: true);

        (await InvoiceStreamsAsync()).Should().BeEquivalentTo("invoice-o1", "invoice-o2", "invoice-o3");
        var status = await platform.StatusAsync("tests.invoice-on-order");
        status.Kind.Should().Be(SubscriberKinds.Reactor);
        status.Position.Should().BeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public async Task Replaying_a_reactor_from_zero_causes_no_duplicate_thanks_to_deterministic_ids()
    {
        await PlaceOrdersAsync("o1", "o2", "o3");
        await using var platform = await StartAsync();
        await platform.CatchUpAsync(includeReactors: true);
        _log.Reactions.Should().Be(3);

        (await platform.Admin.RebuildAsync("tests.invoice-on-order")).Should().Be(AdminOutcome.Done);
        await platform.CatchUpAsync(includeReactors: true);

        _log.Reactions.Should().Be(6, "the replay ran every reaction again");
        (await InvoiceStreamsAsync()).Should().BeEquivalentTo(new[] { "invoice-o1", "invoice-o2", "invoice-o3" }, "re-appending the same event ids writes nothing");
    }

    [Fact]
    public async Task A_failing_reaction_is_parked_and_stops_the_reactor_after_bounded_retries()
    {
        _log.Fails = e => e.Data.Contains("\"o2\"", StringComparison.Ordinal);
        await PlaceOrdersAsync("o1", "o2", "o3");
        await using var platform = await StartAsync();

        var stopped = await platform.WaitForStatusAsync("tests.invoice-on-order", s => s.Status == SubscriberStatus.Stopped);

        stopped.FailedPosition.Should().Be(3);
        stopped.Position.Should().Be(2, "the events before the failing one were handled and saved");
        (await InvoiceStreamsAsync()).Should().Equal("invoice-o1");
        (await platform.Admin.GetDeadLettersAsync()).Should().ContainSingle().Which.Attempts.Should().Be(3);

        _log.Fails = _ => false;
        (await platform.Admin.RetryAsync("tests.invoice-on-order")).Should().Be(AdminOutcome.Done);
        await platform.CatchUpAsync(includeReactors: true);
        (await InvoiceStreamsAsync()).Should().BeEquivalentTo("invoice-o1", "invoice-o2", "invoice-o3");
    }
}
