using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Lists;

/// <summary>A customer of the office with its balances (cents of <see cref="Currency"/>): <see cref="Invoiced"/> (every invoice TTC),
/// <see cref="Due"/> (what its invoices still owe) and <see cref="Credit"/> (customer credit available: unallocated payments, credit
/// note remainders).</summary>
internal sealed record CustomerListItem(
    string CustomerId, string Name, string? Kind, string City, long InvoiceCount, long Invoiced, long Due, long Credit, DateOnly? LastInvoiceOn)
{
    public string Currency => "EUR";
}

internal enum CustomerKindFilter
{
    Consumer,
    Business,
}

/// <summary>GET <c>/api/billing/customers</c>: the office's billing customers with their balances; search by name, customer id or
/// city (case and accents ignored), filter by kind or by what they owe; CSV on request.</summary>
internal static class ListCustomersEndpoint
{
    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["name"] = "search_text",
        ["due"] = "(invoiced - settled)",
        ["credit"] = "credit",
        ["invoiced"] = "invoiced",
        ["lastInvoiceOn"] = "COALESCE(last_invoice_on, '')",
    };

    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/customers", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeRead).WithName("ListCustomers").WithCsvExport().WithListFilter<CustomerKindFilter>("kind").WithListSort(Sorts, "name")
            .WithSummary("The office's billing customers with invoiced, due and credit balances (paged, search, filters, sort, CSV).");

    internal static async Task<Results<Ok<Paged<CustomerListItem>>, FileContentHttpResult>> HandleAsync(
        string? q, string? kind, bool? owing, long? minDue, string? sort, int? page, int? pageSize, string? format,
        ICallerContext caller, HttpContext http, IReadModelDatabase connections, IOfficeCalendars calendars, CancellationToken ct)
    {
        var kindFilter = ListFilters.Enum<CustomerKindFilter>(kind, "kind");
        ListFilters.NotNegative(minDue, "minDue");
        var pattern = ListSearch.Pattern(q);
        var orderBy = ListSort.OrderBy(sort, Sorts, "name", "customer_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<Row>(
            connection,
            """
            customer_id AS CustomerId, name AS Name, kind AS Kind, city AS City, invoice_count AS InvoiceCount, invoiced AS Invoiced,
            settled AS Settled, credit AS Credit, last_invoice_on AS LastInvoiceOn
            """,
            $"""
            FROM billing_customers
            WHERE office_id = @office AND {ListSearch.Condition("search_text")} AND (@kind IS NULL OR kind = @kind)
              AND (@owing IS NULL OR (@owing = 1 AND invoiced - settled > 0) OR (@owing = 0 AND invoiced - settled <= 0))
              AND (@minDue IS NULL OR invoiced - settled >= @minDue)
            """,
            orderBy,
            new { office = caller.TenantId, q = pattern, kind = kindFilter is { } k ? BillingListsProjection.Camel(k.ToString()) : null, owing = owing is { } o ? (o ? 1 : 0) : (int?)null, minDue },
            page,
            pageSize,
            csv);
        var items = rows.Map(r => new CustomerListItem(
            r.CustomerId, r.Name, r.Kind is { Length: > 0 } ? r.Kind : null, r.City, r.InvoiceCount, r.Invoiced, r.Due, r.Credit,
            r.LastInvoiceOn is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null));
        if (csv)
        {
            var today = (await calendars.ForAsync(caller.TenantId, ct)).Today;
            return CsvExport.File(items.Items, CsvColumns, $"clients-{today:yyyy-MM-dd}");
        }

        return TypedResults.Ok(items);
    }

    private static readonly IReadOnlyList<CsvColumn<CustomerListItem>> CsvColumns =
    [
        CsvColumn<CustomerListItem>.Text("N° client", r => r.CustomerId),
        CsvColumn<CustomerListItem>.Text("Nom", r => r.Name),
        CsvColumn<CustomerListItem>.Text("Type", r => r.Kind switch { "business" => "Professionnel", "consumer" => "Particulier", _ => null }),
        CsvColumn<CustomerListItem>.Text("Ville", r => r.City),
        CsvColumn<CustomerListItem>.Number("Factures", r => r.InvoiceCount),
        CsvColumn<CustomerListItem>.Euros("Facturé TTC (€)", r => r.Invoiced),
        CsvColumn<CustomerListItem>.Euros("Reste dû (€)", r => r.Due),
        CsvColumn<CustomerListItem>.Euros("Avoir disponible (€)", r => r.Credit),
        CsvColumn<CustomerListItem>.Date("Dernière facture", r => r.LastInvoiceOn),
    ];

    /// <summary>The stored columns only: an expression column (a difference) has no declared type in SQLite, so an empty result would
    /// type it as a blob that this record cannot take.</summary>
    private sealed record Row(string CustomerId, string Name, string Kind, string City, long InvoiceCount, long Invoiced, long Settled, long Credit, string? LastInvoiceOn)
    {
        public long Due => Invoiced - Settled;
    }
}
