using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Offices.Details;

/// <summary>GET <c>/api/office</c>: the caller's office, folded from its stream; its ETag is the revision to send back in If-Match.</summary>
internal static class GetOfficeEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        OfficeApi.Group(app).MapGet("/", Handle)
            .RequireAuthorization("office-read").WithSummary("The caller's office; its ETag is the revision to send back in If-Match.");
    }

    internal static async Task<Ok<OfficeResponse>> Handle(ICallerContext caller, CommandHandler handler, HttpContext http, CancellationToken ct)
    {
        var loaded = await handler.LoadAsync(Office.Decider, Office.StreamId(caller.TenantId), caller.TenantId, mustExist: true, ct);
        http.Response.SetRevision(loaded.Revision);
        return TypedResults.Ok(OfficeApi.ToResponse(loaded.State, loaded.Revision));
    }
}
