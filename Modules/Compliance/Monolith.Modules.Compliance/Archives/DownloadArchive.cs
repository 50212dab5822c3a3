using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Compliance.Archives;

/// <summary>GET <c>/api/compliance/archives/{name}</c>: the zip, as stored (404 for another office's or an unknown name).</summary>
internal static class DownloadArchiveEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/compliance").WithTags("Compliance").MapGet("/archives/{name}", Handle)
            .RequireAuthorization(PlatformPolicies.Accountant).WithName("DownloadArchive").WithSummary("Downloads one of the office's archives (zip).");

    internal static Results<PhysicalFileHttpResult, NotFound> Handle(string name, ICallerContext caller, OfficeArchives archives) =>
        archives.Find(caller.TenantId, name) is { } path
            ? TypedResults.PhysicalFile(path, "application/zip", name)
            : TypedResults.NotFound();
}
