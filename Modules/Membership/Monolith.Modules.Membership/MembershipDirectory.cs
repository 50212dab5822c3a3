using Dapper;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Membership.Contracts;

namespace Monolith.Modules.Membership;

/// <summary><see cref="IMembershipDirectory"/> over the <c>membership_*</c> read models.</summary>
internal sealed class MembershipDirectory(IReadModelDatabase connections) : IMembershipDirectory
{
    public async Task<IReadOnlyList<MembershipStatus>> GetMembershipsAsync(string officeId, string memberId, int year, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string MemberId, string CompanyName, long Year, string OrderId, string Number, string Status)>(
            """
            SELECT o.member_id, m.company_name, o.year, o.order_id, o.number, o.status
            FROM membership_orders o JOIN membership_members m ON m.member_id = o.member_id
            WHERE o.office_id = @officeId AND o.member_id = @memberId AND o.year = @year AND o.status IN ('validated', 'finalised')
            ORDER BY o.number DESC
            """,
            new { officeId, memberId, year });
        return [.. rows.Select(r => new MembershipStatus(r.MemberId, r.CompanyName, (int)r.Year, r.OrderId, r.Number, r.Status == "finalised"))];
    }
}
