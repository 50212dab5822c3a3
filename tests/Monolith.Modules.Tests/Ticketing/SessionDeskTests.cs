using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.Modules.Ticketing.Numbering;
using Monolith.Modules.Ticketing.Sessions;
using Monolith.Testing;
using static Monolith.Modules.Tests.Ticketing.TicketingFixtures;

namespace Monolith.Modules.Tests.Ticketing;

/// <summary>The session desk on the real SQLite store: many buyers racing for the last seats get exactly those seats, never more —
/// also with two desks (two processes) writing the same session, where only the expected revision protects the capacity.</summary>
public sealed class SessionDeskTests : IAsyncDisposable
{
    private const string Office = "ot-zonza";
    private readonly TempDatabase _db = new();
    private readonly ManualTimeProvider _time = new(Now);
    private readonly IEventStore _store;
    private readonly EventSerializer _serializer;

    public SessionDeskTests()
    {
        _store = new SqliteEventStore(_db.Connections, _time);
        var registry = new EventTypeRegistry().Register(Session.EventNames).Register(TicketSeries.EventNames);
        _serializer = new EventSerializer(registry, new PersonalDataProtector(new SqliteDataSubjectKeyStore(_db.Connections, PersonalDataOptions.Development(), _time)));
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private SessionDesk NewDesk() => new(_store, _serializer, new SessionDeskOptions { MaxWait = TimeSpan.FromSeconds(30) }, _time);

    private static CommandContext Context() => new(Office, null, Guid.NewGuid());

    private static async Task<bool> TryAsync(Func<Task> act)
    {
        try
        {
            await act();
            return true;
        }
        catch (DomainRuleViolation e) when (e.Code == "session.sold-out")
        {
            return false;
        }
    }

    [Fact]
    public async Task Two_hundred_buyers_for_the_last_five_seats_five_get_one_each_and_the_rest_hear_complet()
    {
        var desk = NewDesk();
        await desk.SubmitAsync("s1", new ScheduleSession("s1", "concert", ShowTime, null, Seating.Free, [new CategoryPlan("libre", "Libre", 100)], null, 48, Now), Context(), mustExist: false);
        await desk.SubmitAsync("s1", Hold("early", 15, "k-early"), Context());
        for (var i = 0; i < 80 / 15 + 1; i++)
        {
            var quantity = Math.Min(15, 80 - (i * 15));
            if (quantity > 0)
            {
                await desk.SubmitAsync("s1", Hold($"bulk{i}", quantity, $"k-bulk{i}"), Context());
            }
        }

        var won = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => TryAsync(() => desk.SubmitAsync("s1", Hold($"b{i}", 1, $"k{i}"), Context())))));

        won.Count(w => w).Should().Be(5);
        var (state, _) = await NewDesk().ReadAsync(Office, "s1");
        state.TakenIn("libre").Should().Be(100);
        state.Holds.Values.Where(h => h.Status == HoldStatus.Held).Sum(h => h.Quantity).Should().Be(100);
    }

    [Fact]
    public async Task Two_desks_on_the_same_session_as_two_processes_would_never_sell_more_than_the_capacity()
    {
        var first = NewDesk();
        var second = NewDesk();
        await first.SubmitAsync("s1", new ScheduleSession("s1", "concert", ShowTime, null, Seating.Free, [new CategoryPlan("libre", "Libre", 30)], null, 48, Now), Context(), mustExist: false);

        var won = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(async () =>
        {
            try
            {
                return await TryAsync(() => (i % 2 == 0 ? first : second).SubmitAsync("s1", Hold($"b{i}", 1, $"k{i}"), Context()));
            }
            catch (DomainRuleViolation e) when (e.Code == "session.busy")
            {
                return false; // told to try again: nothing held
            }
        })));

        var (state, _) = await NewDesk().ReadAsync(Office, "s1");
        state.TakenIn("libre").Should().Be(won.Count(w => w)).And.BeLessThanOrEqualTo(30);
        won.Count(w => w).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_request_not_decided_within_the_bound_is_answered_try_again_and_holds_nothing()
    {
        var desk = new SessionDesk(_store, _serializer, new SessionDeskOptions { MaxWait = TimeSpan.FromSeconds(-1) }, _time);
        var act = () => desk.SubmitAsync("s1", new ScheduleSession("s1", "concert", ShowTime, null, Seating.Free, [new CategoryPlan("libre", "Libre", 30)], null, 48, Now), Context(), mustExist: false);
        await act.Should().ThrowAsync<SessionBusyException>();
        (await _store.ReadStreamAsync(Session.StreamId("s1"))).Should().BeEmpty();
    }

    [Fact]
    public async Task Orders_paid_at_the_same_moment_get_contiguous_numbers_without_gaps()
    {
        var handler = new CommandHandler(_store, _serializer);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => handler.HandleAsync(TicketSeries.Decider, TicketSeries.StreamId("s1", "libre.plein"),
            new AssignNumbers($"o{i}", 1 + (i % 3), Now), Context(), new CommandOptions(MaxRetries: 200)))));

        var state = (await handler.LoadAsync(TicketSeries.Decider, TicketSeries.StreamId("s1", "libre.plein"), Office)).State;
        var numbers = state.ByOrder.Values.SelectMany(n => Enumerable.Range((int)n.First, n.Count)).Order().ToList();
        numbers.Should().Equal(Enumerable.Range(1, Enumerable.Range(0, 40).Sum(i => 1 + (i % 3))));
    }
}
