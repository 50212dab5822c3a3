using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Lists;

/// <summary>A payment (cents of <see cref="Currency"/>): <see cref="Allocated"/> of it paid invoices, the rest is customer credit.
/// <see cref="Status"/>: <c>pending</c>, <c>received</c>, <c>failed</c>, <c>returned</c>. <see cref="Reference"/>: the provider's
/// reference, cheque number, transfer reference or mandate reference (never card data).</summary>
internal sealed record PaymentListItem(
    string PaymentId, string CustomerId, string? CustomerName, string Method, string? Reference, long Amount, long Allocated, string Status,
    DateOnly? ReceivedOn, DateTimeOffset RecordedAt)
{
    public string Currency => "EUR";
}

internal enum PaymentStatusFilter
{
    Pending,
    Received,
    Failed,
    Returned,
}

/// <summary>GET <c>/api/billing/payments</c>: the office's payments, filtered by customer, method, status and date received; CSV.</summary>
internal static class ListPaymentsEndpoint
{
    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["receivedOn"] = "COALESCE(p.received_on, '')",
        ["recordedAt"] = "p.recorded_at",
        ["amount"] = "p.amount",
        ["customer"] = "COALESCE(c.search_text, '')",
    };

    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/payments", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeRead).WithName("ListPayments").WithCsvExport().WithListFilter<PaymentMethod>("method").WithListFilter<PaymentStatusFilter>("status").WithListSort(Sorts, "-recordedAt")
            .WithSummary("The office's payments (paged; customer, method, status, received dates, search; sort; CSV).");

    internal static async Task<Results<Ok<Paged<PaymentListItem>>, FileContentHttpResult>> HandleAsync(
        string? customerId, string? method, string? status, DateOnly? from, DateOnly? to, string? q, string? sort, int? page, int? pageSize, string? format,
        ICallerContext caller, HttpContext http, IReadModelDatabase connections, IOfficeCalendars calendars, CancellationToken ct)
    {
        var methodFilter = ListFilters.Enum<PaymentMethod>(method, "method");
        var statusFilter = ListFilters.Enum<PaymentStatusFilter>(status, "status");
        ListFilters.Range(from, to);
        var pattern = ListSearch.Pattern(q);
        var orderBy = ListSort.OrderBy(sort, Sorts, "-recordedAt", "p.payment_id");
        var csv = CsvExport.Requested(http, format);
        var calendar = await calendars.ForAsync(caller.TenantId, ct);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<Row>(
            connection,
            """
            p.payment_id AS PaymentId, p.customer_id AS CustomerId, c.name AS CustomerName, p.method AS Method, p.reference AS Reference, p.amount AS Amount,
            p.allocated AS Allocated, p.status AS Status, p.received_on AS ReceivedOn, p.recorded_at AS RecordedAt
            """,
            """
            FROM billing_payments p LEFT JOIN billing_customers c ON c.office_id = p.office_id AND c.customer_id = p.customer_id
            WHERE p.office_id = @office AND (@customerId IS NULL OR p.customer_id = @customerId) AND (@method IS NULL OR p.method = @method)
              AND (@status IS NULL OR p.status = @status) AND (@from IS NULL OR p.received_on >= @from) AND (@to IS NULL OR p.received_on <= @to)
              AND (@q IS NULL OR c.search_text LIKE @q ESCAPE '\' OR LOWER(p.reference) LIKE @q ESCAPE '\' OR LOWER(p.payment_id) LIKE @q ESCAPE '\')
            """,
            orderBy,
            new
            {
                office = caller.TenantId,
                customerId = ListFilters.Text(customerId),
                method = methodFilter is { } m ? BillingListsProjection.Camel(m.ToString()) : null,
                status = statusFilter is { } s ? BillingListsProjection.Camel(s.ToString()) : null,
                from = ListFilters.Day(from),
                to = ListFilters.Day(to),
                q = pattern,
            },
            page,
            pageSize,
            csv);
        var items = rows.Map(r => new PaymentListItem(
            r.PaymentId, r.CustomerId, r.CustomerName, r.Method, r.Reference, r.Amount, r.Allocated, r.Status,
            r.ReceivedOn is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            DateTimeOffset.Parse(r.RecordedAt, CultureInfo.InvariantCulture)));
        if (csv)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone);
            return CsvExport.File(items.Items, Columns(zone), $"paiements-{calendar.Today:yyyy-MM-dd}");
        }

        return TypedResults.Ok(items);
    }

    private static IReadOnlyList<CsvColumn<PaymentListItem>> Columns(TimeZoneInfo zone) =>
    [
        CsvColumn<PaymentListItem>.Text("N° paiement", r => r.PaymentId),
        CsvColumn<PaymentListItem>.Date("Reçu le", r => r.ReceivedOn),
        CsvColumn<PaymentListItem>.Instant("Enregistré le", r => r.RecordedAt, zone),
        CsvColumn<PaymentListItem>.Text("Client", r => r.CustomerName),
        CsvColumn<PaymentListItem>.Text("N° client", r => r.CustomerId),
        CsvColumn<PaymentListItem>.Text("Moyen", r => MethodLabel(r.Method)),
        CsvColumn<PaymentListItem>.Text("Référence", r => r.Reference),
        CsvColumn<PaymentListItem>.Euros("Montant (€)", r => r.Amount),
        CsvColumn<PaymentListItem>.Euros("Imputé (€)", r => r.Allocated),
        CsvColumn<PaymentListItem>.Text("Statut", r => r.Status switch
        {
            "pending" => "En attente",
            "received" => "Reçu",
            "failed" => "Échoué",
            "returned" => "Rejeté",
            _ => r.Status,
        }),
    ];

    private static string MethodLabel(string method) => method switch
    {
        "card" => "Carte",
        "cheque" => "Chèque",
        "bankTransfer" => "Virement",
        "sepaDirectDebit" => "Prélèvement SEPA",
        "cash" => "Espèces",
        _ => method,
    };

    private sealed record Row(
        string PaymentId, string CustomerId, string? CustomerName, string Method, string? Reference, long Amount, long Allocated, string Status, string? ReceivedOn,
        string RecordedAt);
}
