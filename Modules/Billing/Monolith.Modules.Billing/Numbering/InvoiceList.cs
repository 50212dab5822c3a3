using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Numbering;

/// <summary>One invoice of the list: amounts in cents of <see cref="Currency"/>; <see cref="Status"/> <c>open</c>, <c>overdue</c> (open and
/// past its due date in the office's calendar) or <c>paid</c>.</summary>
internal sealed record InvoiceListItem(
    string InvoiceId,
    string Number,
    string CustomerId,
    DateOnly IssueDate,
    DateOnly DueDate,
    string Label,
    long TotalTtc,
    long Settled,
    long Balance,
    string SourceModule,
    string SourceReference,
    string? CustomerName = null,
    string? Status = null)
{
    public string Currency => "EUR";
}

internal enum InvoiceStatusFilter
{
    Open,
    Overdue,
    Paid,
}

/// <summary>GET <c>/api/billing/invoices</c>: the office's invoices with the customer's name, settled amount and balance, paged, filtered
/// (customer, status, issue dates, source module), searched (number, customer name, label; accents ignored), sorted; CSV on request.</summary>
internal static class ListInvoicesEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/invoices", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeRead).WithName("ListInvoices").WithCsvExport().WithListFilter<InvoiceStatusFilter>("status").WithListSort(Sorts, "issueDate,number")
            .WithSummary("The office's invoices with the customer's name, settled amount and balance (paged, filters, search, sort, CSV).");

    internal static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["issueDate"] = "i.issue_date",
        ["dueDate"] = "i.due_date",
        ["number"] = DocumentSeries.Invoices.SortKey("i.number"),
        ["customer"] = "COALESCE(d.search_text, '')",
        ["total"] = "i.total_ttc",
        ["balance"] = "(i.total_ttc - i.settled)",
    };

    internal static async Task<Results<Ok<Paged<InvoiceListItem>>, FileContentHttpResult>> HandleAsync(
        string? customerId, string? status, DateOnly? from, DateOnly? to, string? sourceModule, string? q, string? sort, int? page, int? pageSize, string? format,
        ICallerContext caller, HttpContext http, InvoiceList invoices, IOfficeCalendars calendars, CancellationToken ct)
    {
        var filter = new InvoiceFilter(customerId, ListFilters.Enum<InvoiceStatusFilter>(status, "status"), from, to, sourceModule, ListSearch.Pattern(q));
        ListFilters.Range(from, to);
        var orderBy = ListSort.OrderBy(sort, Sorts, "issueDate,number", "i.invoice_id");
        var csv = CsvExport.Requested(http, format);
        var today = (await calendars.ForAsync(caller.TenantId, ct)).Today;
        var result = await invoices.PageAsync(caller.TenantId, filter, today, orderBy, page, pageSize, csv, ct);
        return csv ? CsvExport.File(result.Items, CsvColumns, $"factures-{today:yyyy-MM-dd}") : TypedResults.Ok(result);
    }

    private static readonly IReadOnlyList<CsvColumn<InvoiceListItem>> CsvColumns =
    [
        CsvColumn<InvoiceListItem>.Text("Numéro", r => r.Number),
        CsvColumn<InvoiceListItem>.Date("Date", r => r.IssueDate),
        CsvColumn<InvoiceListItem>.Date("Échéance", r => r.DueDate),
        CsvColumn<InvoiceListItem>.Text("Client", r => r.CustomerName),
        CsvColumn<InvoiceListItem>.Text("N° client", r => r.CustomerId),
        CsvColumn<InvoiceListItem>.Text("Libellé", r => r.Label),
        CsvColumn<InvoiceListItem>.Euros("Total TTC (€)", r => r.TotalTtc),
        CsvColumn<InvoiceListItem>.Euros("Réglé (€)", r => r.Settled),
        CsvColumn<InvoiceListItem>.Euros("Reste dû (€)", r => r.Balance),
        CsvColumn<InvoiceListItem>.Text("Statut", r => r.Status switch { "paid" => "Payée", "overdue" => "En retard", _ => "À régler" }),
        CsvColumn<InvoiceListItem>.Text("Origine", r => r.SourceModule),
    ];
}

internal sealed record InvoiceFilter(string? CustomerId, InvoiceStatusFilter? Status, DateOnly? From, DateOnly? To, string? SourceModule, string? Search);

/// <summary>Queries over <c>billing_invoices</c>.</summary>
internal sealed class InvoiceList(IReadModelDatabase connections)
{
    public async Task<IReadOnlyList<InvoiceListItem>> ListAsync(string officeId, string? customerId, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<InvoiceRow>(
            """
            SELECT invoice_id AS InvoiceId, number AS Number, customer_id AS CustomerId, issue_date AS IssueDate, due_date AS DueDate, label AS Label,
                   total_ttc AS TotalTtc, settled AS Settled, source_module AS SourceModule, source_reference AS SourceReference
            FROM billing_invoices
            WHERE office_id = @officeId AND (@customerId IS NULL OR customer_id = @customerId)
            ORDER BY issue_date, LENGTH(number), number
            """,
            new { officeId, customerId });
        return [.. rows.Select(r => new InvoiceListItem(
            r.InvoiceId, r.Number, r.CustomerId, DateOnly.Parse(r.IssueDate, CultureInfo.InvariantCulture), DateOnly.Parse(r.DueDate, CultureInfo.InvariantCulture),
            r.Label, r.TotalTtc, r.Settled, r.TotalTtc - r.Settled, r.SourceModule, r.SourceReference))];
    }

    /// <summary>A page of the list (every matching row when <paramref name="export"/>), with the customer's name as printed.</summary>
    public async Task<Paged<InvoiceListItem>> PageAsync(
        string officeId, InvoiceFilter filter, DateOnly today, string orderBy, int? page, int? pageSize, bool export, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var status = filter.Status switch
        {
            InvoiceStatusFilter.Open => "AND i.total_ttc - i.settled > 0",
            InvoiceStatusFilter.Overdue => "AND i.total_ttc - i.settled > 0 AND i.due_date < @today",
            InvoiceStatusFilter.Paid => "AND i.total_ttc - i.settled <= 0",
            _ => string.Empty,
        };
        var rows = await ListQuery.PageAsync<PagedRow>(
            connection,
            """
            i.invoice_id AS InvoiceId, i.number AS Number, i.customer_id AS CustomerId, i.issue_date AS IssueDate, i.due_date AS DueDate, i.label AS Label,
            i.total_ttc AS TotalTtc, i.settled AS Settled, i.source_module AS SourceModule, i.source_reference AS SourceReference, d.customer_name AS CustomerName
            """,
            $"""
            FROM billing_invoices i LEFT JOIN billing_document_customers d ON d.office_id = i.office_id AND d.document_id = i.invoice_id
            WHERE i.office_id = @officeId AND (@customerId IS NULL OR i.customer_id = @customerId) AND (@from IS NULL OR i.issue_date >= @from)
              AND (@to IS NULL OR i.issue_date <= @to) AND (@sourceModule IS NULL OR i.source_module = @sourceModule)
              AND (@q IS NULL OR d.search_text LIKE @q ESCAPE '\' OR LOWER(i.number) LIKE @q ESCAPE '\' OR LOWER(i.label) LIKE @q ESCAPE '\') {status}
            """,
            orderBy,
            new
            {
                officeId,
                customerId = ListFilters.Text(filter.CustomerId),
                from = filter.From is { } f ? BillingReadModelProjection.Day(f) : null,
                to = filter.To is { } t ? BillingReadModelProjection.Day(t) : null,
                sourceModule = ListFilters.Text(filter.SourceModule),
                q = filter.Search,
                today = BillingReadModelProjection.Day(today),
            },
            page,
            pageSize,
            export);
        return new Paged<InvoiceListItem>(
            [.. rows.Items.Select(r =>
            {
                var due = DateOnly.Parse(r.DueDate, CultureInfo.InvariantCulture);
                var balance = r.TotalTtc - r.Settled;
                return new InvoiceListItem(
                    r.InvoiceId, r.Number, r.CustomerId, DateOnly.Parse(r.IssueDate, CultureInfo.InvariantCulture), due, r.Label, r.TotalTtc, r.Settled, balance,
                    r.SourceModule, r.SourceReference, r.CustomerName, balance <= 0 ? "paid" : due < today ? "overdue" : "open");
            })],
            rows.Page,
            rows.PageSize,
            rows.Total);
    }

    /// <summary>The invoice already issued for a source, if the read model has seen it (the fast path of idempotent issuing).</summary>
    public async Task<string?> FindBySourceAsync(string officeId, string sourceModule, string sourceReference, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT invoice_id FROM billing_invoices WHERE office_id = @officeId AND source_module = @sourceModule AND source_reference = @sourceReference",
            new { officeId, sourceModule = sourceModule.Trim(), sourceReference = sourceReference.Trim() });
    }

    private sealed record PagedRow(
        string InvoiceId, string Number, string CustomerId, string IssueDate, string DueDate, string Label, long TotalTtc, long Settled, string SourceModule,
        string SourceReference, string? CustomerName);

    private sealed record InvoiceRow(
        string InvoiceId, string Number, string CustomerId, string IssueDate, string DueDate, string Label, long TotalTtc, long Settled, string SourceModule, string SourceReference);
}

/// <summary>Read models <c>billing_invoices</c> (the invoice list, with what is settled on each) and <c>billing_credit_notes</c>.</summary>
internal sealed class BillingReadModelProjection : IProjection
{
    public string Name => "billing.invoices";

    public bool Handles(string eventType) => eventType is "billing.invoice-issued" or "billing.credit-note-issued" or "billing.payment-allocated"
        or "billing.customer-credit-used" or "billing.credit-note-applied" or "billing.payment-returned";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case InvoiceIssued i:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO billing_invoices (office_id, invoice_id, number, customer_id, issue_date, due_date, label, total_ht, total_vat,
                                                  total_ttc, settled, source_module, source_reference, issued_at)
                    VALUES (@office, @InvoiceId, @Number, @CustomerId, @IssueDate, @DueDate, @Label, @Ht, @Vat, @Ttc, 0, @SourceModule,
                            @SourceReference, @IssuedAt)
                    ON CONFLICT (office_id, invoice_id) DO NOTHING
                    """,
                    new
                    {
                        office,
                        i.InvoiceId,
                        i.Number,
                        i.CustomerId,
                        IssueDate = Day(i.IssueDate),
                        DueDate = Day(i.DueDate),
                        i.Label,
                        Ht = i.Totals.TotalHt,
                        Vat = i.Totals.TotalVat,
                        Ttc = i.Totals.TotalTtc,
                        i.SourceModule,
                        i.SourceReference,
                        IssuedAt = i.IssuedAt.ToString("O", CultureInfo.InvariantCulture),
                    },
                    ctx.Transaction);
                break;
            case CreditNoteIssued c:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO billing_credit_notes (office_id, credit_note_id, document_id, number, invoice_id, customer_id, issue_date, total_ttc)
                    VALUES (@office, @CreditNoteId, @DocumentId, @Number, @InvoiceId, @CustomerId, @IssueDate, @Ttc)
                    ON CONFLICT (office_id, credit_note_id) DO NOTHING
                    """,
                    new { office, c.CreditNoteId, c.DocumentId, c.Number, c.InvoiceId, c.CustomerId, IssueDate = Day(c.IssueDate), Ttc = c.Totals.TotalTtc },
                    ctx.Transaction);
                break;
            case PaymentAllocated a:
                await Settle(ctx, office, a.InvoiceId, a.Amount);
                break;
            case CustomerCreditUsed u:
                await Settle(ctx, office, u.InvoiceId, u.Amount);
                break;
            case CreditNoteApplied n when n.OffsetOnInvoice > 0:
                await Settle(ctx, office, n.InvoiceId, n.OffsetOnInvoice);
                break;
            case PaymentReturned r:
                foreach (var a in r.Allocations)
                {
                    await Settle(ctx, office, a.InvoiceId, -a.Amount);
                }

                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM billing_invoices; DELETE FROM billing_credit_notes;", transaction: ctx.Transaction);

    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task Settle(ProjectionContext ctx, string office, string invoiceId, long amount) =>
        ctx.Connection.ExecuteAsync(
            "UPDATE billing_invoices SET settled = settled + @amount WHERE office_id = @office AND invoice_id = @invoiceId",
            new { office, invoiceId, amount },
            ctx.Transaction);
}
