using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Lists;

/// <summary>A credit note (cents of <see cref="Currency"/>) and the invoice it credits; <see cref="Disposition"/> <c>refund</c> or
/// <c>keepAsCredit</c>.</summary>
internal sealed record CreditNoteListItem(
    string CreditNoteId, string DocumentId, string Number, DateOnly IssueDate, string CustomerId, string? CustomerName, string InvoiceId,
    string? InvoiceNumber, long TotalTtc, string? Reason, string? Disposition)
{
    public string Currency => "EUR";
}

/// <summary>GET <c>/api/billing/credit-notes</c>: the office's credit notes (customer, issue dates, search by number or customer; CSV).</summary>
internal static class ListCreditNotesEndpoint
{
    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["issueDate"] = "c.issue_date",
        ["number"] = DocumentSeries.CreditNotes.SortKey("c.number"),
        ["total"] = "c.total_ttc",
        ["customer"] = "COALESCE(d.search_text, '')",
    };

    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/credit-notes", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeRead).WithName("ListCreditNotes").WithCsvExport().WithListSort(Sorts, "-issueDate,-number")
            .WithSummary("The office's credit notes with the customer's name and the invoice credited (paged, filters, search, sort, CSV).");

    internal static async Task<Results<Ok<Paged<CreditNoteListItem>>, FileContentHttpResult>> HandleAsync(
        string? customerId, string? invoiceId, DateOnly? from, DateOnly? to, string? q, string? sort, int? page, int? pageSize, string? format,
        ICallerContext caller, HttpContext http, IReadModelDatabase connections, IOfficeCalendars calendars, CancellationToken ct)
    {
        ListFilters.Range(from, to);
        var pattern = ListSearch.Pattern(q);
        var orderBy = ListSort.OrderBy(sort, Sorts, "-issueDate,-number", "c.credit_note_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<Row>(
            connection,
            """
            c.credit_note_id AS CreditNoteId, c.document_id AS DocumentId, c.number AS Number, c.issue_date AS IssueDate, c.customer_id AS CustomerId,
            d.customer_name AS CustomerName, c.invoice_id AS InvoiceId, n.invoice_number AS InvoiceNumber, c.total_ttc AS TotalTtc, n.reason AS Reason,
            n.disposition AS Disposition
            """,
            """
            FROM billing_credit_notes c
              LEFT JOIN billing_document_customers d ON d.office_id = c.office_id AND d.document_id = c.credit_note_id
              LEFT JOIN billing_credit_note_details n ON n.office_id = c.office_id AND n.credit_note_id = c.credit_note_id
            WHERE c.office_id = @office AND (@customerId IS NULL OR c.customer_id = @customerId) AND (@invoiceId IS NULL OR c.invoice_id = @invoiceId)
              AND (@from IS NULL OR c.issue_date >= @from) AND (@to IS NULL OR c.issue_date <= @to)
              AND (@q IS NULL OR d.search_text LIKE @q ESCAPE '\' OR LOWER(c.number) LIKE @q ESCAPE '\' OR LOWER(n.invoice_number) LIKE @q ESCAPE '\')
            """,
            orderBy,
            new
            {
                office = caller.TenantId,
                customerId = ListFilters.Text(customerId),
                invoiceId = ListFilters.Text(invoiceId),
                from = ListFilters.Day(from),
                to = ListFilters.Day(to),
                q = pattern,
            },
            page,
            pageSize,
            csv);
        var items = rows.Map(r => new CreditNoteListItem(
            r.CreditNoteId, r.DocumentId, r.Number, DateOnly.ParseExact(r.IssueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture), r.CustomerId, r.CustomerName,
            r.InvoiceId, r.InvoiceNumber, r.TotalTtc, r.Reason, r.Disposition));
        if (csv)
        {
            var today = (await calendars.ForAsync(caller.TenantId, ct)).Today;
            return CsvExport.File(items.Items, CsvColumns, $"avoirs-{today:yyyy-MM-dd}");
        }

        return TypedResults.Ok(items);
    }

    private static readonly IReadOnlyList<CsvColumn<CreditNoteListItem>> CsvColumns =
    [
        CsvColumn<CreditNoteListItem>.Text("Numéro", r => r.Number),
        CsvColumn<CreditNoteListItem>.Date("Date", r => r.IssueDate),
        CsvColumn<CreditNoteListItem>.Text("Client", r => r.CustomerName),
        CsvColumn<CreditNoteListItem>.Text("N° client", r => r.CustomerId),
        CsvColumn<CreditNoteListItem>.Text("Facture", r => r.InvoiceNumber),
        CsvColumn<CreditNoteListItem>.Euros("Total TTC (€)", r => r.TotalTtc),
        CsvColumn<CreditNoteListItem>.Text("Motif", r => r.Reason),
        CsvColumn<CreditNoteListItem>.Text("Traitement", r => r.Disposition switch { "refund" => "Remboursement", "keepAsCredit" => "Avoir conservé", _ => r.Disposition }),
    ];

    private sealed record Row(
        string CreditNoteId, string DocumentId, string Number, string IssueDate, string CustomerId, string? CustomerName, string InvoiceId, string? InvoiceNumber,
        long TotalTtc, string? Reason, string? Disposition);
}
