using System.Globalization;

namespace Monolith.BuildingBlocks.Deciders;

/// <summary>While a request with an <c>Idempotency-Key</c> runs, the ids it creates derive from the key: the n-th new resource id
/// (<see cref="NewId"/>) and the event ids of the n-th command (<see cref="CommandHandler"/>). A retry of the same request after a
/// crash between the command's events and its stored answer therefore targets the same resources with the same event ids, and the
/// handler sees its events already in the stream and appends nothing: the key and the command's effect cannot part (ADR 0013).</summary>
public static class IdempotencyScope
{
    private static readonly AsyncLocal<State?> Current = new();

    /// <summary>Starts the scope for the current async flow; dispose to end it.</summary>
    public static IDisposable Begin(Guid seed)
    {
        var previous = Current.Value;
        Current.Value = new State(seed);
        return new End(previous);
    }

    public static bool IsActive => Current.Value is not null;

    /// <summary>A new resource id (32 hex digits): derived from the key inside a scope, random outside.</summary>
    public static string NewId() => Current.Value is { } state
        ? DeterministicGuid.Create(state.Seed, "resource\n" + state.Next("resource")).ToString("N")
        : Guid.NewGuid().ToString("N");

    /// <summary>The event-id seed of the next command in the scope, or null outside a scope.</summary>
    internal static Guid? NextCommandSeed(string streamId) => Current.Value is { } state
        ? DeterministicGuid.Create(state.Seed, "command\n" + streamId + "\n" + state.Next("command:" + streamId))
        : null;

    private sealed class State(Guid seed)
    {
        private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);

        public Guid Seed { get; } = seed;

        public string Next(string counter)
        {
            lock (_counters)
            {
                _counters.TryGetValue(counter, out var n);
                _counters[counter] = n + 1;
                return n.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    private sealed class End(State? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
