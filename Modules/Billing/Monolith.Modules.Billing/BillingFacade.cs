using Monolith.BuildingBlocks.Http;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Billing.Payments;

namespace Monolith.Modules.Billing;

/// <summary>The <see cref="IBillingService"/> other modules get: each method is one of billing's use cases.</summary>
internal sealed class BillingFacade(
    InvoiceIssuer invoices, PaymentRecorder payments, AccountStatements statements, PaymentRequests paymentRequests, CardPaymentService cards,
    PaymentConfirmer confirmer, PaymentFailure failure, PaymentReturn returns, PayInvoice payInvoice) : IBillingService
{
    public Task<IssuedInvoice> IssueInvoiceAsync(string officeId, IssueInvoiceRequest request, CancellationToken ct = default) =>
        invoices.IssueAsync(officeId, request, ct);

    public Task RecordPaymentAsync(string officeId, RecordPaymentRequest request, CancellationToken ct = default) =>
        payments.RecordAsync(officeId, request, ct);

    public Task<InvoicePaymentRecorded> PayInvoiceAsync(string officeId, PayInvoiceRequest request, CancellationToken ct = default) =>
        payInvoice.HandleAsync(officeId, request, ct);

    public Task<CustomerAccountView> GetCustomerAccountAsync(string officeId, string customerId, CancellationToken ct = default) =>
        statements.GetAsync(officeId, customerId, ct);

    public Task<InvoicePaymentRequest?> GetPaymentRequestAsync(string officeId, string invoiceId, CancellationToken ct = default) =>
        paymentRequests.GetAsync(officeId, invoiceId, ct);

    public Task<InvoicePaymentRequest?> GetCustomerPaymentRequestAsync(string officeId, string customerId, string invoiceId, CancellationToken ct = default) =>
        paymentRequests.GetForCustomerAsync(officeId, customerId, invoiceId, ct);

    public async Task SettlePaymentAsync(
        string officeId, string customerId, string paymentId, DateOnly receivedOn, IReadOnlyList<PaymentAllocationRequest> allocations, CancellationToken ct = default) =>
        await confirmer.ConfirmAsync(CommandContexts.ForSystem(officeId, "billing"), customerId, paymentId, receivedOn, allocations, null, ct);

    public async Task FailPaymentAsync(string officeId, string customerId, string paymentId, string reason, CancellationToken ct = default) =>
        await failure.FailAsync(CommandContexts.ForSystem(officeId, "billing"), customerId, paymentId, reason, ct);

    public async Task ReturnPaymentAsync(string officeId, string customerId, string paymentId, string reason, DateOnly returnedOn, CancellationToken ct = default) =>
        await returns.ReturnAsync(CommandContexts.ForSystem(officeId, "billing"), customerId, paymentId, reason, returnedOn, ct);

    public Task<CardPaymentStarted> StartCardPaymentAsync(string officeId, string invoiceId, string returnUrl, CancellationToken ct = default) =>
        cards.StartAsync(CommandContexts.ForSystem(officeId, "billing"), invoiceId, returnUrl, ct);

    public Task<CardPaymentView?> GetCardPaymentAsync(string officeId, string providerReference, CancellationToken ct = default) =>
        cards.GetAsync(officeId, providerReference, ct);
}
