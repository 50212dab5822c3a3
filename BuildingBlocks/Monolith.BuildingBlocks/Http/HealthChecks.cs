using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Http;

/// <summary>The database answers a query and can take the write lock.</summary>
public sealed class SqliteHealthCheck(SqliteConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            var journal = await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode;");
            return HealthCheckResult.Healthy("SQLite database reachable.", new Dictionary<string, object> { ["journalMode"] = journal ?? "" });
        }
#pragma warning disable CA1031 // a health check reports failures, it does not throw them
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("SQLite database unreachable.", exception);
        }
    }
}

/// <summary>Writes a health report as JSON: overall status, duration and each check with its status, description and data
/// (never exception details).</summary>
public static class HealthResponseWriter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>The whole report for a platform operator; only <c>{"status":"Healthy"}</c> for anyone else.</summary>
    public static async Task WriteForCallerAsync(HttpContext context, HealthReport report)
    {
        var operatorCaller = (await context.AuthenticateAsync(Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenDefaults.AuthenticationScheme))
            .Principal?.IsInRole(Tenancy.Roles.PlatformOperator) == true;
        if (operatorCaller)
        {
            await WriteAsync(context, report);
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }, Options), context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                tags = e.Value.Tags,
                data = e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Options), context.RequestAborted);
    }
}
