using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Billing.Audit;

/// <summary>Audit API under <c>/api/audit</c> (accountants and administrators; the FEC export: accountants only).</summary>
internal static class AuditEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(PlatformPolicies.Accountant);

        group.MapGet("/streams/{streamId}", async (string streamId, ICallerContext caller, AuditService audit, CancellationToken ct) =>
            Results.Ok(await audit.ReplayStreamAsync(caller.TenantId, streamId, ct)))
            .WithSummary("Replay: the stream's events in order with position, time, user and data.");

        group.MapGet("/customers/{customerId}/account", async (string customerId, DateOnly asOf, ICallerContext caller, AuditService audit, CancellationToken ct) =>
            Results.Ok(await audit.AccountAsOfAsync(caller.TenantId, customerId, asOf, ct)))
            .WithSummary("The customer account as of the end of a past date, recomputed from the events (not from the read model).");

        group.MapGet("/verify", async (AuditService audit, CancellationToken ct) => Results.Ok(await audit.VerifyAsync(ct)))
            .WithSummary("Walks the hash chain: intact, or the first broken position.");

        group.MapGet("/fec", async (DateOnly from, DateOnly to, ICallerContext caller, AuditService audit, CancellationToken ct) =>
        {
            if (!caller.IsInRole(Roles.Accountant))
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only accountants may export the FEC.");
            }

            var fec = await audit.ExportFecAsync(caller.TenantId, from, to, ct);
            return Results.File(Encoding.UTF8.GetBytes(fec), "text/tab-separated-values; charset=utf-8", $"FEC-{caller.TenantId}-{from:yyyyMMdd}-{to:yyyyMMdd}.txt");
        }).WithSummary("FEC export (18 tab-separated columns) for a period, from invoice, credit-note, payment and refund events.");
    }
}
