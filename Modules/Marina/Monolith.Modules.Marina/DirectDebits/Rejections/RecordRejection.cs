using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Marina.DirectDebits.Running;

namespace Monolith.Modules.Marina.DirectDebits.Rejections;

/// <summary>Staff: rejections and returns of debits — imported from the bank's pain.002.001.03 status report, or entered by hand (a
/// return announced on the bank statement). Each reopens the invoice's balance in billing and the office is e-mailed.</summary>
internal static class RecordRejection
{
    public sealed record RejectionRequest(string ReasonCode, string? Reason);

    public sealed record ImportResult(int Rejected, IReadOnlyList<string> Unknown);

    public sealed class Validator : AbstractValidator<RejectionRequest>
    {
        public Validator() =>
            RuleFor(r => r.ReasonCode).NotEmpty().Matches("^[A-Za-z0-9]{4}$").WithMessage("Code motif ISO 20022 à 4 caractères (ex. AM04, AC04, MD06).");
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/marina/direct-debits").WithTags("Marina — direct debits").RequireAuthorization("office-staff");

        group.MapPost("/{debitId}/rejection", async Task<NoContent> (string debitId, RejectionRequest request, ICallerContext caller, DirectDebitService debits,
            CancellationToken ct) =>
        {
            await debits.RejectAsync(caller.TenantId, debitId, request.ReasonCode, request.Reason, "manual", ct);
            return TypedResults.NoContent();
        }).Validate<RejectionRequest>().Idempotent().WithName("MarinaRecordDebitRejection")
          .WithSummary("Records a rejection or return of one debit by hand (ISO reason code); the invoice's balance is open again.");

        group.MapPost("/status-reports", async Task<Ok<ImportResult>> (HttpRequest http, ICallerContext caller, DirectDebitService debits, CancellationToken ct) =>
        {
            if (http.ContentLength is > 10_000_000)
            {
                throw new DomainRuleViolation("pain002.too-large", "Le rapport de la banque dépasse 10 Mo.");
            }

            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            var (rejected, unknown) = await debits.ImportStatusReportAsync(caller.TenantId, buffer, ct);
            return TypedResults.Ok(new ImportResult(rejected, unknown));
        }).Accepts<string>("application/xml").Idempotent().WithName("MarinaImportStatusReport")
          .WithSummary("Imports the bank's pain.002.001.03 status report (XML body): every rejected debit is recorded; unknown references are listed.");
    }
}
