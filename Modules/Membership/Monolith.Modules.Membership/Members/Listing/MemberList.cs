using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;
using static Monolith.Modules.Membership.Members.MemberApi;

namespace Monolith.Modules.Membership.Members.Listing;

/// <summary>GET <c>/api/membership/members</c> (the office's members, from <c>membership_members</c>) and GET <c>/api/membership/members/{memberId}</c> (folded from its stream, with its ETag).</summary>
internal static class MemberListEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberApi.Group(app);
        group.MapGet("/", ListAsync).RequireAuthorization("office-read").WithName("ListMembers").WithCsvExport().WithListSort(Sorts, "companyName")
            .WithSummary("The office's members (paged; search by company, id or e-mail, accents ignored; invited or not; sort; CSV).");

        group.MapGet("/{memberId}", async (string memberId, ICallerContext caller, CommandHandler handler, HttpContext http, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(Member.Decider, Member.StreamId(memberId), caller.TenantId, mustExist: true, ct);
            return Revisioned.Ok(http, ToView(loaded.State), loaded.Revision);
        }).RequireAuthorization("office-read");
    }

    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["companyName"] = "COALESCE(s.search_text, LOWER(m.company_name), '')",
        ["registeredAt"] = "m.registered_at",
    };

    internal static async Task<Results<Ok<Paged<MemberListItem>>, FileContentHttpResult>> ListAsync(
        string? q, bool? invited, string? sort, int? page, int? pageSize, string? format, ICallerContext caller, HttpContext http,
        IReadModelDatabase connections, CancellationToken ct)
    {
        var pattern = ListSearch.Pattern(q);
        var orderBy = ListSort.OrderBy(sort, Sorts, "companyName", "m.member_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<MemberListItem>(
            connection,
            "m.member_id AS MemberId, m.company_name AS CompanyName, m.login_email AS LoginEmail, m.invitations AS Invitations",
            """
            FROM membership_members m LEFT JOIN membership_member_search s ON s.member_id = m.member_id
            WHERE m.office_id = @tenant AND (@q IS NULL OR s.search_text LIKE @q ESCAPE '\' OR LOWER(m.login_email) LIKE @q ESCAPE '\')
              AND (@invited IS NULL OR (@invited = 1 AND m.invitations > 0) OR (@invited = 0 AND m.invitations = 0))
            """,
            orderBy,
            new { tenant = caller.TenantId, q = pattern, invited = invited is { } i ? (i ? 1 : 0) : (int?)null },
            page,
            pageSize,
            csv);
        return csv ? CsvExport.File(rows.Items, CsvColumns, "adherents") : TypedResults.Ok(rows);
    }

    private static readonly IReadOnlyList<CsvColumn<MemberListItem>> CsvColumns =
    [
        CsvColumn<MemberListItem>.Text("N° adhérent", r => r.MemberId),
        CsvColumn<MemberListItem>.Text("Raison sociale", r => r.CompanyName),
        CsvColumn<MemberListItem>.Text("E-mail de connexion", r => r.LoginEmail),
        CsvColumn<MemberListItem>.Number("Invitations", r => r.Invitations),
    ];
}

/// <summary>A row of the members list (a class with setters: Dapper maps SQLite's loosely typed columns by name).</summary>
internal sealed class MemberListItem
{
    public string MemberId { get; set; } = "";

    public string CompanyName { get; set; } = "";

    public string LoginEmail { get; set; } = "";

    public long Invitations { get; set; }
}
