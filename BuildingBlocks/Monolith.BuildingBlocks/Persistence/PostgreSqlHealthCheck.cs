using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Monolith.BuildingBlocks.Persistence;

/// <summary>Readiness of the PostgreSQL server when it is the engine (<c>Data:Engine=postgresql</c>); with SQLite it reports healthy
/// and says it is not used.</summary>
public sealed class PostgreSqlHealthCheck(DatabaseSettings settings, IServiceProvider services) : IHealthCheck
{
    public const string Name = "postgresql";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (settings.Engine != DatabaseEngine.PostgreSql)
        {
            return HealthCheckResult.Healthy("Not used: the engine is SQLite.");
        }

        try
        {
            var connections = services.GetRequiredService<PostgreSqlConnectionFactory>();
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT current_setting('server_version')", connection);
            var version = (string?)await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL reachable.", new Dictionary<string, object>
            {
                ["serverVersion"] = version ?? "",
                ["schema"] = connections.Schema,
            });
        }
#pragma warning disable CA1031 // a health check reports failures, it does not throw them
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("PostgreSQL unreachable.", exception);
        }
    }
}
