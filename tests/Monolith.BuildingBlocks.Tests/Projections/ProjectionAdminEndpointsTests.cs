using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.BuildingBlocks.Tests.Projections;

public sealed class ProjectionAdminEndpointsTests
{
    [Fact]
    public async Task The_admin_routes_are_mapped_and_all_require_the_office_admin_policy()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();

        ProjectionAdminEndpoints.Map(app);

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        endpoints.Select(e => $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)} {e.RoutePattern.RawText}")
            .Should().BeEquivalentTo(
                "GET /api/admin/projections",
                "GET /api/admin/dead-letters",
                "POST /api/admin/projections/{name}/retry",
                "POST /api/admin/projections/{name}/skip",
                "POST /api/admin/projections/{name}/rebuild");
        endpoints.Should().OnlyContain(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == "platform-operator"));
    }
}
