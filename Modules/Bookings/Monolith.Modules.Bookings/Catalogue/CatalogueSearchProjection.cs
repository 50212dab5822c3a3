using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Modules.Bookings.Catalogue;

/// <summary><c>bookings_service_search</c>: each catalogue service's label and provider, normalised (<see cref="ListSearch.Normalize"/>)
/// for the catalogue list's search; a change rewrites it.</summary>
internal sealed class CatalogueSearchProjection : IProjection
{
    public string Name => "bookings.service-search";

    public bool Handles(string eventType) => eventType is "bookings.service-added" or "bookings.service-changed";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var (serviceId, definition) = await ctx.DecodeAsync(e, ct) switch
        {
            ServiceAdded a => (a.ServiceId, a.Definition),
            ServiceChanged c => (c.ServiceId, c.Definition),
            _ => (null, null),
        };
        if (serviceId is null || definition is null)
        {
            return;
        }

        await ctx.Connection.ExecuteAsync(
            """
            INSERT INTO bookings_service_search (service_id, office_id, search_text) VALUES (@serviceId, @office, @search)
            ON CONFLICT (service_id) DO UPDATE SET search_text = excluded.search_text
            """,
            new { serviceId, office = e.Metadata.TenantId, search = ListSearch.Normalize(definition.Label, definition.Provider?.Name, serviceId) },
            ctx.Transaction);
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM bookings_service_search", transaction: ctx.Transaction);
}
