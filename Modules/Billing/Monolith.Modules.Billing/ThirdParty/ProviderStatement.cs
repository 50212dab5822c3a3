using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Pdf;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.ThirdParty;

/// <summary>The providers the office collects for (<c>GET /api/billing/third-party/providers</c>, paged) and a provider's payout statement
/// for a period (<c>GET …/providers/{providerId}/statement?from=&amp;to=</c>, lines paged; <c>/statement/html</c> and <c>/statement/pdf</c>:
/// the French document with every line). Office users (staff, admin, accountant).</summary>
internal static class ProviderStatementEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = BillingAccess.Api(app).MapGroup("/third-party/providers").RequireAuthorization(PlatformPolicies.OfficeRead);
        group.MapGet("/", ListAsync).WithName("ListThirdPartyProviders")
            .WithSummary("The partner providers the office collects third-party funds for, with what each is owed (paged).");
        group.MapGet("/{providerId}/statement", StatementAsync).WithName("GetThirdPartyStatement")
            .WithSummary("A provider's payout statement for a period: owed at the start, collected, credited, paid out, owed at the end; lines paged.");
        group.MapGet("/{providerId}/statement/html", HtmlAsync).WithName("GetThirdPartyStatementHtml")
            .WithSummary("A provider's payout statement as a French HTML document.");
        group.MapGet("/{providerId}/statement/pdf", PdfAsync).WithName("GetThirdPartyStatementPdf")
            .WithSummary("A provider's payout statement as PDF (printed by headless chromium; 503 when it is not installed).");
    }

    internal static async Task<Ok<Paged<ThirdPartyProviderBalance>>> ListAsync(int? page, int? pageSize, ICallerContext caller, ThirdPartyLedger ledger, CancellationToken ct) =>
        TypedResults.Ok(await ledger.ProvidersAsync(caller.TenantId, page, pageSize, ct));

    internal static async Task<Results<Ok<ThirdPartyStatement>, NotFound, ProblemHttpResult>> StatementAsync(
        string providerId, DateOnly from, DateOnly to, int? page, int? pageSize, ICallerContext caller, ThirdPartyLedger ledger, CancellationToken ct)
    {
        if (from > to)
        {
            return InvalidPeriod();
        }

        return await ledger.StatementAsync(caller.TenantId, providerId, from, to, page, pageSize, ct: ct) is { } statement
            ? TypedResults.Ok(statement)
            : UnknownProvider();
    }

    internal static async Task<Results<ContentHttpResult, NotFound, ProblemHttpResult>> HtmlAsync(
        string providerId, DateOnly from, DateOnly to, ICallerContext caller, ThirdPartyLedger ledger, BillingOffices offices, IDocumentRenderer renderer,
        TimeProvider time, CancellationToken ct)
    {
        if (from > to)
        {
            return InvalidPeriod();
        }

        return await RenderAsync(caller.TenantId, providerId, from, to, ledger, offices, renderer, time, ct) is { } html
            ? TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8)
            : UnknownProvider();
    }

    internal static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> PdfAsync(
        string providerId, DateOnly from, DateOnly to, ICallerContext caller, ThirdPartyLedger ledger, BillingOffices offices, IDocumentRenderer renderer,
        ChromiumPdfPrinter pdf, TimeProvider time, CancellationToken ct)
    {
        if (from > to)
        {
            return InvalidPeriod();
        }

        if (await RenderAsync(caller.TenantId, providerId, from, to, ledger, offices, renderer, time, ct) is not { } html)
        {
            return UnknownProvider();
        }

        if (!pdf.IsAvailable)
        {
            return TypedResults.Problem(
                detail: $"{BillingProblems.PdfUnavailable}. The HTML is at /api/billing/third-party/providers/{providerId}/statement/html.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "PDF rendering is not available",
                type: "https://monolith.example/problems/billing/pdf-unavailable");
        }

        var name = $"releve-reversement-{Safe(providerId)}-{from:yyyyMMdd}-{to:yyyyMMdd}.pdf";
        return TypedResults.File(await pdf.PrintAsync(html, ct), "application/pdf", name);
    }

    private static async Task<string?> RenderAsync(
        string officeId, string providerId, DateOnly from, DateOnly to, ThirdPartyLedger ledger, BillingOffices offices, IDocumentRenderer renderer, TimeProvider time,
        CancellationToken ct)
    {
        if (await ledger.StatementAsync(officeId, providerId, from, to, null, null, all: true, ct: ct) is not { } statement)
        {
            return null;
        }

        var office = await offices.RequireSellerAsync(officeId, ct);
        var today = OfficeCalendar.DateOf(time.GetUtcNow(), office.TimeZone);
        return await renderer.RenderHtmlAsync("billing.third-party-statement", ThirdPartyStatementModel.Of(office.Legal!, statement, today), ct);
    }

    private static ProblemHttpResult InvalidPeriod() =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Période invalide", detail: "La date de début doit précéder la date de fin.");

    /// <summary>No sum was ever collected for this provider in the office (or it is another office's).</summary>
    private static NotFound UnknownProvider() => TypedResults.NotFound();

    private static string Safe(string id) => new([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')]);
}

/// <summary>The French payout statement ("Relevé de reversement") the template reads: amounts formatted in code.</summary>
internal sealed record ThirdPartyStatementModel(
    string Title,
    LegalIdentity Seller,
    string ProviderName,
    string? ProviderSiren,
    string ProviderId,
    string From,
    string To,
    string IssuedOn,
    string OpeningBalance,
    string Collected,
    string Credited,
    string PaidOut,
    string Owed,
    IReadOnlyList<ThirdPartyStatementLineModel> Lines)
{
    public static ThirdPartyStatementModel Of(LegalIdentity seller, ThirdPartyStatement s, DateOnly today) => new(
        "Relevé de reversement",
        seller,
        s.Name,
        s.Siren,
        s.ProviderId,
        Day(s.From),
        Day(s.To),
        Day(today),
        Euros.Format(s.OpeningBalance),
        Euros.Format(s.Collected),
        Euros.Format(s.Credited),
        Euros.Format(s.PaidOut),
        Euros.Format(s.Owed),
        [.. s.Lines.Items.Select(l => new ThirdPartyStatementLineModel(
            Day(l.Date),
            l.Kind switch { "invoice" => "Facture", "credit-note" => "Avoir", _ => "Reversement" },
            l.Number,
            l.Label,
            l.Quantity,
            Euros.Format(l.Amount)))]);

    private static string Day(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}

internal sealed record ThirdPartyStatementLineModel(string Date, string Kind, string Number, string Label, int Quantity, string Amount);
