using Dapper;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.Modules.Ticketing.Sessions.Expiring;

/// <summary>Every minute: records the expiry of holds whose time is up (read model <c>ticketing_holds</c>), so that lists and counts
/// show them free. Availability and every decision already treat them as free before this runs (lazy expiry); the job only writes it
/// down. Idempotent: an expired hold expires once.</summary>
internal sealed class HoldExpiryJob(IReadModelDatabase connections, SessionDesk desk, TimeProvider time) : ScheduledJob(time)
{
    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var due = await connection.QueryAsync<(string Office, string Session)>(
            "SELECT DISTINCT office_id, session_id FROM ticketing_holds WHERE status = 'held' AND expires_at <= @now",
            new { now = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) });
        foreach (var (office, session) in due)
        {
            try
            {
                await desk.SubmitAsync(session, new ExpireHolds(now), CommandContexts.ForSystem(office, "ticketing.hold-expiry"));
            }
            catch (SessionBusyException)
            {
                // The session is busy selling: its next decision expires what is due anyway; the next run records the rest.
            }
        }
    }
}
