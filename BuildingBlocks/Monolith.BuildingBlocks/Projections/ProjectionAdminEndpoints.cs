using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;

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

        group.MapGet("/dead-letters", async Task<Ok<Paged<DeadLetter>>> ([FromServices] IProjectionAdmin admin, string? status, int? page, int? pageSize,
                CancellationToken ct) =>
            {
                var letters = await admin.GetDeadLettersAsync(ListFilters.OneOf(status, "status", DeadLetterStatuses), ct);
                var (number, size, offset) = Paging.Of(page, pageSize);
                return TypedResults.Ok(new Paged<DeadLetter>([.. letters.Skip((int)Math.Min(offset, int.MaxValue)).Take(size)], number, size, letters.Count));
            })
            .WithName("ListDeadLetters").WithListFilter("status", DeadLetterStatuses)
            .WithSummary("Dead letters (paged, oldest first): the events a projection or reactor failed on; status parked, retried, skipped or rebuilt.");

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

    /// <summary>The values of <c>?status=</c> (see <see cref="DeadLetterStatus"/>); anything else is a 400.</summary>
    internal static readonly string[] DeadLetterStatuses = [DeadLetterStatus.Parked, DeadLetterStatus.Retried, DeadLetterStatus.Skipped, DeadLetterStatus.Rebuilt];

    private static Results<NoContent, ProblemHttpResult> ToResult(AdminOutcome outcome, string name) => outcome switch
    {
        AdminOutcome.Done => TypedResults.NoContent(),
        AdminOutcome.NotFound => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound, title: "Projection inconnue", detail: $"Aucune projection ni aucun réacteur ne s'appelle « {name} »."),
        _ => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, title: "Projection non arrêtée", detail: $"« {name} » n'est pas arrêtée sur un événement en attente."),
    };
}
