using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.BuildingBlocks.Audit;

/// <summary>The start-up check (ADR 0017): the log's head must not be behind what was already derived from it. Compared with (1) every
/// projection and reactor checkpoint — read models such as billing's invoice list and its numbering state are projections, so an
/// invoice known to the read model but gone from the log shows here — and (2) each office's newest signed closure in the archive,
/// outside the database: its anchored position must still exist and hold the anchored office hash. A log that went backwards raises
/// the <see cref="LogIntegrity"/> alarm: readiness unhealthy and every append refused (503), never a silent reuse of numbers.</summary>
public sealed partial class LogIntegrityCheck(
    IEventStore store,
    ProjectionCheckpointStore checkpoints,
    ChainAnchors anchors,
    LogIntegrity integrity,
    ILogger<LogIntegrityCheck> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var findings = await FindRegressionsAsync(ct);
        if (findings.Count > 0)
        {
            var alarm = string.Join(" ; ", findings);
            integrity.Raise(alarm);
            LogAlarm(logger, alarm);
        }
    }

    public async Task<IReadOnlyList<string>> FindRegressionsAsync(CancellationToken ct)
    {
        var findings = new List<string>();
        var head = await store.GetHeadPositionAsync(ct);
        foreach (var checkpoint in await checkpoints.GetAllAsync(ct))
        {
            if (checkpoint.Position > head)
            {
                findings.Add($"« {checkpoint.Name} » a déjà traité la position {checkpoint.Position} mais le journal s'arrête à la position {head}");
            }
        }

        foreach (var office in anchors.Offices())
        {
            if (await anchors.LatestAsync(office, ct) is not { } anchor)
            {
                continue;
            }

            if (anchor.Position > head)
            {
                findings.Add($"la clôture « {anchor.Label} » de l'office {anchor.OfficeId} a ancré la position {anchor.Position} mais le journal s'arrête à la position {head}");
                continue;
            }

            var at = await store.ReadAllAsync(anchor.Position - 1, 1, ct);
            if (at.Count == 0 || at[0].Position != anchor.Position || at[0].Metadata.TenantId != anchor.OfficeId
                || !string.Equals(at[0].OfficeHash ?? string.Empty, anchor.OfficeHash, StringComparison.Ordinal))
            {
                findings.Add($"la position {anchor.Position} ne correspond plus à la clôture « {anchor.Label} » de l'office {anchor.OfficeId}");
            }
        }

        return findings;
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Critical, Message = "Event log went backwards; every write is refused: {Alarm}")]
    private static partial void LogAlarm(ILogger logger, string alarm);
}

/// <summary><c>/health/ready</c> is unhealthy while the <see cref="LogIntegrity"/> alarm is raised.</summary>
public sealed class LogIntegrityHealthCheck(LogIntegrity integrity) : IHealthCheck
{
    public const string Name = "event-log-integrity";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(integrity.Alarm is { } alarm
            ? HealthCheckResult.Unhealthy("Le journal des événements est revenu en arrière : " + alarm)
            : HealthCheckResult.Healthy("Event log head is not behind checkpoints and anchors."));
}
