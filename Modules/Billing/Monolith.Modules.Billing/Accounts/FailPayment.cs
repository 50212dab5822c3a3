using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Billing.Accounts;

/// <summary>A pending payment failed (a card declined by the provider): it never counts. No endpoint: the card provider's notification
/// (Payments) decides it.</summary>
internal sealed class PaymentFailure(CommandHandler handler, TimeProvider time)
{
    public async Task<CustomerAccountState> FailAsync(CommandContext context, string customerId, string paymentId, string reason, CancellationToken ct = default)
    {
        var result = await handler.HandleAsync(
            CustomerAccount.For(customerId), CustomerAccount.StreamId(context.TenantId, customerId),
            new FailPayment(paymentId, reason, time.GetUtcNow()), context with { Expected = null }, CommandOptions.ExistingStream, ct);
        return result.State;
    }
}
