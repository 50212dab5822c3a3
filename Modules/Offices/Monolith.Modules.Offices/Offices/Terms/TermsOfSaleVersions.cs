using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Offices.Terms;

internal static class TermsOfSaleApi
{
    public static RouteGroupBuilder Group(IEndpointRouteBuilder app) => app.MapGroup("/api/office/terms-of-sale").WithTags("Office");
}

/// <summary>GET <c>/api/office/terms-of-sale</c>, <c>/{version}</c> and <c>/in-force</c>: the published versions, from the office's stream.</summary>
internal static class TermsOfSaleVersionsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = TermsOfSaleApi.Group(app);
        group.MapGet("/", List).RequireAuthorization("office-read").WithSummary("Every published version, oldest first.");
        group.MapGet("/{version:int}", Get).RequireAuthorization("office-read");
        group.MapGet("/in-force", InForce)
            .RequireAuthorization("office-read").WithSummary("The version in force on a date (default: today in the office's time zone).");
    }

    internal static async Task<Ok<IReadOnlyList<TermsOfSaleVersion>>> List(ICallerContext caller, OfficeDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.ListTermsAsync(caller.TenantId, ct));

    internal static async Task<Ok<TermsOfSaleVersion>> Get(int version, ICallerContext caller, OfficeDirectory directory, CancellationToken ct) =>
        await directory.GetTermsVersionAsync(caller.TenantId, version, ct) is { } terms
            ? TypedResults.Ok(terms)
            : throw new NotFoundException($"The office has no version {version} of its terms of sale.");

    internal static async Task<Ok<TermsOfSaleVersion>> InForce(
        DateOnly? on, ICallerContext caller, OfficeDirectory directory, IOfficeCalendars calendars, CancellationToken ct)
    {
        var day = on ?? (await calendars.ForAsync(caller.TenantId, ct)).Today;
        return await directory.GetTermsInForceAsync(caller.TenantId, day, ct) is { } terms
            ? TypedResults.Ok(terms)
            : throw new NotFoundException($"No terms of sale are in force on {day:dd/MM/yyyy}.");
    }
}
