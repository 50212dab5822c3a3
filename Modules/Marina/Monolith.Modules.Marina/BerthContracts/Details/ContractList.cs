using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Marina.BerthContracts.Details;

/// <summary>GET <c>/api/marina/contracts</c>: the berth contracts (paged, from <c>marina_contracts</c> with the holder's name and the berth),
/// searched by holder, berth, contract or invoice number (accents ignored), filtered by status, season, holder and berth, sorted; CSV.</summary>
internal static class ContractList
{
    /// <summary>A contract of the list: <see cref="Status"/> <c>draft</c>, <c>signed</c> or <c>tacitly-renewed</c>; amounts in cents.</summary>
    public sealed record ContractListItem(string ContractId, string HolderId, string HolderName, string BerthId, string? Pontoon, string? BerthNumber, string BoatId,
        int Season, string Status, long TotalTtc, int StepsDone, string? SignedAt, string? InvoiceNumber, string? RenewalOf) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    /// <summary>The statuses the list filter accepts (an unknown one is a 400, docs/api.md "Lists").</summary>
    internal static readonly string[] Statuses = ["draft", "signed", "tacitly-renewed"];

    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["season"] = "c.season",
        ["holder"] = "COALESCE(s.search_text, LOWER(h.name))",
        ["berth"] = "(b.pontoon || ' ' || b.number)",
        ["total"] = "c.total_ttc",
        ["signedAt"] = "c.signed_at",
    };

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/marina/contracts", ListAsync).WithTags("Marina — contracts").RequireAuthorization("office-read").WithName("MarinaListContracts")
            .WithCsvExport().WithListFilter("status", Statuses).WithListSort(Sorts, "-season,holder")
            .WithSummary("Berth contracts (paged): search by holder, berth, contract or invoice number (accents ignored); status, season, holderId, berthId; sort; CSV.");

    internal static async Task<Results<Ok<Paged<ContractListItem>>, FileContentHttpResult>> ListAsync(
        string? q, string? status, int? season, string? holderId, string? berthId, string? sort, int? page, int? pageSize, string? format, ICallerContext caller,
        HttpContext http, IReadModelDatabase connections, CancellationToken ct)
    {
        if (season is < 2000 or > 2100)
        {
            throw new RequestValidationException("season", "La saison doit être une année entre 2000 et 2100.");
        }

        var args = new
        {
            office = caller.TenantId,
            q = ListSearch.Pattern(q),
            status = ListFilters.OneOf(status, "status", Statuses),
            season,
            holderId = ListFilters.Text(holderId),
            berthId = ListFilters.Text(berthId),
        };
        var orderBy = ListSort.OrderBy(sort, Sorts, "-season,holder", "c.contract_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<Row>(
            connection,
            """
            c.contract_id AS ContractId, c.holder_id AS HolderId, h.name AS HolderName, c.berth_id AS BerthId, b.pontoon AS Pontoon, b.number AS BerthNumber,
            c.boat_id AS BoatId, c.season AS Season, c.status AS Status, c.total_ttc AS TotalTtc, c.steps_done AS StepsDone, c.signed_at AS SignedAt,
            c.invoice_number AS InvoiceNumber, c.renewal_of AS RenewalOf
            """,
            """
            FROM marina_contracts c
            LEFT JOIN marina_holders h ON h.office_id = c.office_id AND h.holder_id = c.holder_id
            LEFT JOIN marina_holder_search s ON s.office_id = c.office_id AND s.holder_id = c.holder_id
            LEFT JOIN marina_berths b ON b.office_id = c.office_id AND b.berth_id = c.berth_id
            WHERE c.office_id = @office AND (@status IS NULL OR c.status = @status) AND (@season IS NULL OR c.season = @season)
              AND (@holderId IS NULL OR c.holder_id = @holderId) AND (@berthId IS NULL OR c.berth_id = @berthId)
              AND (@q IS NULL OR s.search_text LIKE @q ESCAPE '\' OR LOWER(c.contract_id) LIKE @q ESCAPE '\' OR LOWER(c.invoice_number) LIKE @q ESCAPE '\'
                   OR LOWER(b.pontoon || ' ' || b.number) LIKE @q ESCAPE '\' OR LOWER(c.berth_id) LIKE @q ESCAPE '\')
            """,
            orderBy,
            args,
            page,
            pageSize,
            csv);
        var items = rows.Map(r => r.ToItem());
        return csv ? CsvExport.File(items.Items, CsvColumns, "contrats-amarrage") : TypedResults.Ok(items);
    }

    private static readonly IReadOnlyList<CsvColumn<ContractListItem>> CsvColumns =
    [
        CsvColumn<ContractListItem>.Text("Contrat", r => r.ContractId),
        CsvColumn<ContractListItem>.Number("Saison", r => r.Season),
        CsvColumn<ContractListItem>.Text("Plaisancier", r => r.HolderName),
        CsvColumn<ContractListItem>.Text("N° plaisancier", r => r.HolderId),
        CsvColumn<ContractListItem>.Text("Ponton", r => r.Pontoon),
        CsvColumn<ContractListItem>.Text("Place", r => r.BerthNumber ?? r.BerthId),
        CsvColumn<ContractListItem>.Text("Statut", r => r.Status switch { "draft" => "Brouillon", "signed" => "Signé", "tacitly-renewed" => "Reconduit", _ => r.Status }),
        CsvColumn<ContractListItem>.Euros("Total TTC (€)", r => r.TotalTtc),
        CsvColumn<ContractListItem>.Text("Facture", r => r.InvoiceNumber),
    ];

    /// <summary>A row as stored (integers whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class Row
    {
        public string ContractId { get; set; } = "";

        public string HolderId { get; set; } = "";

        public string? HolderName { get; set; }

        public string BerthId { get; set; } = "";

        public string? Pontoon { get; set; }

        public string? BerthNumber { get; set; }

        public string BoatId { get; set; } = "";

        public long Season { get; set; }

        public string Status { get; set; } = "";

        public long TotalTtc { get; set; }

        public long StepsDone { get; set; }

        public string? SignedAt { get; set; }

        public string? InvoiceNumber { get; set; }

        public string? RenewalOf { get; set; }

        public ContractListItem ToItem() => new(ContractId, HolderId, HolderName ?? "", BerthId, Pontoon, BerthNumber, BoatId, (int)Season, Status, TotalTtc,
            (int)StepsDone, SignedAt, InvoiceNumber, RenewalOf);
    }
}
