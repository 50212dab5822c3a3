namespace Monolith.BuildingBlocks.Modules;

/// <summary>A module plugs everything it owns in with one call: events, streams, endpoints, projections, jobs, reactors, services.
/// Explicit lists, no assembly scanning.</summary>
public interface IModule
{
    /// <summary>Short lower-case name, used as a prefix for wire names, tables and routes (e.g. "membership").</summary>
    string Name { get; }

    void Configure(ModuleBuilder m);
}
