using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Bookings.Catalogue;

/// <summary>Staff add a service to the catalogue (the office's own or a partner provider's).</summary>
internal static class AddCatalogueService
{
    public static void Map(IEndpointRouteBuilder app) =>
        CatalogueRoutes.Staff(app).MapPost("/", Handle).RequireAuthorization("office-staff").Validate<CatalogueRoutes.ServiceRequest>().Idempotent()
            .WithName("AddCatalogueService").WithSummary("Adds a service (own or a partner provider's) to the bookings catalogue.");

    internal static async Task<Created<CatalogueServiceView>> Handle(
        CatalogueRoutes.ServiceRequest r, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct)
    {
        var key = http.Request.Headers[Idempotency.HeaderName].ToString();
        var serviceId = "svc-" + (string.IsNullOrEmpty(key) ? Guid.NewGuid() : DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"bookings-service/{caller.TenantId}/{key}"))
            .ToString("N")[..12];
        var result = await handler.HandleAsync(CatalogueService.Decider, CatalogueService.StreamId(serviceId), new AddService(serviceId, r.ToDefinition(), time.GetUtcNow()),
            caller.ForRequest(http), ct: ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Created($"{CatalogueRoutes.Base}/{serviceId}", CatalogueServiceView.From(result.State, result.Revision));
    }
}
