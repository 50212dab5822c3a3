using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Bookings.Catalogue;

/// <summary>Staff change a catalogue service (If-Match: the ETag loaded). Quotes already issued keep the service as it was.</summary>
internal static class ChangeCatalogueService
{
    public static void Map(IEndpointRouteBuilder app) =>
        CatalogueRoutes.Staff(app).MapPut("/{serviceId}", Handle).RequireAuthorization("office-staff").Validate<CatalogueRoutes.ServiceRequest>().RequireIfMatch()
            .WithName("ChangeCatalogueService").WithSummary("Changes a catalogue service; quotes already issued keep what they copied.");

    internal static async Task<Ok<CatalogueServiceView>> Handle(
        string serviceId, CatalogueRoutes.ServiceRequest r, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct)
    {
        var result = await handler.HandleAsync(CatalogueService.Decider, CatalogueService.StreamId(serviceId), new ChangeService(r.ToDefinition(), time.GetUtcNow()),
            caller.ForRequest(http), CommandOptions.ExistingStream, ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Ok(CatalogueServiceView.From(result.State, result.Revision));
    }
}
