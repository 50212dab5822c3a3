using System.Security.Cryptography;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Marina.BerthContracts.Details;
using Monolith.Modules.Marina.Portal;

namespace Monolith.Modules.Marina.BerthContracts.Signing;

/// <summary>The holder's online signature (seed: "Accepter les 3 étapes obligatoires"): download the PDF (its SHA-256 is recorded and
/// sent back in <c>X-Content-SHA256</c>), then accept steps 1, 2, 3 in order; then download the signed copy ("Contrat signé le … à …").
/// Staff print the contract without it counting as the holder's download.</summary>
internal static class SignContract
{
    public const string HashHeader = "X-Content-SHA256";

    /// <summary><paramref name="Accept"/> must be true; <paramref name="PdfSha256"/>: the hash of the PDF the holder has (optional: the
    /// last one they downloaded of this version).</summary>
    public sealed record AcceptStepRequest(bool Accept, string? PdfSha256);

    public sealed class Validator : AbstractValidator<AcceptStepRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Accept).Equal(true).WithMessage("Cochez la déclaration pour valider l'étape.");
            RuleFor(r => r.PdfSha256).Matches("^[0-9a-fA-F]{64}$").When(r => r.PdfSha256 is not null).WithMessage("Empreinte SHA-256 : 64 caractères hexadécimaux.");
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var portal = app.MapGroup("/api/marina/portal/contracts").WithTags("Marina — holder portal").RequireAuthorization("customer");

        portal.MapGet("/{contractId}/pdf", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string contractId, ICallerContext caller, HttpContext http,
            ContractDocument documents, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var loaded = await documents.LoadAsync(caller.TenantId, contractId, PortalCaller.HolderId(caller), ct);
            if (!documents.PdfAvailable)
            {
                return Unavailable();
            }

            var pdf = await documents.PdfAsync(await documents.HtmlAsync(caller.TenantId, loaded, signedCopy: false, ct), ct);
            var hash = Convert.ToHexStringLower(SHA256.HashData(pdf));
            await handler.HandleAsync(BerthContract.For(caller.TenantId), BerthContract.StreamId(contractId), new RecordPdfDownload(hash, caller.UserId, time.GetUtcNow()),
                caller.ForRequest(http) with { Expected = null }, CommandOptions.ExistingStream, ct);
            http.Response.Headers[HashHeader] = hash;
            return TypedResults.File(pdf, "application/pdf", $"contrat-{loaded.Contract.State.Season!.Year}-{contractId}.pdf");
        }).WithName("MarinaPortalContractPdf")
          .WithSummary("Downloads the contract as PDF (records the download and its SHA-256, sent back in X-Content-SHA256); 503 without PDF printing.");

        portal.MapPost("/{contractId}/signature-steps/{step:int}", async Task<Ok<ContractView>> (string contractId, int step, AcceptStepRequest request,
            ICallerContext caller, HttpContext http, ContractDocument documents, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            await documents.LoadAsync(caller.TenantId, contractId, PortalCaller.HolderId(caller), ct);
            var result = await handler.HandleAsync(BerthContract.For(caller.TenantId), BerthContract.StreamId(contractId),
                new AcceptSignatureStep(step, caller.UserId, request.PdfSha256?.ToLowerInvariant(), time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            http.Response.SetRevision(result.Revision);
            return TypedResults.Ok(ContractView.From(result.State, caller.TenantId));
        }).Validate<AcceptStepRequest>().Idempotent().WithName("MarinaPortalAcceptSignatureStep")
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithSummary("Accepts signature step 1, 2 or 3, in order (409 signature.out-of-order otherwise); step 1 needs the PDF downloaded; step 3 signs.");

        portal.MapGet("/{contractId}/signed-copy", (string contractId, string? format, ICallerContext caller, ContractDocument documents, CancellationToken ct) =>
                SignedCopyAsync(contractId, PortalCaller.HolderId(caller), format, caller, documents, ct))
            .WithName("MarinaPortalSignedCopy").WithSummary("The signed copy (PDF; ?format=html for HTML) with \"Contrat signé le dd/MM/yyyy à HH:mm\".");

        var staff = app.MapGroup("/api/marina/contracts").WithTags("Marina — contracts").RequireAuthorization("office-read");
        staff.MapGet("/{contractId}/pdf", async Task<Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> (string contractId, string? format,
            ICallerContext caller, ContractDocument documents, CancellationToken ct) =>
        {
            var loaded = await documents.LoadAsync(caller.TenantId, contractId, null, ct);
            var html = await documents.HtmlAsync(caller.TenantId, loaded, signedCopy: false, ct);
            if (format == "html")
            {
                return TypedResults.Content(html, "text/html; charset=utf-8");
            }

            return documents.PdfAvailable
                ? TypedResults.File(await documents.PdfAsync(html, ct), "application/pdf", $"contrat-{contractId}.pdf")
                : Unavailable();
        }).WithName("MarinaContractPdf").WithSummary("Staff print of the contract (PDF, or ?format=html).");

        staff.MapGet("/{contractId}/signed-copy", (string contractId, string? format, ICallerContext caller, ContractDocument documents, CancellationToken ct) =>
                SignedCopyAsync(contractId, null, format, caller, documents, ct))
            .WithName("MarinaSignedCopy").WithSummary("The signed copy kept at the port (PDF, or ?format=html).");
    }

    private static async Task<Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> SignedCopyAsync(
        string contractId, string? holderId, string? format, ICallerContext caller, ContractDocument documents, CancellationToken ct)
    {
        var loaded = await documents.LoadAsync(caller.TenantId, contractId, holderId, ct);
        if (loaded.Contract.State.Status != ContractStatus.Signed)
        {
            throw new DomainRuleViolation("contract.not-signed", "Le contrat n'est pas encore signé : validez les trois étapes de la signature.", isConflict: true);
        }

        var html = await documents.HtmlAsync(caller.TenantId, loaded, signedCopy: true, ct);
        if (format == "html")
        {
            return TypedResults.Content(html, "text/html; charset=utf-8");
        }

        return documents.PdfAvailable
            ? TypedResults.File(await documents.PdfAsync(html, ct), "application/pdf", $"contrat-signe-{contractId}.pdf")
            : Unavailable();
    }

    private static ProblemHttpResult Unavailable() => TypedResults.Problem(
        "L'impression PDF n'est pas disponible sur ce serveur (chromium n'est pas installé) ; le contrat reste consultable en HTML.",
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF indisponible", type: "urn:monolith:problem:pdf-unavailable");
}
