using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Tests.Http;

public sealed class IdempotencyStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "monolith-bb-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteConnectionFactory _db;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly IdempotencyStore _store;

    public IdempotencyStoreTests()
    {
        _db = new SqliteConnectionFactory(Path.Combine(_folder, "monolith.db"));
        _store = new IdempotencyStore(_db, _time, new IdempotencyOptions { Retention = TimeSpan.FromHours(24), InFlightLease = TimeSpan.FromMinutes(2) });
    }

    private static StoredResponse Created(string body) =>
        new(201, "application/json; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(body),
            new Dictionary<string, string> { ["ETag"] = "\"0\"", ["Location"] = "/api/offices/1" });

    [Fact]
    public async Task A_completed_key_replays_its_response()
    {
        (await _store.BeginAsync("t", "u", "k", "H1")).Outcome.Should().Be(IdempotencyOutcome.Started);
        await _store.CompleteAsync("t", "u", "k", "H1", Created("{\"id\":1}"));

        var again = await _store.BeginAsync("t", "u", "k", "H1");

        again.Outcome.Should().Be(IdempotencyOutcome.Replay);
        again.Response!.StatusCode.Should().Be(201);
        again.Response.ContentType.Should().Be("application/json; charset=utf-8");
        System.Text.Encoding.UTF8.GetString(again.Response.Body).Should().Be("{\"id\":1}");
        again.Response.Headers.Should().Contain("ETag", "\"0\"").And.Contain("Location", "/api/offices/1");
    }

    [Fact]
    public async Task Another_request_hash_is_a_mismatch_whether_running_or_done()
    {
        await _store.BeginAsync("t", "u", "k", "H1");
        (await _store.BeginAsync("t", "u", "k", "H2")).Outcome.Should().Be(IdempotencyOutcome.Mismatch);
        await _store.CompleteAsync("t", "u", "k", "H1", Created("{}"));
        (await _store.BeginAsync("t", "u", "k", "H2")).Outcome.Should().Be(IdempotencyOutcome.Mismatch);
    }

    [Fact]
    public async Task A_running_key_is_in_flight_until_its_lease_expires()
    {
        await _store.BeginAsync("t", "u", "k", "H1");
        (await _store.BeginAsync("t", "u", "k", "H1")).Outcome.Should().Be(IdempotencyOutcome.InFlight);

        _time.Advance(TimeSpan.FromMinutes(2));
        (await _store.BeginAsync("t", "u", "k", "H1")).Outcome.Should().Be(IdempotencyOutcome.Started, "the first runner died");
    }

    [Fact]
    public async Task An_abandoned_key_can_be_used_again()
    {
        await _store.BeginAsync("t", "u", "k", "H1");
        await _store.AbandonAsync("t", "u", "k", "H1");
        (await _store.BeginAsync("t", "u", "k", "H1")).Outcome.Should().Be(IdempotencyOutcome.Started);
    }

    [Fact]
    public async Task A_stored_response_expires_after_the_retention()
    {
        await _store.BeginAsync("t", "u", "k", "H1");
        await _store.CompleteAsync("t", "u", "k", "H1", Created("{}"));

        _time.Advance(TimeSpan.FromHours(23));
        (await _store.BeginAsync("t", "u", "k", "H2")).Outcome.Should().Be(IdempotencyOutcome.Mismatch);
        _time.Advance(TimeSpan.FromHours(1));
        (await _store.BeginAsync("t", "u", "k", "H2")).Outcome.Should().Be(IdempotencyOutcome.Started);
    }

    [Fact]
    public async Task Keys_are_scoped_per_tenant_and_user()
    {
        await _store.BeginAsync("t1", "u1", "k", "H1");
        (await _store.BeginAsync("t2", "u1", "k", "H2")).Outcome.Should().Be(IdempotencyOutcome.Started);
        (await _store.BeginAsync("t1", "u2", "k", "H3")).Outcome.Should().Be(IdempotencyOutcome.Started);
    }

    [Fact]
    public async Task Concurrent_first_uses_start_exactly_once()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _store.BeginAsync("t", "u", "k", "H1"))));
        outcomes.Count(o => o.Outcome == IdempotencyOutcome.Started).Should().Be(1);
        outcomes.Count(o => o.Outcome == IdempotencyOutcome.InFlight).Should().Be(7);
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(_db.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        Directory.Delete(_folder, recursive: true);
    }
}
