using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Marina.Holders.Directory;

/// <summary><c>marina_holder_search</c>: each holder's name and id, normalised (<see cref="ListSearch.Normalize"/>) for the holders list's
/// search. Forgetting the holder leaves only the id (the e-mail is searched on <c>marina_holders</c>, which erasure scrubs).</summary>
internal sealed class HolderSearchProjection : IProjection
{
    public string Name => "marina.holder-search";

    public bool Handles(string eventType) => eventType is "marina.holder-registered" or DataSubjectForgotten.WireName;

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var (holderId, name) = await ctx.DecodeAsync(e, ct) switch
        {
            HolderRegistered r => (r.HolderId, r.Name == PersonalData.ErasedText ? null : r.Name),
            DataSubjectForgotten f => (f.SubjectId, null),
            _ => (null, null),
        };
        if (holderId is null)
        {
            return;
        }

        await ctx.Connection.ExecuteAsync(
            e.Type == DataSubjectForgotten.WireName
                ? "UPDATE marina_holder_search SET search_text = @search WHERE office_id = @office AND holder_id = @holderId"
                : """
                  INSERT INTO marina_holder_search (office_id, holder_id, search_text) VALUES (@office, @holderId, @search)
                  ON CONFLICT (office_id, holder_id) DO UPDATE SET search_text = excluded.search_text
                  """,
            new { office = e.Metadata.TenantId, holderId, search = ListSearch.Normalize(name, holderId) },
            ctx.Transaction);
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM marina_holder_search", transaction: ctx.Transaction);
}

/// <summary>GET <c>/api/marina/holders</c>: the port's berth holders (paged), searched by name, id or e-mail (accents ignored), filtered by
/// portal account and by season under contract, sorted; CSV for staff.</summary>
internal static class HolderList
{
    /// <summary>A holder of the list: <see cref="RegisteredAt"/> an ISO instant; how many boats and contracts (every season) they have.</summary>
    public sealed record HolderListItem(string HolderId, string Name, string? Email, bool PortalAccount, string RegisteredAt, long Boats, long Contracts);

    /// <summary>A row as stored (flags and counts as integers, whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class Row
    {
        public string HolderId { get; set; } = "";

        public string Name { get; set; } = "";

        public string? Email { get; set; }

        public long PortalAccount { get; set; }

        public string RegisteredAt { get; set; } = "";

        public long Boats { get; set; }

        public long Contracts { get; set; }

        public HolderListItem ToItem() => new(HolderId, Name, Email, PortalAccount != 0, RegisteredAt, Boats, Contracts);
    }

    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["name"] = "COALESCE(s.search_text, LOWER(h.name))",
        ["registeredAt"] = "h.registered_at",
        ["holderId"] = "h.holder_id",
    };

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/marina/holders", ListAsync).WithTags("Marina — berth holders").RequireAuthorization("office-read").WithName("MarinaListHolders")
            .WithCsvExport().WithListSort(Sorts, "name")
            .WithSummary("Berth holders (paged): search by name, id or e-mail (accents ignored); portalAccount; season (under contract that year); sort; CSV.");

    internal static async Task<Results<Ok<Paged<HolderListItem>>, FileContentHttpResult>> ListAsync(
        string? q, bool? portalAccount, int? season, string? sort, int? page, int? pageSize, string? format, ICallerContext caller, HttpContext http,
        IReadModelDatabase connections, CancellationToken ct)
    {
        if (season is < 2000 or > 2100)
        {
            throw new RequestValidationException("season", "La saison doit être une année entre 2000 et 2100.");
        }

        var orderBy = ListSort.OrderBy(sort, Sorts, "name", "h.holder_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<Row>(
            connection,
            """
            h.holder_id AS HolderId, h.name AS Name, h.email AS Email, CASE WHEN h.portal_user_id IS NULL THEN 0 ELSE 1 END AS PortalAccount,
            h.registered_at AS RegisteredAt,
            (SELECT COUNT(*) FROM marina_boats b WHERE b.office_id = h.office_id AND b.holder_id = h.holder_id) AS Boats,
            (SELECT COUNT(*) FROM marina_contracts c WHERE c.office_id = h.office_id AND c.holder_id = h.holder_id) AS Contracts
            """,
            """
            FROM marina_holders h LEFT JOIN marina_holder_search s ON s.office_id = h.office_id AND s.holder_id = h.holder_id
            WHERE h.office_id = @office
              AND (@q IS NULL OR s.search_text LIKE @q ESCAPE '\' OR LOWER(h.email) LIKE @q ESCAPE '\')
              AND (@portal IS NULL OR (@portal = 1 AND h.portal_user_id IS NOT NULL) OR (@portal = 0 AND h.portal_user_id IS NULL))
              AND (@season IS NULL OR EXISTS (SELECT 1 FROM marina_contracts c WHERE c.office_id = h.office_id AND c.holder_id = h.holder_id AND c.season = @season))
            """,
            orderBy,
            new { office = caller.TenantId, q = ListSearch.Pattern(q), portal = portalAccount is { } p ? (p ? 1 : 0) : (int?)null, season },
            page,
            pageSize,
            csv);
        var items = rows.Map(r => r.ToItem());
        return csv ? CsvExport.File(items.Items, CsvColumns, "plaisanciers") : TypedResults.Ok(items);
    }

    private static readonly IReadOnlyList<CsvColumn<HolderListItem>> CsvColumns =
    [
        CsvColumn<HolderListItem>.Text("N° plaisancier", r => r.HolderId),
        CsvColumn<HolderListItem>.Text("Nom", r => r.Name),
        CsvColumn<HolderListItem>.Text("E-mail", r => r.Email),
        CsvColumn<HolderListItem>.Text("Compte portail", r => r.PortalAccount ? "oui" : "non"),
        CsvColumn<HolderListItem>.Number("Bateaux", r => r.Boats),
        CsvColumn<HolderListItem>.Number("Contrats", r => r.Contracts),
    ];
}
