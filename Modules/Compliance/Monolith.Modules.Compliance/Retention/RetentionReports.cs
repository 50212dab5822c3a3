using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Compliance.Retention;

internal sealed record ComplianceRecords(int Year, IReadOnlyList<RetentionApplied> Retention, IReadOnlyList<ArchiveCreated> Archives);

/// <summary>GET <c>/api/compliance/records?year=</c>: what the compliance jobs did for the office in a year (office calendar; default
/// this year): the retention reports and the archives built.</summary>
internal static class RetentionReportsEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/compliance").WithTags("Compliance").MapGet("/records", HandleAsync)
            .RequireAuthorization(PlatformPolicies.Accountant).WithName("ListComplianceRecords")
            .WithSummary("The retention reports and archive records of a year.");

    internal static async Task<Results<Ok<ComplianceRecords>, ProblemHttpResult>> HandleAsync(
        int? year, ICallerContext caller, ComplianceRegister register, IOfficeCalendars calendars, CancellationToken ct)
    {
        if (year is < 2000 or > 2999)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Année invalide", detail: "L'année doit être comprise entre 2000 et 2999.");
        }

        var y = year ?? (await calendars.ForAsync(caller.TenantId, ct)).Today.Year;
        return TypedResults.Ok(new ComplianceRecords(
            y, await register.ReadAsync<RetentionApplied>(caller.TenantId, y, ct), await register.ReadAsync<ArchiveCreated>(caller.TenantId, y, ct)));
    }
}
