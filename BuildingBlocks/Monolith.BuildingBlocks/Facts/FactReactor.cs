using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.BuildingBlocks.Facts;

/// <summary>The <see cref="IReactor"/> behind <c>m.React&lt;TFact, THandler&gt;()</c>: handles exactly the fact's wire name, decodes it
/// and hands it to a fresh <typeparamref name="THandler"/> from the event's DI scope. Checkpointed and retried like any reactor.</summary>
public sealed class FactReactor<TFact, THandler>(string name) : IReactor, IFactReactor
    where TFact : class, IIntegrationEvent
    where THandler : class, IReactTo<TFact>
{
    private static readonly string WireName = PublishedFacts.WireNameOf<TFact>();

    public string Name { get; } = name;

    public Type FactType => typeof(TFact);

    public Type HandlerType => typeof(THandler);

    public bool Handles(string eventType) => string.Equals(eventType, WireName, StringComparison.Ordinal);

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(scopedServices);
        var decoded = await scopedServices.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct);
        if (decoded is not TFact fact)
        {
            throw new InvalidOperationException($"'{e.Type}' at position {e.Position} did not decode to {typeof(TFact).Name}.");
        }

        await scopedServices.GetRequiredService<THandler>().ReactAsync(fact, FactContext.From(e, Name), ct);
    }
}

/// <summary>What a fact reactor handles (read by the architecture tests).</summary>
public interface IFactReactor
{
    Type FactType { get; }

    Type HandlerType { get; }
}
