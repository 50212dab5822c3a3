using System.Globalization;
using Dapper;
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

/// <summary>How late an overdue invoice is, in days past its due date (the office's today minus the due date, ≥ 1):
/// <c>days0To30</c> (1–30), <c>days31To60</c>, <c>days61To90</c>, <c>over90</c> (91 and more).</summary>
internal enum AgingBucket
{
    Days0To30,
    Days31To60,
    Days61To90,
    Over90,
}

/// <summary>An overdue invoice: its balance (cents of <see cref="Currency"/>) and how late it is.</summary>
internal sealed record OverdueInvoice(
    string InvoiceId, string Number, string CustomerId, string? CustomerName, DateOnly IssueDate, DateOnly DueDate, int DaysPastDue, AgingBucket Bucket,
    long TotalTtc, long Balance)
{
    public string Currency => "EUR";
}

/// <summary>One bucket's total balance and invoice count.</summary>
internal sealed record AgingBucketTotal(AgingBucket Bucket, long Count, long Balance)
{
    public string Currency => "EUR";
}

/// <summary>The aged receivables on <paramref name="AsOf"/> (the office's today): totals per bucket over every overdue invoice
/// matching the filters, and one page of those invoices.</summary>
internal sealed record AgedReceivables(DateOnly AsOf, IReadOnlyList<AgingBucketTotal> Buckets, long TotalBalance, Paged<OverdueInvoice> Invoices)
{
    public string Currency => "EUR";
}

/// <summary>GET <c>/api/billing/receivables/aged</c>: the office's overdue invoices as aged receivables (buckets 0–30, 31–60, 61–90,
/// over 90 days past due, counted in the office's calendar), optionally one customer's or one bucket's; CSV on request.</summary>
internal static class AgedReceivablesEndpoint
{
    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["dueDate"] = "i.due_date",
        ["balance"] = "(i.total_ttc - i.settled)",
        ["customer"] = "COALESCE(d.search_text, '')",
        ["number"] = DocumentSeries.Invoices.SortKey("i.number"),
    };

    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/receivables/aged", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeRead).WithName("GetAgedReceivables")
            .WithCsvExport().WithListFilter<AgingBucket>("bucket").WithListSort(Sorts, "dueDate")
            .WithSummary("Overdue invoices as aged receivables: totals per bucket (0–30, 31–60, 61–90, > 90 days past due) and the invoices (paged, CSV).");

    /// <summary>The bucket of an invoice <paramref name="daysPastDue"/> days late (≥ 1).</summary>
    internal static AgingBucket BucketOf(int daysPastDue) => daysPastDue switch
    {
        <= 30 => AgingBucket.Days0To30,
        <= 60 => AgingBucket.Days31To60,
        <= 90 => AgingBucket.Days61To90,
        _ => AgingBucket.Over90,
    };

    internal static async Task<Results<Ok<AgedReceivables>, FileContentHttpResult>> HandleAsync(
        string? customerId, string? bucket, string? q, string? sort, int? page, int? pageSize, string? format,
        ICallerContext caller, HttpContext http, IReadModelDatabase connections, IOfficeCalendars calendars, CancellationToken ct)
    {
        var bucketFilter = ListFilters.Enum<AgingBucket>(bucket, "bucket");
        var pattern = ListSearch.Pattern(q);
        var orderBy = ListSort.OrderBy(sort, Sorts, "dueDate", "i.invoice_id");
        var csv = CsvExport.Requested(http, format);
        var today = (await calendars.ForAsync(caller.TenantId, ct)).Today;

        // A bucket is a due-date range: days past due d ↔ due date = today − d.
        var (dueFrom, dueTo) = bucketFilter switch
        {
            AgingBucket.Days0To30 => (today.AddDays(-30), today.AddDays(-1)),
            AgingBucket.Days31To60 => (today.AddDays(-60), today.AddDays(-31)),
            AgingBucket.Days61To90 => (today.AddDays(-90), today.AddDays(-61)),
            AgingBucket.Over90 => ((DateOnly?)null, today.AddDays(-91)),
            _ => ((DateOnly?)null, today.AddDays(-1)),
        };
        var args = new
        {
            office = caller.TenantId,
            customerId = ListFilters.Text(customerId),
            q = pattern,
            dueFrom = ListFilters.Day(dueFrom),
            dueTo = dueTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        const string FromWhere = """
            FROM billing_invoices i LEFT JOIN billing_document_customers d ON d.office_id = i.office_id AND d.document_id = i.invoice_id
            WHERE i.office_id = @office AND i.total_ttc - i.settled > 0 AND i.due_date <= @dueTo AND (@dueFrom IS NULL OR i.due_date >= @dueFrom)
              AND (@customerId IS NULL OR i.customer_id = @customerId)
              AND (@q IS NULL OR d.search_text LIKE @q ESCAPE '\' OR LOWER(i.number) LIKE @q ESCAPE '\')
            """;
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<Row>(
            connection,
            """
            i.invoice_id AS InvoiceId, i.number AS Number, i.customer_id AS CustomerId, d.customer_name AS CustomerName, i.issue_date AS IssueDate,
            i.due_date AS DueDate, i.total_ttc AS TotalTtc, i.settled AS Settled
            """,
            FromWhere,
            orderBy,
            args,
            page,
            pageSize,
            csv);
        var items = rows.Items.Select(r =>
        {
            var due = DateOnly.ParseExact(r.DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var days = today.DayNumber - due.DayNumber;
            return new OverdueInvoice(r.InvoiceId, r.Number, r.CustomerId, r.CustomerName, DateOnly.ParseExact(r.IssueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                due, days, BucketOf(days), r.TotalTtc, r.Balance);
        }).ToList();
        if (csv)
        {
            return CsvExport.File(items, CsvColumns, $"balance-agee-{today:yyyy-MM-dd}");
        }

        // Totals per bucket over every matching overdue invoice (not only this page): the due dates and balances, bucketed here.
        var all = await connection.QueryAsync<(string DueDate, long TotalTtc, long Settled)>($"SELECT i.due_date, i.total_ttc, i.settled {FromWhere}", args);
        var totals = all
            .Select(r => (Bucket: BucketOf(today.DayNumber - DateOnly.ParseExact(r.DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber), Balance: r.TotalTtc - r.Settled))
            .GroupBy(r => r.Bucket)
            .ToDictionary(g => g.Key, g => (Count: (long)g.Count(), Balance: g.Sum(x => x.Balance)));
        var buckets = Enum.GetValues<AgingBucket>()
            .Select(b => totals.TryGetValue(b, out var t) ? new AgingBucketTotal(b, t.Count, t.Balance) : new AgingBucketTotal(b, 0, 0))
            .ToList();
        return TypedResults.Ok(new AgedReceivables(today, buckets, buckets.Sum(b => b.Balance), new Paged<OverdueInvoice>(items, rows.Page, rows.PageSize, rows.Total)));
    }

    private static readonly IReadOnlyList<CsvColumn<OverdueInvoice>> CsvColumns =
    [
        CsvColumn<OverdueInvoice>.Text("Numéro", r => r.Number),
        CsvColumn<OverdueInvoice>.Text("Client", r => r.CustomerName),
        CsvColumn<OverdueInvoice>.Text("N° client", r => r.CustomerId),
        CsvColumn<OverdueInvoice>.Date("Date", r => r.IssueDate),
        CsvColumn<OverdueInvoice>.Date("Échéance", r => r.DueDate),
        CsvColumn<OverdueInvoice>.Number("Jours de retard", r => r.DaysPastDue),
        CsvColumn<OverdueInvoice>.Text("Tranche", r => r.Bucket switch
        {
            AgingBucket.Days0To30 => "0 à 30 jours",
            AgingBucket.Days31To60 => "31 à 60 jours",
            AgingBucket.Days61To90 => "61 à 90 jours",
            _ => "Plus de 90 jours",
        }),
        CsvColumn<OverdueInvoice>.Euros("Total TTC (€)", r => r.TotalTtc),
        CsvColumn<OverdueInvoice>.Euros("Reste dû (€)", r => r.Balance),
    ];

    /// <summary>The stored columns only: an expression column (a difference) has no declared type in SQLite, so an empty result would
    /// type it as a blob that this record cannot take.</summary>
    private sealed record Row(string InvoiceId, string Number, string CustomerId, string? CustomerName, string IssueDate, string DueDate, long TotalTtc, long Settled)
    {
        public long Balance => TotalTtc - Settled;
    }
}
