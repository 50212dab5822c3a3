using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Marina.Contracts;
using Monolith.Modules.Marina.Shared;

namespace Monolith.Modules.Marina.Ports.Berths;

/// <summary>Berths free for visitors on a date: no contract covers the date on them, or their holder declared an absence that does
/// (what marina software users ask for: "passagers" on the places of holders away).</summary>
internal sealed class FreeBerths(IReadModelDatabase connections) : IMarinaDirectory
{
    public async Task<IReadOnlyList<FreeBerth>> GetFreeBerthsAsync(string officeId, DateOnly on, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var day = Day.Iso(on);
        var rows = await connection.QueryAsync<(string BerthId, string Pontoon, string Number, string Category, long MaxLengthCm, long MaxBeamCm, string? HolderId, long Away)>(
            """
            SELECT b.berth_id, b.pontoon, b.number, b.category, b.max_length_cm, b.max_beam_cm, c.holder_id,
                   CASE WHEN EXISTS (SELECT 1 FROM marina_absences a WHERE a.office_id = b.office_id AND a.holder_id = c.holder_id
                           AND a.from_date <= @day AND a.to_date >= @day) THEN 1 ELSE 0 END AS away
            FROM marina_berths b
            LEFT JOIN marina_contracts c ON c.office_id = b.office_id AND c.berth_id = b.berth_id AND c.season_start <= @day AND c.season_end >= @day
            WHERE b.office_id = @officeId
            ORDER BY b.pontoon, b.number
            """,
            new { officeId, day });
        return [.. rows.Where(r => r.HolderId is null || r.Away == 1)
            .Select(r => new FreeBerth(r.BerthId, r.Pontoon, r.Number, r.Category, (int)r.MaxLengthCm, (int)r.MaxBeamCm, r.HolderId is not null))];
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/marina/berths/free", async Task<Ok<IReadOnlyList<FreeBerth>>> (DateOnly on, ICallerContext caller, IMarinaDirectory directory, CancellationToken ct) =>
                TypedResults.Ok(await directory.GetFreeBerthsAsync(caller.TenantId, on, ct)))
            .RequireAuthorization("office-read").WithTags("Marina — port").WithName("MarinaFreeBerths")
            .WithSummary("Berths free for visitors on a date (?on=yyyy-MM-dd): without a contract covering it, or whose holder is away (holderAway).");

        app.MapGet("/api/marina/berths", ListAsync).RequireAuthorization("office-read").WithTags("Marina — port").WithName("MarinaListBerths").WithCsvExport()
            .WithListSort(Sorts, "place")
            .WithSummary("The port's berths (paged): search by number or id; pontoon, category, fitsLengthCm (a boat of that length fits); sort; CSV.");
    }

    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["place"] = "(pontoon || ' ' || number)",
        ["category"] = "category",
        ["maxLength"] = "max_length_cm",
    };

    internal static async Task<Results<Ok<Paged<AddBerthView>>, FileContentHttpResult>> ListAsync(
        string? q, string? pontoon, string? category, int? fitsLengthCm, string? sort, int? page, int? pageSize, string? format, ICallerContext caller,
        HttpContext http, IReadModelDatabase connections, CancellationToken ct)
    {
        if (fitsLengthCm is <= 0 or > 100_000)
        {
            throw new RequestValidationException("fitsLengthCm", "La longueur doit être un nombre de centimètres positif.");
        }

        var args = new
        {
            office = caller.TenantId,
            q = ListSearch.Pattern(q),
            pontoon = ListFilters.Text(pontoon)?.ToLowerInvariant(),
            category = ListFilters.Text(category)?.ToLowerInvariant(),
            fitsLengthCm,
        };
        var orderBy = ListSort.OrderBy(sort, Sorts, "place", "berth_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<BerthRow>(
            connection,
            "berth_id AS BerthId, pontoon AS Pontoon, number AS Number, category AS Category, max_length_cm AS MaxLengthCm, max_beam_cm AS MaxBeamCm",
            """
            FROM marina_berths
            WHERE office_id = @office AND (@pontoon IS NULL OR LOWER(pontoon) = @pontoon) AND (@category IS NULL OR LOWER(category) = @category)
              AND (@fitsLengthCm IS NULL OR max_length_cm >= @fitsLengthCm)
              AND (@q IS NULL OR LOWER(number) LIKE @q ESCAPE '\' OR LOWER(berth_id) LIKE @q ESCAPE '\' OR LOWER(pontoon || ' ' || number) LIKE @q ESCAPE '\')
            """,
            orderBy,
            args,
            page,
            pageSize,
            csv);
        var items = rows.Map(r => r.ToView());
        return csv ? CsvExport.File(items.Items, CsvColumns, "places") : TypedResults.Ok(items);
    }

    private static readonly IReadOnlyList<CsvColumn<AddBerthView>> CsvColumns =
    [
        CsvColumn<AddBerthView>.Text("Place", r => r.BerthId),
        CsvColumn<AddBerthView>.Text("Ponton", r => r.Pontoon),
        CsvColumn<AddBerthView>.Text("Numéro", r => r.Number),
        CsvColumn<AddBerthView>.Text("Catégorie", r => r.Category),
        CsvColumn<AddBerthView>.Number("Longueur max (cm)", r => r.MaxLengthCm),
        CsvColumn<AddBerthView>.Number("Largeur max (cm)", r => r.MaxBeamCm),
    ];

    /// <summary>A row as stored (integers whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class BerthRow
    {
        public string BerthId { get; set; } = "";

        public string Pontoon { get; set; } = "";

        public string Number { get; set; } = "";

        public string Category { get; set; } = "";

        public long MaxLengthCm { get; set; }

        public long MaxBeamCm { get; set; }

        public AddBerthView ToView() => new(BerthId, Pontoon, Number, Category, (int)MaxLengthCm, (int)MaxBeamCm);
    }

    internal sealed record AddBerthView(string BerthId, string Pontoon, string Number, string Category, int MaxLengthCm, int MaxBeamCm);
}
