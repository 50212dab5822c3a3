using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Modules.Membership.Members.Listing;

/// <summary><c>membership_member_search</c>: each member's company name and id, normalised (<see cref="ListSearch.Normalize"/>) for the
/// members list's search. No personal data (the login e-mail is searched on <c>membership_members</c>, which erasure scrubs).</summary>
internal sealed class MemberSearchProjection : IProjection
{
    public string Name => "membership.member-search";

    public bool Handles(string eventType) => eventType == "membership.member-registered";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        if (await ctx.DecodeAsync(e, ct) is MemberRegistered m)
        {
            await ctx.Connection.ExecuteAsync(
                """
                INSERT INTO membership_member_search (member_id, office_id, search_text) VALUES (@MemberId, @office, @search)
                ON CONFLICT (member_id) DO UPDATE SET search_text = excluded.search_text
                """,
                new { m.MemberId, office = e.Metadata.TenantId, search = ListSearch.Normalize(m.CompanyName, m.MemberId) },
                ctx.Transaction);
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM membership_member_search;", transaction: ctx.Transaction);
}
