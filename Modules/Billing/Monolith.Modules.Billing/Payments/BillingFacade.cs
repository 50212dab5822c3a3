using Monolith.BuildingBlocks.Http;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Invoicing;

namespace Monolith.Modules.Billing.Payments;

/// <summary>The <see cref="IBillingService"/> other modules get: invoicing and accounts from <see cref="BillingService"/>, card
/// payments from <see cref="CardPaymentService"/>.</summary>
internal sealed class BillingFacade(BillingService billing, CardPaymentService cards, PayInvoice payInvoice) : IBillingService
{
    public Task<IssuedInvoice> IssueInvoiceAsync(string officeId, IssueInvoiceRequest request, CancellationToken ct = default) =>
        billing.IssueInvoiceAsync(officeId, request, ct);

    public Task RecordPaymentAsync(string officeId, RecordPaymentRequest request, CancellationToken ct = default) =>
        billing.RecordPaymentAsync(officeId, request, ct);

    public Task<InvoicePaymentRecorded> PayInvoiceAsync(string officeId, PayInvoiceRequest request, CancellationToken ct = default) =>
        payInvoice.HandleAsync(officeId, request, ct);

    public Task<CustomerAccountView> GetCustomerAccountAsync(string officeId, string customerId, CancellationToken ct = default) =>
        billing.GetCustomerAccountAsync(officeId, customerId, ct);

    public Task<InvoicePaymentRequest?> GetPaymentRequestAsync(string officeId, string invoiceId, CancellationToken ct = default) =>
        billing.GetPaymentRequestAsync(officeId, invoiceId, ct);

    public Task<CardPaymentStarted> StartCardPaymentAsync(string officeId, string invoiceId, string returnUrl, CancellationToken ct = default) =>
        cards.StartAsync(CommandContexts.ForSystem(officeId, "billing"), invoiceId, returnUrl, ct);

    public Task<CardPaymentView?> GetCardPaymentAsync(string officeId, string providerReference, CancellationToken ct = default) =>
        cards.GetAsync(officeId, providerReference, ct);
}
