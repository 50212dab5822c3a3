using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Membership.Orders.Finalising;

using Monolith.Modules.Membership.Orders.Staff;

namespace Monolith.Modules.Membership.Orders.Paying;

/// <summary><paramref name="Method"/>: cheque or bankTransfer. <paramref name="ReceivedOn"/> null = today (office's date).</summary>
internal sealed record RecordPaymentRequest(PaymentMethod Method, long Amount, DateOnly? ReceivedOn, string? ChequeNumber, string? Bank, string? TransferReference);

internal sealed class RecordPaymentValidator : AbstractValidator<RecordPaymentRequest>
{
    public RecordPaymentValidator()
    {
        RuleFor(r => r.Method).Must(m => m is PaymentMethod.Cheque or PaymentMethod.BankTransfer)
            .WithMessage("Record cheques and transfers here; card payments are recorded by billing when the payment provider approves them.");
        RuleFor(r => r.Amount).GreaterThan(0).WithMessage("The amount is in cents and must be positive.");
        RuleFor(r => r.ChequeNumber).MaximumLength(50);
        RuleFor(r => r.Bank).MaximumLength(100);
        RuleFor(r => r.TransferReference).MaximumLength(140);
    }
}

/// <summary>POST <c>/api/membership/orders/{orderId}/payments</c> (staff): a cheque or a transfer received against the order's invoice,
/// recorded in billing; the order is finalised once nothing is left to pay. Card payments are not recorded here: billing records them
/// when the payment provider approves them (see <see cref="OrderInvoicing"/>).</summary>
internal static class RecordOrderPaymentEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = OrderListEndpoints.Group(app);
        group.MapPost("/{orderId}/payments", async (string orderId, RecordPaymentRequest request, HttpContext http, ICallerContext caller, OrderLoader loader,
            CommandHandler handler, IBillingService billing, TimeProvider time, CancellationToken ct) =>
        {
            var view = await RecordAsync(orderId, caller, http, loader, handler, billing, time, request.Amount, request.ReceivedOn, new PaymentDetails(
                request.Method,
                ChequeNumber: request.ChequeNumber, Bank: request.Bank, TransferReference: request.TransferReference), ct);
            return Revisioned.Ok(http, view, view.Revision);
        }).RequireAuthorization("office-staff").Validate<RecordPaymentRequest>().Idempotent()
          .WithSummary("Records a cheque or transfer against the order's invoice (in billing); the order is finalised when its invoice is paid in full.");
    }

    private static async Task<OrderView> RecordAsync(string orderId, ICallerContext caller, HttpContext http, OrderLoader loader, CommandHandler handler,
        IBillingService billing, TimeProvider time, long amount, DateOnly? receivedOn, PaymentDetails details, CancellationToken ct)
    {
        var order = (await loader.LoadAsync(caller.TenantId, orderId, null, ct)).Order.State;
        Order.RequireAwaitingPayment(order);
        var on = receivedOn ?? await loader.TodayAsync(caller.TenantId, ct);
        // The payment id comes from the Idempotency-Key when there is one: a retried request records nothing twice.
        var key = http.Request.Headers[BuildingBlocks.Http.Idempotency.HeaderName].ToString();
        var paymentId = string.IsNullOrEmpty(key)
            ? Guid.NewGuid().ToString("N")
            : DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"membership-payment/{caller.TenantId}/{orderId}/{key}").ToString("N");

        // Billing allocates the payment up to the invoice's balance and says whether the invoice is settled; it also publishes
        // InvoiceSettled, on which the order is finalised. The same step runs here at once, so the answer shows the order finalised.
        var recorded = await billing.PayInvoiceAsync(caller.TenantId, new PayInvoiceRequest(paymentId, order.InvoiceId!, details, amount, on), ct);
        if (recorded.Settled)
        {
            await FinaliseOrderOnInvoiceSettled.FinaliseAsync(handler, orderId, on, time.GetUtcNow(), caller.ForRequest(http) with { Expected = null }, ct);
        }

        return await OrderViews.LoadAsync(loader, caller.TenantId, orderId, null, ct);
    }
}
