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

        app.MapGet("/api/marina/berths", async Task<Ok<Paged<AddBerthView>>> (int? page, int? pageSize, ICallerContext caller, IReadModelDatabase connections, CancellationToken ct) =>
            {
                var (number, take, skip) = Paging.Of(page, pageSize);
                await using var connection = await connections.OpenAsync(ct);
                var total = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM marina_berths WHERE office_id = @office", new { office = caller.TenantId });
                var rows = await connection.QueryAsync<(string BerthId, string Pontoon, string Number, string Category, long MaxLengthCm, long MaxBeamCm)>(
                    """
                    SELECT berth_id, pontoon, number, category, max_length_cm, max_beam_cm FROM marina_berths WHERE office_id = @office
                    ORDER BY pontoon, number LIMIT @take OFFSET @skip
                    """,
                    new { office = caller.TenantId, take, skip });
                return TypedResults.Ok(new Paged<AddBerthView>(
                    [.. rows.Select(r => new AddBerthView(r.BerthId, r.Pontoon, r.Number, r.Category, (int)r.MaxLengthCm, (int)r.MaxBeamCm))], number, take, total));
            })
            .RequireAuthorization("office-read").WithTags("Marina — port").WithName("MarinaListBerths").WithSummary("The port's berths, by pontoon and number (?page=&pageSize=, paged).");
    }

    internal sealed record AddBerthView(string BerthId, string Pontoon, string Number, string Category, int MaxLengthCm, int MaxBeamCm);
}
