using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Ticketing.Admissions.Scanning;

/// <summary>An offline scanner's batch, uploaded when it is back online. Scans are applied in scan-time order; for each ticket the
/// earliest scan wins, even if a later one was recorded online before the batch arrived (that one is then reported as the
/// duplicate). Re-uploading the same batch changes nothing.</summary>
internal static class UploadOfflineScans
{
    public sealed record OfflineScan(string Token, DateTimeOffset ScannedAt);

    public sealed record BatchRequest(string SessionId, string Gate, IReadOnlyList<OfflineScan> Scans);

    public sealed class Validator : AbstractValidator<BatchRequest>
    {
        public Validator()
        {
            RuleFor(r => r.SessionId).NotEmpty().MaximumLength(60);
            RuleFor(r => r.Gate).NotEmpty().MaximumLength(60);
            RuleFor(r => r.Scans).NotEmpty().Must(s => s.Count <= 5000);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/ticketing/scans/batches", HandleAsync).RequireAuthorization(PlatformPolicies.Scanner).Validate<BatchRequest>().Idempotent()
            .WithTags("Ticketing — entrance").WithName("UploadOfflineScans")
            .WithSummary("Uploads an offline scanner's scans; the first scan by scan time wins.");

    internal static async Task<Ok<IReadOnlyList<ScanTicketEndpoint.ScanResult>>> HandleAsync(BatchRequest body, HttpContext http, ICallerContext caller, CancellationToken ct)
    {
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var results = new List<ScanTicketEndpoint.ScanResult>();
        foreach (var scan in body.Scans.OrderBy(s => s.ScannedAt))
        {
            results.Add(await ScanTicketEndpoint.ScanAsync(http.RequestServices, caller,
                new ScanTicketEndpoint.ScanRequest(scan.Token, body.SessionId, body.Gate), scan.ScannedAt, offline: true, now, ct));
        }

        return TypedResults.Ok<IReadOnlyList<ScanTicketEndpoint.ScanResult>>(results);
    }
}
