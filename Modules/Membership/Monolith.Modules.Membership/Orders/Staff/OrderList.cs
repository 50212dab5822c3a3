using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Orders.Finalising;

namespace Monolith.Modules.Membership.Orders.Staff;

/// <summary>Staff: GET <c>/api/membership/orders</c> (by year and status, from <c>membership_orders</c>) and GET
/// <c>/api/membership/orders/{orderId}</c> (the order with its recap and ETag).</summary>
internal static class OrderListEndpoints
{
    public static RouteGroupBuilder Group(IEndpointRouteBuilder app) => app.MapGroup("/api/membership/orders").WithTags("Membership — orders");

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = Group(app);
        group.MapGet("/", ListAsync).RequireAuthorization("office-read").WithName("ListMembershipOrders").WithCsvExport().WithListFilter("status", Statuses).WithListSort(Sorts, "-year,number")
            .WithSummary("Orders, filtered by year and status (draft, submitted, validated = awaiting payment, finalised), member, search; paged; CSV.");

        group.MapGet("/{orderId}", async (string orderId, ICallerContext caller, OrderLoader loader, HttpContext http, CancellationToken ct) =>
        {
            var view = await OrderViews.LoadAsync(loader, caller.TenantId, orderId, null, ct);
            return Revisioned.Ok(http, view, view.Revision);
        }).RequireAuthorization("office-read");
    }

    internal static readonly string[] Statuses = ["draft", "submitted", "validated", "finalised"];

    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["year"] = "o.year",
        ["number"] = "COALESCE(o.number, '')",
        ["total"] = "o.total_ttc",
        ["company"] = "COALESCE(s.search_text, LOWER(m.company_name), '')",
        ["updatedAt"] = "o.updated_at",
    };

    internal static async Task<Results<Ok<Paged<OrderListItem>>, FileContentHttpResult>> ListAsync(
        int? year, string? status, string? memberId, string? q, string? sort, int? page, int? pageSize, string? format, ICallerContext caller, HttpContext http,
        IReadModelDatabase connections, CancellationToken ct)
    {
        if (year is < 2000 or > 2100)
        {
            throw new RequestValidationException("year", $"L'année « {year} » n'est pas valide (de 2000 à 2100).");
        }

        var statusFilter = ListFilters.OneOf(status, "status", Statuses);
        var pattern = ListSearch.Pattern(q);
        var orderBy = ListSort.OrderBy(sort, Sorts, "-year,number", "o.order_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<OrderListItem>(
            connection,
            """
            o.order_id AS OrderId, o.member_id AS MemberId, COALESCE(m.company_name, '') AS CompanyName, o.year AS Year, o.status AS Status,
            o.number AS Number, o.payment_method AS PaymentMethod, o.product_count AS ProductCount, o.total_ttc AS TotalTtc, o.total_vat AS TotalVat,
            o.invoice_id AS InvoiceId, o.invoice_number AS InvoiceNumber, o.validated_at AS ValidatedAt, o.paid_on AS PaidOn,
            o.info_due_on AS InformationDueOn, o.info_confirmed AS InformationConfirmed, o.reminders_sent AS RemindersSent
            """,
            """
            FROM membership_orders o LEFT JOIN membership_members m ON m.member_id = o.member_id
              LEFT JOIN membership_member_search s ON s.member_id = o.member_id
            WHERE o.office_id = @tenant AND (@memberId IS NULL OR o.member_id = @memberId) AND (@year IS NULL OR o.year = @year)
              AND (@status IS NULL OR o.status = @status)
              AND (@q IS NULL OR s.search_text LIKE @q ESCAPE '\' OR LOWER(o.number) LIKE @q ESCAPE '\')
            """,
            orderBy,
            new { tenant = caller.TenantId, memberId = ListFilters.Text(memberId), year, status = statusFilter, q = pattern },
            page,
            pageSize,
            csv);
        return csv ? CsvExport.File(rows.Items, CsvColumns, year is { } y ? $"commandes-adherents-{y}" : "commandes-adherents") : TypedResults.Ok(rows);
    }

    private static readonly IReadOnlyList<CsvColumn<OrderListItem>> CsvColumns =
    [
        CsvColumn<OrderListItem>.Text("N° commande", r => r.Number),
        CsvColumn<OrderListItem>.Number("Année", r => r.Year),
        CsvColumn<OrderListItem>.Text("Adhérent", r => r.CompanyName),
        CsvColumn<OrderListItem>.Text("N° adhérent", r => r.MemberId),
        CsvColumn<OrderListItem>.Text("Statut", r => r.Status switch
        {
            "draft" => "Brouillon",
            "submitted" => "Soumise",
            "validated" => "En attente de paiement",
            "finalised" => "Finalisée",
            _ => r.Status,
        }),
        CsvColumn<OrderListItem>.Number("Produits", r => r.ProductCount),
        CsvColumn<OrderListItem>.Euros("Total TTC (€)", r => r.TotalTtc),
        CsvColumn<OrderListItem>.Euros("Dont TVA (€)", r => r.TotalVat),
        CsvColumn<OrderListItem>.Text("Facture", r => r.InvoiceNumber),
        CsvColumn<OrderListItem>.Text("Payée le", r => r.PaidOn is { Length: >= 10 } d ? $"{d[8..10]}/{d[5..7]}/{d[..4]}" : null),
    ];
}
