using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
        group.MapGet("/", async (ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<(string MemberId, string CompanyName, string LoginEmail, long Invitations)>(
                "SELECT member_id, company_name, login_email, invitations FROM membership_members WHERE office_id = @tenant ORDER BY company_name",
                new { tenant = caller.TenantId });
            return Results.Ok(rows.Select(r => new { r.MemberId, r.CompanyName, r.LoginEmail, r.Invitations }));
        }).RequireAuthorization("office-read");

        group.MapGet("/{memberId}", async (string memberId, ICallerContext caller, CommandHandler handler, HttpContext http, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(Member.Decider, Member.StreamId(memberId), caller.TenantId, mustExist: true, ct);
            return Revisioned.Ok(http, ToView(loaded.State), loaded.Revision);
        }).RequireAuthorization("office-read");
    }
}
