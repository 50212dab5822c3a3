using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Bookings.Catalogue;

/// <summary>Staff withdraw a service from the catalogue: new quotes can no longer name it (<c>quote.service-withdrawn</c>); issued
/// quotes and bookings keep it.</summary>
internal static class WithdrawCatalogueService
{
    public static void Map(IEndpointRouteBuilder app) =>
        CatalogueRoutes.Staff(app).MapPost("/{serviceId}/withdrawal", Handle).RequireAuthorization("office-staff").Idempotent()
            .WithName("WithdrawCatalogueService").WithSummary("Withdraws a service from the catalogue (new quotes can no longer use it).");

    internal static async Task<Ok<CatalogueServiceView>> Handle(string serviceId, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time,
        CancellationToken ct)
    {
        var result = await handler.HandleAsync(CatalogueService.Decider, CatalogueService.StreamId(serviceId), new WithdrawService(time.GetUtcNow()),
            caller.ForRequest(http), CommandOptions.ExistingStream, ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Ok(CatalogueServiceView.From(result.State, result.Revision));
    }
}
