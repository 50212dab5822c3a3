using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Users.Listing;

/// <summary>GET <c>/api/office/users</c> (admin): the office's staff users, from the <c>offices_users</c> read model.</summary>
internal static class UserListEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        UserApi.Group(app).MapGet("/", Handle).RequireAuthorization("office-admin");
    }

    internal static async Task<Ok<IEnumerable<UserResponse>>> Handle(ICallerContext caller, IReadModelDatabase connections, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string UserId, string Email, string DisplayName, string Roles, long Active)>(
            "SELECT user_id, email, display_name, roles, active FROM offices_users WHERE office_id = @tenant AND customer_id IS NULL ORDER BY display_name",
            new { tenant = caller.TenantId });
        return TypedResults.Ok(rows.Select(r => new UserResponse(r.UserId, r.Email, r.DisplayName, r.Roles.Split(','), r.Active != 0)));
    }
}
