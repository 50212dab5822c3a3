using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Monolith.BuildingBlocks.Jobs;

/// <summary>Admin view of the scheduled jobs: their next and previous fire times, and "run now".</summary>
public static class JobAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/jobs").WithTags("Admin").RequireAuthorization(Http.Auth.PlatformPolicies.PlatformOperator);
        group.MapGet("/", async (IJobTrigger jobs, CancellationToken ct) => Results.Ok(await jobs.GetStatusAsync(ct)))
            .WithSummary("Scheduled jobs with their cron, time zone, next and previous fire times.");
        group.MapPost("/{name}/trigger", async (string name, IJobTrigger jobs, CancellationToken ct) =>
        {
            if (!jobs.Jobs.Any(j => string.Equals(j.JobName, name, StringComparison.Ordinal)))
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No scheduled job is named '{name}'.");
            }

            await jobs.TriggerAsync(name, ct);
            return Results.Accepted();
        }).WithSummary("Runs a job now (it is idempotent: work already done is not done twice).");
    }
}
