using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.Modules.Billing.Closures;

/// <summary>How billing's commands respect closures (ADR 0021): nothing is recorded on a closed day. Every command records at the office's
/// "today"; if that day is already closed (a clock set back, a writer still running from a closed day), the command is refused with
/// 409 <c>billing.period-closed</c>. A fact that belongs to a closed day but arrives later (a cheque received on the 3rd and entered on
/// the 5th, after the 3rd was closed) is recorded today with its own date: it counts in today's period and is flagged late in its
/// closure; the closed day's totals never change.</summary>
internal sealed class ClosedPeriods(IEventStore store, EventSerializer serializer)
{
    /// <summary>Refuses when <paramref name="today"/> (office-local) is on or before the office's last closed day. Reads one event: the last
    /// closure of the year of today (and of the next year, for a clock set back across New Year).</summary>
    public async Task EnsureOpenAsync(string officeId, DateOnly today, CancellationToken ct = default)
    {
        foreach (var year in new[] { today.Year + 1, today.Year })
        {
            var last = await store.ReadStreamAsync(PeriodClosures.StreamId(officeId, year), ReadDirection.Backwards, null, 1, ct);
            if (last.Count == 1 && last[0].Metadata.TenantId == officeId
                && (await serializer.DeserializeAsync(last[0], ct)).Event is PeriodClosed closed && closed.To >= today)
            {
                throw new DomainRuleViolation(
                    "billing.period-closed",
                    $"La journée du {today:dd/MM/yyyy} est clôturée (dernière clôture : {closed.Label}) : rien ne peut plus y être enregistré. Vérifiez l'horloge du serveur.",
                    isConflict: true);
            }
        }
    }
}
