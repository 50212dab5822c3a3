using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Accounts;

/// <summary>GET <c>/api/billing/invoices/{invoiceId}/payment-request</c>: "pay this invoice" — reference = invoice number, amount = its
/// balance on the customer account (what the payment page needs).</summary>
internal static class PayThisInvoiceEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/invoices/{invoiceId}/payment-request", HandleAsync).RequireAuthorization().WithName("GetInvoicePaymentRequest")
            .WithSummary("Pay this invoice: reference = invoice number, amount = balance (what the payment page needs).");

    internal static async Task<Ok<InvoicePaymentRequest?>> HandleAsync(
        string invoiceId, ICallerContext caller, NumberedDocuments documents, PaymentRequests payments, CancellationToken ct)
    {
        await documents.RequireVisibleInvoiceAsync(caller, invoiceId, ct);
        return TypedResults.Ok<InvoicePaymentRequest?>(await payments.GetAsync(caller.TenantId, invoiceId, ct));
    }
}

/// <summary>The balance of an invoice, folded from its customer's account stream.</summary>
internal sealed class PaymentRequests(NumberedDocuments documents, AccountReader accounts)
{
    public Task<InvoicePaymentRequest?> GetAsync(string officeId, string invoiceId, CancellationToken ct = default) => GetForCustomerAsync(officeId, null, invoiceId, ct);

    /// <summary>Null when the invoice does not exist or, with <paramref name="customerId"/>, is another customer's.</summary>
    public async Task<InvoicePaymentRequest?> GetForCustomerAsync(string officeId, string? customerId, string invoiceId, CancellationToken ct = default)
    {
        if (await documents.LoadInvoiceAsync(officeId, invoiceId, ct) is not { } invoice || (customerId is not null && invoice.CustomerId != customerId))
        {
            return null;
        }

        var state = CustomerAccount.For(invoice.CustomerId).Fold(await accounts.ReadAsync(officeId, invoice.CustomerId, ct));
        return new InvoicePaymentRequest(invoice.InvoiceId, invoice.Number, Math.Max(0, state.BalanceOf(InvoiceFacts.From(invoice))));
    }
}
