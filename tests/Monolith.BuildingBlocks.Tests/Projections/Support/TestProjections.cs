using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.BuildingBlocks.Tests.Projections.Support;

internal static class TestEvents
{
    public const string Incremented = "counter.incremented";
    public const string Poison = "counter.poison";
    public const string OrderPlaced = "order.placed";
    public const string InvoiceIssued = "invoice.issued";
}

/// <summary>Totals per counter, upserted with Dapper in the runner's transaction.</summary>
internal sealed class CounterTotalsProjection : IProjection
{
    public string Name => "tests.counter-totals";

    public bool Handles(string eventType) => eventType == TestEvents.Incremented;

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        using var json = JsonDocument.Parse(e.Data);
        var counter = json.RootElement.GetProperty("counter").GetString();
        var by = json.RootElement.GetProperty("by").GetInt32();
        await ctx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO test_counter_totals (counter, total, events) VALUES (@counter, @by, 1)
            ON CONFLICT (counter) DO UPDATE SET total = total + excluded.total, events = events + 1
            """,
            new { counter, by },
            ctx.Transaction,
            cancellationToken: ct));
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM test_counter_totals", transaction: ctx.Transaction, cancellationToken: ct));
}

/// <summary>Writes one row per applied event (no key: a double apply shows), then runs a hook that may throw or "crash".
/// The hook receives the attempt number of that position (1 for the first time it is applied by this instance).</summary>
internal sealed class RecordingProjection(string name, Func<RecordedEvent, int, CancellationToken, Task>? afterWrite = null, Func<string, bool>? handles = null)
    : IProjection
{
    private readonly ConcurrentDictionary<long, int> _attempts = new();

    public string Name { get; } = name;

    public Func<RecordedEvent, int, CancellationToken, Task>? AfterWrite { get; set; } = afterWrite;

    public int AttemptsAt(long position) => _attempts.GetValueOrDefault(position);

    public bool Handles(string eventType) => handles?.Invoke(eventType) ?? true;

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        await ctx.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO test_applied (projection, position, event_id) VALUES (@Name, @Position, @EventId)",
            new { Name, e.Position, EventId = e.EventId.ToString() },
            ctx.Transaction,
            cancellationToken: ct));
        var attempt = _attempts.AddOrUpdate(e.Position, 1, (_, n) => n + 1);
        if (AfterWrite is { } hook)
        {
            await hook(e, attempt, ct);
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM test_applied WHERE projection = @Name", new { Name }, ctx.Transaction, cancellationToken: ct));
}

internal sealed class ReactionLog
{
    private int _reactions;

    public int Reactions => _reactions;

    public Func<RecordedEvent, bool> Fails { get; set; } = _ => false;

    public void Count() => Interlocked.Increment(ref _reactions);
}

/// <summary>On "order.placed", issues an invoice in stream "invoice-{order}" whose event id is derived from the order event id:
/// a replay re-appends the same id and the store's idempotent append writes nothing.</summary>
internal sealed class InvoiceReactor(ReactionLog log) : IReactor
{
    private static readonly Guid Namespace = Guid.Parse("6f1c0a52-3d8e-4c55-9a0e-1f6f6b0f2a11");

    public string Name => "tests.invoice-on-order";

    public bool Handles(string eventType) => eventType == TestEvents.OrderPlaced;

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        log.Count();
        if (log.Fails(e))
        {
            throw new InvalidOperationException($"billing unavailable for {e.Position}");
        }

        using var json = JsonDocument.Parse(e.Data);
        var order = json.RootElement.GetProperty("order").GetString();
        var store = scopedServices.GetRequiredService<IEventStore>();
        await store.AppendAsync(
            $"invoice-{order}",
            ExpectedRevision.Any,
            [new EventData(TestUuid.V5(Namespace, $"invoice:{e.EventId}"), TestEvents.InvoiceIssued, JsonSerializer.Serialize(new { order }), e.Metadata)],
            ct);
    }
}
