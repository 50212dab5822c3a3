using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>Unhealthy when any projection or reactor is stopped on a parked event; Degraded when one lags more than
/// <see cref="ProjectionOptions.LagDegradedThreshold"/> positions; Healthy otherwise. Data: one entry per subscriber.</summary>
public sealed class ProjectionsHealthCheck(IProjectionAdmin admin, IOptions<ProjectionOptions> options) : IHealthCheck
{
    public const string Name = "projections";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = await admin.GetStatusesAsync(cancellationToken);
        var threshold = options.Value.LagDegradedThreshold;
        var data = statuses.ToDictionary(
            s => s.Name,
            s => (object)new Dictionary<string, object?>
            {
                ["kind"] = s.Kind,
                ["status"] = s.Status,
                ["position"] = s.Position,
                ["head"] = s.Head,
                ["lag"] = s.Lag,
                ["error"] = s.Error,
                ["failedPosition"] = s.FailedPosition,
            });

        var stopped = statuses.Where(s => s.Status == SubscriberStatus.Stopped).Select(s => $"{s.Name} at {s.FailedPosition}").ToList();
        if (stopped.Count > 0)
        {
            return HealthCheckResult.Unhealthy($"Stopped on a parked event: {string.Join(", ", stopped)}.", data: data);
        }

        var lagging = statuses.Where(s => s.Lag > threshold).Select(s => $"{s.Name} ({s.Lag})").ToList();
        if (lagging.Count > 0)
        {
            return HealthCheckResult.Degraded($"Lagging more than {threshold} positions: {string.Join(", ", lagging)}.", data: data);
        }

        return HealthCheckResult.Healthy($"{statuses.Count} projections and reactors up to date.", data);
    }
}
