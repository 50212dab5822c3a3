using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>Admin endpoints over <see cref="IProjectionAdmin"/>, for the office admin role (the Host defines the policy).</summary>
public static class ProjectionAdminEndpoints
{
    public const string Policy = Http.Auth.PlatformPolicies.PlatformOperator;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").RequireAuthorization(Policy).WithTags("Admin: projections");

        group.MapGet("/projections", async ([FromServices] IProjectionAdmin admin, CancellationToken ct) =>
                TypedResults.Ok(await admin.GetStatusesAsync(ct)))
            .WithName("ListProjections");

        group.MapGet("/dead-letters", async ([FromServices] IProjectionAdmin admin, string? status, CancellationToken ct) =>
                TypedResults.Ok(await admin.GetDeadLettersAsync(status, ct)))
            .WithName("ListDeadLetters");

        group.MapPost("/projections/{name}/retry", async (string name, [FromServices] IProjectionAdmin admin, CancellationToken ct) =>
                ToResult(await admin.RetryAsync(name, ct), name))
            .WithName("RetryProjection");

        group.MapPost("/projections/{name}/skip", async (string name, [FromServices] IProjectionAdmin admin, CancellationToken ct) =>
                ToResult(await admin.SkipAsync(name, ct), name))
            .WithName("SkipProjectionDeadLetter");

        group.MapPost("/projections/{name}/rebuild", async (string name, [FromServices] IProjectionAdmin admin, CancellationToken ct) =>
                ToResult(await admin.RebuildAsync(name, ct), name))
            .WithName("RebuildProjection");
    }

    private static Results<NoContent, ProblemHttpResult> ToResult(AdminOutcome outcome, string name) => outcome switch
    {
        AdminOutcome.Done => TypedResults.NoContent(),
        AdminOutcome.NotFound => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound, title: "Unknown projection", detail: $"No projection or reactor is named '{name}'."),
        _ => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, title: "Projection not stopped", detail: $"'{name}' is not stopped on a parked event."),
    };
}
