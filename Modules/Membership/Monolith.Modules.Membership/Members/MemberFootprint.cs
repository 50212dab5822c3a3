using Dapper;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.Modules.Membership.Members;

/// <summary>A member is one person with their portal account (<c>member-{id}</c>, a data subject of its own in Offices): erasing the
/// member erases the account too, and the outbox copies of the e-mails sent to the member's login address.</summary>
internal sealed class MemberFootprint(IReadModelDatabase connections) : IDataSubjectFootprint
{
    public async Task<DataSubjectFootprint> FindAsync(string tenantId, string subjectId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var email = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT login_email FROM membership_members WHERE office_id = @tenantId AND member_id = @subjectId", new { tenantId, subjectId });
        return email is null ? DataSubjectFootprint.None : new DataSubjectFootprint([MemberApi.AccountId(subjectId)], [email]);
    }
}
