using Monolith.BuildingBlocks.Modules;

namespace Monolith.Modules.Bookings;

/// <summary>Group bookings, stays and rentals (SPEC §4): terms of sale as versioned data with the Pays Fertois and Zonza presets,
/// quotes, signed contracts with deposits, participant deadlines, cancellation schedules, credit notes, exchange vouchers.
/// See docs/modules/bookings.md.</summary>
public sealed class BookingsModule : IModule
{
    public string Name => "bookings";

    public void Configure(ModuleBuilder m)
    {
    }
}
