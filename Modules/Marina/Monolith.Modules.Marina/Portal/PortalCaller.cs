using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Marina.Portal;

internal static class PortalCaller
{
    /// <summary>The holder a portal login belongs to (its customer id): a holder sees only their own contracts, mandates and invoices.</summary>
    public static string HolderId(ICallerContext caller) => caller.CustomerId ?? throw new NotFoundException("Aucun plaisancier n'est associé à cet identifiant.");
}
