using System.Globalization;
using Dapper;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.Modules.Ticketing.Sessions.Cancelling;

/// <summary>Every 15 minutes: a leisure activity whose minimum of participants is not reached at its check time (start minus
/// <c>minimumCheckHours</c>) is cancelled by the office; its buyers are then refunded like any cancellation. Idempotent (a cancelled
/// session is cancelled once).</summary>
internal sealed class MinimumParticipantsJob(IReadModelDatabase connections, SessionDesk desk, TimeProvider time) : ScheduledJob(time)
{
    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var due = await connection.QueryAsync<(string Office, string Session)>(
            "SELECT office_id, session_id FROM ticketing_sessions WHERE status = 'on-sale' AND min_participants IS NOT NULL AND minimum_check_at <= @now AND starts_at > @now",
            new { now = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) });
        foreach (var (office, session) in due)
        {
            var (state, _) = await desk.ReadAsync(office, session, ct);
            if (!state.Exists || state.Cancelled is not null || state.SoldTotal >= state.Plan!.MinParticipants)
            {
                continue;
            }

            await desk.SubmitAsync(session, new CancelSession(
                $"Nombre minimum de participants non atteint ({state.SoldTotal} inscrits, {state.Plan.MinParticipants} requis).", true, null, now),
                CommandContexts.ForSystem(office, "ticketing.minimum-participants"));
        }
    }
}
