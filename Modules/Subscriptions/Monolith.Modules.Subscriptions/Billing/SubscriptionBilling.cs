namespace Monolith.Modules.Subscriptions.Billing;

/// <summary>What the subscriptions module needs from billing: issue the invoice of a period (idempotent per subscription and period)
/// and know whether it has been paid. The adapter over billing's public <c>IBillingService</c> is registered once billing is in the host.</summary>
internal interface ISubscriptionBilling
{
    Task<SubscriptionInvoice> IssueAsync(string tenantId, SubscriptionInvoiceRequest request, CancellationToken ct = default);

    /// <summary>True when the invoice's balance is zero (paid in full: cheque, transfer, card... recorded in billing).</summary>
    Task<bool> IsPaidAsync(string tenantId, string customerId, string invoiceId, CancellationToken ct = default);
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
