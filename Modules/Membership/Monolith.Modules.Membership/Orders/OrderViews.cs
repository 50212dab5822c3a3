using System.Data.Common;
using Dapper;
using Monolith.BuildingBlocks.Money;

namespace Monolith.Modules.Membership.Orders;

/// <summary>An order as the portal and the staff see it: status, number, choices, the recap, what still blocks validation. Card orders:
/// billing's provider reference and the provider's hosted page to pay on (<see cref="CardPaymentUrl"/>, until the order is finalised);
/// never card data.</summary>
internal sealed record OrderView(
    string OrderId,
    string MemberId,
    int Year,
    string Status,
    string? Number,
    string? Message,
    Billing.Contracts.PaymentMethod? PaymentMethod,
    OrderAddress? BillingAddress,
    int? TermsVersionAccepted,
    OrderRecap Recap,
    string? InvoiceId,
    string? InvoiceNumber,
    string? CardPaymentReference,
    string? CardPaymentUrl,
    string? LastRefusal,
    DateOnly? PaidOn,
    DateOnly? InformationDueOn,
    bool InformationConfirmed,
    long Revision) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

/// <summary>A row of the orders list (a class with setters: Dapper maps SQLite's loosely typed columns by name).</summary>
internal sealed class OrderListItem : IHasCurrency
{
    public string Currency => Currencies.Euro;

    public string OrderId { get; set; } = "";
    public string MemberId { get; set; } = "";
    public string CompanyName { get; set; } = "";
    public long Year { get; set; }
    public string Status { get; set; } = "";
    public string? Number { get; set; }
    private string? _paymentMethod;

    /// <summary>Billing's word (<c>bankTransfer</c>), whatever the read model stored.</summary>
    public string? PaymentMethod { get => _paymentMethod; set => _paymentMethod = PaymentChoices.ApiWord(value); }
    public long ProductCount { get; set; }
    public long TotalTtc { get; set; }
    public long TotalVat { get; set; }
    public string? InvoiceId { get; set; }
    public string? InvoiceNumber { get; set; }
    public string? ValidatedAt { get; set; }
    public string? PaidOn { get; set; }
    public string? InformationDueOn { get; set; }
    public bool InformationConfirmed { get; set; }
    public string RemindersSent { get; set; } = "";
}

internal static class OrderViews
{
    public static async Task<OrderView> LoadAsync(OrderLoader loader, string tenantId, string orderId, string? customerId, CancellationToken ct)
    {
        var loaded = await loader.LoadAsync(tenantId, orderId, customerId, ct);
        var terms = loaded.Order.State.Status == OrderStatus.Draft ? await loader.TermsInForceAsync(tenantId, ct) : null;
        var s = loaded.Order.State;
        return new OrderView(
            s.OrderId!,
            s.MemberId,
            s.Year,
            s.Status.ToString().ToLowerInvariant(),
            s.Number,
            s.Number is null ? null : $"Votre commande {s.Number} est enregistrée et sera finalisée à la réception du paiement.",
            s.Method?.ToMethod(),
            s.Address,
            s.TermsVersion,
            OrderRecap.Of(s, loaded.Catalogue, terms?.Version),
            s.InvoiceId,
            s.InvoiceNumber,
            s.CardPaymentReference,
            // The provider's page, while there is something to pay.
            s.Status == OrderStatus.Validated ? s.CardPaymentUrl : null,
            s.LastRefusal,
            s.PaidOn,
            s.InformationDueOn,
            s.InformationConfirmed,
            loaded.Order.Revision);
    }

    /// <summary>At most <paramref name="limit"/> orders, latest year first (a bounded excerpt: the paged list is <c>GET /api/membership/orders</c>).</summary>
    public static async Task<IReadOnlyList<OrderListItem>> ListAsync(DbConnection connection, string tenantId, string? memberId, int? year, string? status, int limit) =>
        [.. await connection.QueryAsync<OrderListItem>(
            """
            SELECT o.order_id AS OrderId, o.member_id AS MemberId, COALESCE(m.company_name, '') AS CompanyName, o.year AS Year, o.status AS Status,
                   o.number AS Number, o.payment_method AS PaymentMethod, o.product_count AS ProductCount, o.total_ttc AS TotalTtc, o.total_vat AS TotalVat,
                   o.invoice_id AS InvoiceId, o.invoice_number AS InvoiceNumber, o.validated_at AS ValidatedAt, o.paid_on AS PaidOn,
                   o.info_due_on AS InformationDueOn, o.info_confirmed AS InformationConfirmed, o.reminders_sent AS RemindersSent
            FROM membership_orders o LEFT JOIN membership_members m ON m.member_id = o.member_id
            WHERE o.office_id = @tenantId AND (@memberId IS NULL OR o.member_id = @memberId) AND (@year IS NULL OR o.year = @year)
                  AND (@status IS NULL OR o.status = @status)
            ORDER BY o.year DESC, COALESCE(o.number, ''), o.updated_at, o.order_id
            LIMIT @limit
            """,
            new { tenantId, memberId, year, status, limit })];
}
