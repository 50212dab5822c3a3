using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Billing.Accounts;

/// <summary>A received payment came back (a SEPA direct debit returned by the debtor's bank after its collection date): what it paid
/// on each invoice is open again and its unallocated part is no longer customer credit (<c>billing.payment-returned</c>). No endpoint:
/// the module that collected it (the marina's direct-debit run) decides it through <c>IBillingService.ReturnPaymentAsync</c>.</summary>
internal sealed class PaymentReturn(CommandHandler handler, TimeProvider time)
{
    public async Task<CustomerAccountState> ReturnAsync(
        CommandContext context, string customerId, string paymentId, string reason, DateOnly returnedOn, CancellationToken ct = default)
    {
        var result = await handler.HandleAsync(
            CustomerAccount.For(customerId), CustomerAccount.StreamId(context.TenantId, customerId),
            new ReturnPayment(paymentId, reason, returnedOn, time.GetUtcNow()), context with { Expected = null }, CommandOptions.ExistingStream, ct);
        return result.State;
    }
}
