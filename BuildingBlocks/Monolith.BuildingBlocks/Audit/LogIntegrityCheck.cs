using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.BuildingBlocks.Audit;

/// <summary>The start-up check (ADR 0021): the log's head must not be behind what was already derived from it. Compared with (1) every
/// projection and reactor checkpoint, (2) each office's newest signed closure in the archive, outside the database: its anchored
/// position must still exist and hold the anchored office hash, and (3) directly, whatever a module knows was recorded
/// (<see cref="ILogHeadWitness"/>: billing's highest invoice and credit-note numbers must still be in the log's numbering streams), so
/// a regression shows even when checkpoints were reset with the log (a restore of the whole database). A log that went backwards raises
/// the <see cref="LogIntegrity"/> alarm: readiness unhealthy and every append refused (503), never a silent reuse of numbers.
/// <para>After a deliberate restore from backup, the operator accepts the restored log by starting once with
/// <c>Audit:AcceptedLogHead</c> set to its head position (printed in the alarm): the findings are then logged as a warning. The
/// setting names one head, so it cannot stay on by accident and hide a later regression.</para></summary>
public sealed partial class LogIntegrityCheck(
    IEventStore store,
    ProjectionCheckpointStore checkpoints,
    ChainAnchors anchors,
    LogIntegrity integrity,
    Microsoft.Extensions.Configuration.IConfiguration configuration,
    ILogger<LogIntegrityCheck> logger,
    IEnumerable<ILogHeadWitness> witnesses)
{
    public const string AcceptedHeadKey = "Audit:AcceptedLogHead";

    public async Task RunAsync(CancellationToken ct)
    {
        var findings = await FindRegressionsAsync(ct);
        if (findings.Count == 0)
        {
            return;
        }

        var head = await store.GetHeadPositionAsync(ct);
        var alarm = string.Join(" ; ", findings);
        if (long.TryParse(configuration[AcceptedHeadKey], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var accepted)
            && accepted == head)
        {
            LogAccepted(logger, head, alarm);
            return;
        }

        integrity.Raise($"{alarm} (tête du journal : {head})");
        LogAlarm(logger, alarm, head);
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

        foreach (var witness in witnesses)
        {
            findings.AddRange(await witness.FindRegressionsAsync(head, ct));
        }

        return findings;
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Critical, Message = "Event log went backwards; every write is refused: {Alarm}. After a deliberate restore, start once with Audit:AcceptedLogHead={Head}")]
    private static partial void LogAlarm(ILogger logger, string alarm, long head);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Event log regression accepted by Audit:AcceptedLogHead={Head}: {Alarm}")]
    private static partial void LogAccepted(ILogger logger, long head, string alarm);
}

/// <summary>A module's own record of what the log held (e.g. billing's highest document numbers in its read models), checked against the
/// log at start-up by <see cref="LogIntegrityCheck"/>: each finding (French, one sentence) is a regression.</summary>
public interface ILogHeadWitness
{
    Task<IReadOnlyList<string>> FindRegressionsAsync(long head, CancellationToken ct);
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
