using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Projections.Migrations;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>Runs before any projection or reactor reads the log: creates the platform checkpoint and dead-letter tables, checks
/// that projection and reactor names are unique, applies the modules' read-model migrations (fail fast on an edited script: the
/// host does not start), registers a checkpoint row per subscriber, then opens <see cref="PlatformStartupGate"/>.
/// <para>Order: <c>AddProjections()</c> registers it before <see cref="ProjectionRunner"/> and <see cref="ReactorRunner"/>;
/// hosted services start in registration order and this one completes its work inside <c>StartAsync</c>. The runners also wait on
/// the gate, so they stay correct even if another registration order starts them first.</para></summary>
public sealed class PlatformStartup(
    ProjectionCheckpointStore checkpoints,
    IEnumerable<ModuleMigrations> migrations,
    IEnumerable<IProjection> projections,
    IEnumerable<IReactor> reactors,
    PlatformStartupGate gate,
    TimeProvider timeProvider,
    ILogger<PlatformStartup> logger,
    Audit.LogIntegrityCheck? integrityCheck = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var names = projections.Select(p => (p.Name, Kind: SubscriberKinds.Projection))
                .Concat(reactors.Select(r => (r.Name, Kind: SubscriberKinds.Reactor)))
                .ToList();
            var duplicates = names.GroupBy(n => n.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0)
            {
                throw new InvalidOperationException($"Projection and reactor names must be unique; duplicated: {string.Join(", ", duplicates)}.");
            }

            await checkpoints.EnsureSchemaAsync(cancellationToken);
            var placement = checkpoints.Placement;
            foreach (var byDatabase in migrations.GroupBy(m => placement.ForModule(m.Module)))
            {
                await MigrationRunner.RunAsync(byDatabase.Key, byDatabase.SelectMany(MigrationRunner.LoadScripts).ToList(), timeProvider, logger, cancellationToken);
            }

            foreach (var (name, kind) in names)
            {
                await checkpoints.EnsureRegisteredAsync(name, kind, cancellationToken);
            }

            // Before any projection, reactor or job runs: a log that went backwards raises the alarm (writes refused, ADR 0021).
            if (integrityCheck is not null)
            {
                await integrityCheck.RunAsync(cancellationToken);
            }

            gate.Open();
        }
        catch (Exception ex)
        {
            gate.Fail(ex);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
