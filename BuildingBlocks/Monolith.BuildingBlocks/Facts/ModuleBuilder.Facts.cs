using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Facts;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.BuildingBlocks.Modules;

public sealed partial class ModuleBuilder
{
    /// <summary>The published facts this module appends (public records of its Contracts project, each an
    /// <see cref="IIntegrationEvent"/> with a <c>WireName</c> constant <c>"&lt;module&gt;.published-…"</c>), registered in the event
    /// registry at version 1, e.g. <c>m.Publishes(BillingFacts.All)</c>.</summary>
    public ModuleBuilder Publishes(params Type[] facts)
    {
        return Events(PublishedFacts.Names(facts));
    }

    /// <summary>Reacts to a published fact (usually another module's): <typeparamref name="THandler"/> gets each
    /// <typeparamref name="TFact"/> once it is in the log (at-least-once, in log order, with its own checkpoint named
    /// <c>&lt;module&gt;.&lt;THandler&gt;</c> unless <paramref name="name"/> is given — keep it stable: a new name starts from the
    /// beginning of the log).</summary>
    public ModuleBuilder React<TFact, THandler>(string? name = null)
        where TFact : class, IIntegrationEvent
        where THandler : class, IReactTo<TFact>
    {
        Services.TryAddScoped<THandler>();
        Services.AddSingleton<IReactor>(new FactReactor<TFact, THandler>(name ?? $"{ModuleName}.{typeof(THandler).Name}"));
        return this;
    }
}
