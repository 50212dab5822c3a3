using Dapper;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.Modules.Marina.Holders;

/// <summary>A holder's e-mail address (the holder id is the data subject): erasing the holder also shreds the address as the e-mail log
/// sealed it (the e-mails sent list shows it erased) and deletes the outbox copies of the messages sent to it.</summary>
internal sealed class HolderFootprint(IReadModelDatabase connections) : IDataSubjectFootprint
{
    public async Task<DataSubjectFootprint> FindAsync(string tenantId, string subjectId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var email = await connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT email FROM marina_holders WHERE office_id = @tenantId AND holder_id = @subjectId", new { tenantId, subjectId });
        return string.IsNullOrWhiteSpace(email) ? DataSubjectFootprint.None : new DataSubjectFootprint([], [email]);
    }
}
