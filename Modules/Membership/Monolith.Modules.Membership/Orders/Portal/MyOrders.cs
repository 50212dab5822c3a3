using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;
using static Monolith.Modules.Membership.Orders.Portal.MemberPortal;

namespace Monolith.Modules.Membership.Orders.Portal;

/// <summary>GET <c>/api/membership/portal/orders</c> (the member's orders) and GET <c>/api/membership/portal/orders/{orderId}</c> (the order with its live recap).</summary>
internal static class MyOrdersEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberPortal.Group(app);
        group.MapGet("/orders", async Task<Ok<Paged<OrderListItem>>> (int? year, string? status, int? page, int? pageSize, ICallerContext caller,
            IReadModelDatabase connections, CancellationToken ct) =>
        {
            if (year is < 2000 or > 2100)
            {
                throw new RequestValidationException("year", $"L'année « {year} » n'est pas valide (de 2000 à 2100).");
            }

            var args = new { tenant = caller.TenantId, member = Customer(caller), year, status = ListFilters.OneOf(status, "status", Staff.OrderListEndpoints.Statuses) };
            await using var connection = await connections.OpenAsync(ct);
            return TypedResults.Ok(await ListQuery.PageAsync<OrderListItem>(
                connection,
                """
                o.order_id AS OrderId, o.member_id AS MemberId, COALESCE(m.company_name, '') AS CompanyName, o.year AS Year, o.status AS Status,
                o.number AS Number, o.payment_method AS PaymentMethod, o.product_count AS ProductCount, o.total_ttc AS TotalTtc, o.total_vat AS TotalVat,
                o.invoice_id AS InvoiceId, o.invoice_number AS InvoiceNumber, o.validated_at AS ValidatedAt, o.paid_on AS PaidOn,
                o.info_due_on AS InformationDueOn, o.info_confirmed AS InformationConfirmed, o.reminders_sent AS RemindersSent
                """,
                """
                FROM membership_orders o LEFT JOIN membership_members m ON m.member_id = o.member_id
                WHERE o.office_id = @tenant AND o.member_id = @member AND (@year IS NULL OR o.year = @year) AND (@status IS NULL OR o.status = @status)
                """,
                "o.year DESC, COALESCE(o.number, ''), o.updated_at, o.order_id",
                args,
                page,
                pageSize));
        }).WithName("ListMyMembershipOrders").WithListFilter("status", Staff.OrderListEndpoints.Statuses)
          .WithSummary("The member's orders (paged), latest year first: year, status.");

        group.MapGet("/orders/{orderId}", async (string orderId, ICallerContext caller, OrderLoader loader, HttpContext http, CancellationToken ct) =>
        {
            var view = await OrderViews.LoadAsync(loader, caller.TenantId, orderId, Customer(caller), ct);
            return Revisioned.Ok(http, view, view.Revision);
        }).WithSummary("The order with its live recap (per offer: products, count, total TTC and VAT part) and what still prevents its validation.");
    }
}
