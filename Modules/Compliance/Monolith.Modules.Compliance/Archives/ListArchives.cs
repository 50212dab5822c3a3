using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Compliance.Archives;

internal sealed record ArchivePage(IReadOnlyList<ArchiveInfo> Items, int Total, int Offset, int Limit);

/// <summary>GET <c>/api/compliance/archives</c>: the office's stored archives, oldest period first (paged).</summary>
internal static class ListArchivesEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/compliance").WithTags("Compliance").MapGet("/archives", Handle)
            .RequireAuthorization(PlatformPolicies.Accountant).WithName("ListArchives").WithSummary("The office's signed archives (paged).");

    internal static Ok<ArchivePage> Handle(ICallerContext caller, OfficeArchives archives, int? offset, int? limit)
    {
        var all = archives.List(caller.TenantId);
        var skip = Math.Max(0, offset ?? 0);
        var take = Math.Clamp(limit ?? 50, 1, 200);
        return TypedResults.Ok(new ArchivePage([.. all.Skip(skip).Take(take)], all.Count, skip, take));
    }
}
