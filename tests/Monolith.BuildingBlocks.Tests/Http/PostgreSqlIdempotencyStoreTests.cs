using Monolith.BuildingBlocks.Http;
using Monolith.Testing;

namespace Monolith.BuildingBlocks.Tests.Http;

/// <summary>Idempotency keys on PostgreSQL, shared by hosts: a key started on one host is in flight on every host, and its answer
/// replays wherever the retry lands.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlIdempotencyStoreTests : IAsyncLifetime
{
    private readonly TempPostgreSqlSchema _db = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private IdempotencyStore NewHost() =>
        new(_db.Connections, _time, new IdempotencyOptions { Retention = TimeSpan.FromHours(24), InFlightLease = TimeSpan.FromMinutes(2) });

    [Fact]
    public async Task Concurrent_first_uses_on_several_hosts_start_exactly_once_and_the_answer_replays_on_every_host()
    {
        var hosts = Enumerable.Range(0, 6).Select(_ => NewHost()).ToList();

        var outcomes = await Task.WhenAll(hosts.Select(h => Task.Run(() => h.BeginAsync("t", "u", "k", "H1"))));

        outcomes.Count(o => o.Outcome == IdempotencyOutcome.Started).Should().Be(1);
        outcomes.Count(o => o.Outcome == IdempotencyOutcome.InFlight).Should().Be(5);
        await hosts[0].CompleteAsync("t", "u", "k", "H1", new StoredResponse(201, "application/json", "{\"id\":1}"u8.ToArray(), new Dictionary<string, string> { ["ETag"] = "\"0\"" }));
        var replay = await NewHost().BeginAsync("t", "u", "k", "H1");
        replay.Outcome.Should().Be(IdempotencyOutcome.Replay);
        replay.Response!.StatusCode.Should().Be(201);
        replay.Response.Body.Should().Equal("{\"id\":1}"u8.ToArray());
        replay.Response.Headers.Should().Contain("ETag", "\"0\"");
        (await NewHost().BeginAsync("t", "u", "k", "H2")).Outcome.Should().Be(IdempotencyOutcome.Mismatch);
    }

    [Fact]
    public async Task An_abandoned_or_expired_key_can_be_used_again()
    {
        var host = NewHost();
        (await host.BeginAsync("t", "u", "k", "H1")).Outcome.Should().Be(IdempotencyOutcome.Started);
        await host.AbandonAsync("t", "u", "k", "H1");
        (await NewHost().BeginAsync("t", "u", "k", "H1")).Outcome.Should().Be(IdempotencyOutcome.Started);
        await host.CompleteAsync("t", "u", "k", "H1", new StoredResponse(200, null, [], new Dictionary<string, string>()));

        _time.Advance(TimeSpan.FromHours(25));

        (await NewHost().BeginAsync("t", "u", "k", "H2")).Outcome.Should().Be(IdempotencyOutcome.Started);
    }
}
