using System.Reflection;

namespace Monolith.BuildingBlocks.Facts;

/// <summary>A <b>published fact</b> (integration event): a public record in a module's Contracts project that other modules may
/// react to. It carries a stable wire name in a <c>public const string WireName</c> (<c>"&lt;module&gt;.published-&lt;fact&gt;"</c>, e.g.
/// <c>"billing.published-invoice-settled"</c>): the <c>published-</c> prefix keeps it apart from the module's internal events, whose
/// names are stored and never renamed. The owning module registers it with <c>m.Publishes(...)</c> and appends it from the decider
/// that makes it true (<see cref="Deciders.Decider{TCommand,TEvent,TState}.Publish"/>): same stream, same append, same transaction
/// as the internal events. Other modules react with <c>m.React&lt;TFact, THandler&gt;()</c> (<see cref="IReactTo{TFact}"/>).
/// Evolve a fact like any event: add optional fields, or bump its version with an upcaster; never rename it.</summary>
public interface IIntegrationEvent;

/// <summary>Reads the <c>WireName</c> constant of a published fact.</summary>
public static class PublishedFacts
{
    /// <summary>The prefix of a published fact's name after the module's dot.</summary>
    public const string NamePrefix = "published-";

    public static string WireNameOf<TFact>()
        where TFact : IIntegrationEvent => WireNameOf(typeof(TFact));

    public static string WireNameOf(Type factType)
    {
        ArgumentNullException.ThrowIfNull(factType);
        if (!typeof(IIntegrationEvent).IsAssignableFrom(factType))
        {
            throw new ArgumentException($"{factType.FullName} is not an {nameof(IIntegrationEvent)}.", nameof(factType));
        }

        var field = factType.GetField("WireName", BindingFlags.Public | BindingFlags.Static);
        if (field is not { IsLiteral: true } || field.GetRawConstantValue() is not string name)
        {
            throw new ArgumentException($"Published fact {factType.FullName} needs a 'public const string WireName'.", nameof(factType));
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || !name.AsSpan(dot + 1).StartsWith(NamePrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Published fact {factType.FullName} is named '{name}': expected '<module>.{NamePrefix}<fact>' (e.g. 'billing.{NamePrefix}invoice-settled').",
                nameof(factType));
        }

        return name;
    }

    /// <summary>The name table (type → wire name) of published facts, e.g. for <c>EventTypeRegistry.Register(PublishedFacts.Names(BillingFacts.All))</c>.</summary>
    public static IReadOnlyDictionary<Type, string> Names(params Type[] facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.ToDictionary(t => t, WireNameOf);
    }

    /// <summary>True for a name of the published-fact form (<c>&lt;module&gt;.published-…</c>).</summary>
    public static bool IsPublishedName(string wireName)
    {
        ArgumentNullException.ThrowIfNull(wireName);
        var dot = wireName.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && wireName.AsSpan(dot + 1).StartsWith(NamePrefix, StringComparison.Ordinal);
    }
}
