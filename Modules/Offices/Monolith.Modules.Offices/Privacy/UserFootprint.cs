using Dapper;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.Modules.Offices.Privacy;

/// <summary>A user's login e-mail (so erasure purges the outbox copies of the messages sent to it).</summary>
internal sealed class UserFootprint(IReadModelDatabase connections) : IDataSubjectFootprint
{
    public async Task<DataSubjectFootprint> FindAsync(string tenantId, string subjectId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var email = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT email FROM offices_users WHERE office_id = @tenantId AND user_id = @subjectId", new { tenantId, subjectId });
        return email is null ? DataSubjectFootprint.None : new DataSubjectFootprint([], [email]);
    }
}
