namespace Monolith.Modules.Subscriptions.Billing;

/// <summary>What the subscriptions module needs from billing: issue the invoice of a period (idempotent per subscription and period).
/// Whether it is paid is billing's published fact <c>InvoiceSettled</c> (see <c>SettlePeriodOnInvoiceSettled</c>), never asked.</summary>
internal interface ISubscriptionBilling
{
    Task<SubscriptionInvoice> IssueAsync(string tenantId, SubscriptionInvoiceRequest request, CancellationToken ct = default);
}

internal sealed record SubscriptionInvoiceRequest(
    string SubscriptionId,
    int Period,
    string CustomerId,
    Subscriptions.Organisation Organisation,
    string? Email,
    string Label,
    long PriceTtc,
    int VatRateBasisPoints,
    DateOnly PeriodStart,
    int PaymentTermDays)
{
    /// <summary>The (module, reference) that makes billing's issue idempotent.</summary>
    public string SourceReference => $"{SubscriptionId}/period-{Period}";
}

internal sealed record SubscriptionInvoice(string InvoiceId, string Number, long TotalTtc);
