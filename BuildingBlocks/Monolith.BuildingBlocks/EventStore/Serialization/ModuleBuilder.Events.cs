using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.BuildingBlocks.Modules;

public sealed partial class ModuleBuilder
{
    /// <summary>The module's event types with their stable wire names, versions and upcasters, e.g.
    /// <c>m.Events(r => r.Register&lt;OrderPlaced&gt;("membership.order-placed", version: 2).Upcast("membership.order-placed", 1, V1ToV2))</c>.
    /// Every wire name must start with the module's name and a dot.</summary>
    public ModuleBuilder Events(Action<EventTypeRegistry> register)
    {
        Services.AddSingleton(new EventTypeRegistration(ModuleName, register));
        return this;
    }

    /// <summary>The module's event types as a name table (all at schema version 1), e.g. <c>m.Events(Office.EventNames)</c>.</summary>
    public ModuleBuilder Events(IReadOnlyDictionary<Type, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return Events(r => r.Register(names));
    }
}
