using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Users.Listing;

/// <summary>GET <c>/api/office/users</c> (admin): the office's staff users (paged, from <c>offices_users</c>), searched by name or e-mail
/// (accents ignored), filtered by role and active, sorted.</summary>
internal static class UserListEndpoint
{
    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["name"] = "COALESCE(s.search_text, LOWER(u.display_name))",
        ["email"] = "u.email_normalized",
        ["registeredAt"] = "u.registered_at",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        UserApi.Group(app).MapGet("/", Handle).RequireAuthorization("office-admin").WithName("ListOfficeUsers").WithCsvExport()
            .WithListFilter("role", UserApi.StaffRoles).WithListSort(Sorts, "name")
            .WithSummary("The office's staff users (paged): search by name or e-mail (accents ignored); role, active; sort; CSV.");
    }

    internal static async Task<Results<Ok<Paged<UserResponse>>, FileContentHttpResult>> Handle(
        string? q, string? role, bool? active, string? sort, int? page, int? pageSize, string? format, ICallerContext caller, HttpContext http,
        IReadModelDatabase connections, IOfficeCalendars calendars, CancellationToken ct)
    {
        var args = new
        {
            tenant = caller.TenantId,
            q = ListSearch.Pattern(q),
            role = ListFilters.OneOf(role, "role", UserApi.StaffRoles),
            active = active is { } a ? (a ? 1 : 0) : (int?)null,
        };
        var orderBy = ListSort.OrderBy(sort, Sorts, "name", "u.user_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<Row>(
            connection,
            "u.user_id AS UserId, u.email AS Email, u.display_name AS DisplayName, u.roles AS Roles, u.active AS Active",
            """
            FROM offices_users u LEFT JOIN offices_user_search s ON s.user_id = u.user_id
            WHERE u.office_id = @tenant AND u.customer_id IS NULL
              AND (@q IS NULL OR s.search_text LIKE @q ESCAPE '\' OR u.email_normalized LIKE @q ESCAPE '\')
              AND (@role IS NULL OR (',' || u.roles || ',') LIKE ('%,' || @role || ',%'))
              AND (@active IS NULL OR u.active = @active)
            """,
            orderBy,
            args,
            page,
            pageSize,
            csv);
        var users = rows.Map(r => r.ToResponse());
        return csv
            ? CsvExport.File(users.Items, CsvColumns, $"utilisateurs-{await calendars.TodayAsync(caller.TenantId, ct):yyyy-MM-dd}")
            : TypedResults.Ok(users);
    }

    private static readonly IReadOnlyList<CsvColumn<UserResponse>> CsvColumns =
    [
        CsvColumn<UserResponse>.Text("Nom", u => u.DisplayName),
        CsvColumn<UserResponse>.Text("E-mail", u => u.Email),
        CsvColumn<UserResponse>.Text("Rôles", u => string.Join(", ", u.Roles)),
        CsvColumn<UserResponse>.Text("Actif", u => u.Active ? "Oui" : "Non"),
        CsvColumn<UserResponse>.Text("Identifiant", u => u.UserId),
    ];

    /// <summary>A row as stored (flags as integers whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class Row
    {
        public string UserId { get; set; } = "";

        public string Email { get; set; } = "";

        public string DisplayName { get; set; } = "";

        public string Roles { get; set; } = "";

        public long Active { get; set; }

        public UserResponse ToResponse() => new(UserId, Email, DisplayName, Roles.Split(','), Active != 0);
    }
}
