using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Modules.Offices.Users.Listing;

/// <summary><c>offices_user_search</c>: each user's display name and e-mail, normalised (<see cref="ListSearch.Normalize"/>) for the users
/// list's search. Forgetting the person empties it (like <c>offices_users</c>).</summary>
internal sealed class UserSearchProjection : IProjection
{
    public string Name => "offices.user-search";

    public bool Handles(string eventType) => eventType is "offices.user-registered" || eventType == DataSubjectForgotten.WireName;

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        switch (await ctx.DecodeAsync(e, ct))
        {
            case UserRegistered r:
                var erased = r.Email == PersonalData.ErasedText;
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO offices_user_search (user_id, office_id, search_text) VALUES (@UserId, @office, @search)
                    ON CONFLICT (user_id) DO UPDATE SET search_text = excluded.search_text
                    """,
                    new { r.UserId, office = e.Metadata.TenantId, search = erased ? string.Empty : ListSearch.Normalize(r.DisplayName, r.Email) },
                    ctx.Transaction);
                break;
            case DataSubjectForgotten f:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE offices_user_search SET search_text = '' WHERE user_id = @SubjectId AND office_id = @office",
                    new { f.SubjectId, office = e.Metadata.TenantId },
                    ctx.Transaction);
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM offices_user_search", transaction: ctx.Transaction);
}
