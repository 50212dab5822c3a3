using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Accounts;

/// <summary>POST <c>/api/billing/invoices/{invoiceId}/customer-credit</c> (staff, Idempotency-Key): answers the invoice's new balance.</summary>
internal static class UseCustomerCreditEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapPost("/invoices/{invoiceId}/customer-credit", HandleAsync)
            .RequireAuthorization(PlatformPolicies.OfficeStaff).Idempotent().WithName("UseCustomerCredit")
            .WithSummary("Uses the customer's valid credit (credit notes kept as credit, overpayments) against the invoice's balance.");

    internal static async Task<Ok<InvoicePaymentRequest?>> HandleAsync(
        string invoiceId, ICallerContext caller, HttpContext http, CustomerCreditUse credit, PaymentRequests payments, CancellationToken ct)
    {
        await credit.UseAsync(caller.ForRequest(http), invoiceId, ct);
        return TypedResults.Ok<InvoicePaymentRequest?>(await payments.GetAsync(caller.TenantId, invoiceId, ct));
    }
}

/// <summary>Applies the customer's usable credit (credit notes kept as credit, overpayments) to an invoice's balance.</summary>
internal sealed class CustomerCreditUse(CommandHandler handler, NumberedDocuments documents, BillingOffices offices, TimeProvider time)
{
    public async Task<CustomerAccountState> UseAsync(CommandContext context, string invoiceId, CancellationToken ct = default)
    {
        var invoice = await documents.RequireInvoiceAsync(context.TenantId, invoiceId, ct);
        var office = await offices.RequireSellerAsync(context.TenantId, ct);
        var now = time.GetUtcNow();
        var result = await handler.HandleAsync(
            CustomerAccount.For(invoice.CustomerId), CustomerAccount.StreamId(context.TenantId, invoice.CustomerId),
            new UseCustomerCredit(InvoiceFacts.From(invoice), DocumentRegister.LocalDate(now, office.TimeZone), now), context with { Expected = null }, ct: ct);
        return result.State;
    }
}
