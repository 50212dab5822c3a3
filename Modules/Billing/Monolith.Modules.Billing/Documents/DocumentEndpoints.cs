using System.Text;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Pdf;

namespace Monolith.Modules.Billing.Documents;

/// <summary><c>POST /api/billing/documents/{kind}/html|pdf</c>: renders a quote, order form or delivery note from the request body (a
/// preview for staff; selling modules call <see cref="IBillingDocuments"/> directly).</summary>
internal static class DocumentEndpoints
{
    public sealed class BillingDocumentValidator : AbstractValidator<BillingDocumentRequest>
    {
        public BillingDocumentValidator()
        {
            RuleFor(r => r.Reference).NotEmpty().MaximumLength(100);
            RuleFor(r => r.SourceModule).NotEmpty().MaximumLength(50);
            RuleFor(r => r.SourceReference).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Customer).NotNull();
            RuleFor(r => r.Customer.CustomerId).NotEmpty().MaximumLength(100).When(r => r.Customer is not null);
            RuleFor(r => r.Customer.Name).NotEmpty().MaximumLength(200).When(r => r.Customer is not null);
            RuleFor(r => r.Customer.Address).NotNull().When(r => r.Customer is not null);
            RuleFor(r => r.Lines).NotEmpty();
            RuleForEach(r => r.Lines).ChildRules(line =>
            {
                line.RuleFor(l => l.Label).NotEmpty().MaximumLength(300);
                line.RuleFor(l => l.Quantity).GreaterThan(0);
            });
            RuleFor(r => r.Deposit).GreaterThan(0).When(r => r.Deposit is not null);
            RuleFor(r => r.Notes).MaximumLength(2000);
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/billing/documents").WithTags("Billing documents");

        group.MapPost("/{kind}/html", async (string kind, BillingDocumentRequest request, ICallerContext caller, IBillingDocuments documents, CancellationToken ct) =>
        {
            var rendered = await documents.RenderHtmlAsync(caller.TenantId, request with { Kind = ParseKind(kind) }, ct);
            return Results.Content(rendered.Html, "text/html; charset=utf-8", Encoding.UTF8);
        }).RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<BillingDocumentRequest>()
          .WithSummary("Renders a quote (quote), order form (order-form) or delivery note (delivery-note) as French HTML. Not stored, not numbered.");

        group.MapPost("/{kind}/pdf", async (string kind, BillingDocumentRequest request, ICallerContext caller, IBillingDocuments documents, CancellationToken ct) =>
        {
            var printed = await documents.RenderPdfAsync(caller.TenantId, request with { Kind = ParseKind(kind) }, ct);
            return printed.Pdf is { } pdf
                ? Results.File(pdf, "application/pdf", $"{printed.Document.FileName}.pdf")
                : Results.Problem(
                    detail: $"{BillingProblems.PdfUnavailable}. The HTML is at /api/billing/documents/{kind}/html.",
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "PDF rendering is not available",
                    type: "https://monolith.example/problems/billing/pdf-unavailable");
        }).RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<BillingDocumentRequest>()
          .WithSummary("The same document as PDF (headless chromium; 503 when chromium is not installed).");
    }

    private static BillingDocumentKind ParseKind(string kind) =>
        CommercialDocuments.TryParseCode(kind, out var parsed)
            ? parsed
            : throw new NotFoundException($"Unknown document kind '{kind}': quote, order-form or delivery-note.");
}
