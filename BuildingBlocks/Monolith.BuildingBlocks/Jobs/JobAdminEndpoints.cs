using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Monolith.BuildingBlocks.Jobs;

/// <summary>Admin view of the scheduled jobs (next and last run), "run now" answering with the run, and the run itself. The Hangfire
/// Dashboard (<see cref="JobDashboard"/>) shows the same jobs with their history.</summary>
public static class JobAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/jobs").WithTags("Admin");
        group.MapGet("/", async (IJobTrigger jobs, CancellationToken ct) => TypedResults.Ok(await jobs.GetStatusAsync(ct)))
            .WithName("ListScheduledJobs")
            .RequireAuthorization(Http.Auth.PlatformPolicies.OfficeAdminOrOperator)
            .WithSummary("Scheduled jobs with their cron, time zone, next and last run (no run details: they span every office).");
        group.MapPost("/{name}/trigger", async Task<Results<Accepted<JobRun>, ProblemHttpResult>> (string name, IJobTrigger jobs, CancellationToken ct) =>
        {
            if (!jobs.Jobs.Any(j => string.Equals(j.JobName, name, StringComparison.OrdinalIgnoreCase)))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Tâche inconnue", detail: $"Aucune tâche planifiée ne s'appelle « {name} ».");
            }

            var run = await jobs.TriggerAsync(name, ct);
            return TypedResults.Accepted($"/api/admin/jobs/runs/{Uri.EscapeDataString(run.RunId)}", run);
        })
            .WithName("TriggerScheduledJob")
            .RequireAuthorization(Http.Auth.PlatformPolicies.PlatformOperator)
            .WithSummary("Runs a job now (it is idempotent: work already done is not done twice); answers with the run.");
        group.MapGet("/runs/{runId}", async Task<Results<Ok<JobRun>, ProblemHttpResult>> (string runId, IJobTrigger jobs, CancellationToken ct) =>
            await jobs.GetRunAsync(runId, ct) is { } run
                ? TypedResults.Ok(run)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Exécution inconnue", detail: $"Aucune exécution « {runId} »."))
            .WithName("GetScheduledJobRun")
            .RequireAuthorization(Http.Auth.PlatformPolicies.PlatformOperator)
            .WithSummary("A run of a scheduled job: its state (Enqueued, Processing, Succeeded, Failed...).");
    }
}
