using Microsoft.Extensions.DependencyInjection;

namespace Monolith.BuildingBlocks.Jobs;

/// <summary>Runs a <see cref="ScheduledJob"/>'s logic inline, in its own DI scope, without the scheduler or the clock: for tests
/// and for an admin "run as of" action. Same idempotency rules apply: it is just another fire.</summary>
public sealed class JobRunner(IServiceScopeFactory scopeFactory, TimeProvider timeProvider)
{
    /// <summary>Runs <typeparamref name="TJob"/> as of <paramref name="asOf"/> (default: the <see cref="TimeProvider"/>'s now).</summary>
    public Task RunAsync<TJob>(DateTimeOffset? asOf = null, CancellationToken ct = default)
        where TJob : ScheduledJob => RunAsync(typeof(TJob), asOf, ct);

    public async Task RunAsync(Type jobType, DateTimeOffset? asOf = null, CancellationToken ct = default)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService(jobType) as ScheduledJob
            ?? throw new InvalidOperationException($"{jobType.Name} does not derive from {nameof(ScheduledJob)}; only those can run inline.");
        await job.RunAtAsync(asOf ?? timeProvider.GetUtcNow(), ct);
    }
}
