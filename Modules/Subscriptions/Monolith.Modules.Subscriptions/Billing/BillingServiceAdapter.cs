using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Modules.Subscriptions.Billing;

/// <summary><see cref="ISubscriptionBilling"/> over billing's public <see cref="IBillingService"/>. The organisation is a business
/// customer (its VAT number and SIREN when given) reached at the manager's e-mail address: billing e-mails the invoice with its PDF
/// attached once issued (and its reminders when overdue); one line per period: "Abonnement … du … au …", quantity 1, the price TTC at the
/// offer's VAT rate, service date = the period's start. "Paid" is billing's published <c>InvoiceSettled</c>.</summary>
internal sealed class BillingServiceAdapter(IBillingService billing) : ISubscriptionBilling
{
    public const string SourceModule = "subscriptions";

    public async Task<SubscriptionInvoice> IssueAsync(string tenantId, SubscriptionInvoiceRequest request, CancellationToken ct = default)
    {
        var o = request.Organisation;
        var issued = await billing.IssueInvoiceAsync(
            tenantId,
            new IssueInvoiceRequest(
                SourceModule,
                request.SourceReference,
                new BillingCustomer(request.CustomerId, CustomerKind.Business, o.Name, new BillingAddress(o.Street, o.PostalCode, o.City, o.Country),
                    request.Email, VatNumber: o.VatNumber, Siren: o.Siren),
                [new InvoiceLineRequest(request.Label, 1, request.PriceTtc, VatRate.Of(request.VatRateBasisPoints), request.PeriodStart)],
                request.Label,
                request.PaymentTermDays,
                EmailToCustomer: !string.IsNullOrWhiteSpace(request.Email)),
            ct);
        return new SubscriptionInvoice(issued.InvoiceId, issued.Number, issued.TotalTtc);
    }
}
