using System.Globalization;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Facts;
using Monolith.Modules.Billing.Contracts.Facts;
using Monolith.Modules.Subscriptions.Billing;

namespace Monolith.Modules.Subscriptions.Subscriptions.Paying;

/// <summary>Billing settled the invoice of a subscription period (billing's one definition of "paid") → the period is settled. Command ids
/// derive from the fact: a replay appends nothing. A period already cancelled for non-payment stays cancelled (the refusal is logged: the
/// office refunds or re-subscribes by hand).</summary>
internal sealed partial class SettlePeriodOnInvoiceSettled(CommandHandler handler, ILogger<SettlePeriodOnInvoiceSettled> logger) : IReactTo<InvoiceSettled>
{
    public async Task ReactAsync(InvoiceSettled fact, FactContext context, CancellationToken ct)
    {
        if (fact.SourceModule != BillingServiceAdapter.SourceModule || Parse(fact.SourceReference) is not var (subscriptionId, period))
        {
            return;
        }

        try
        {
            await handler.HandleAsync(
                Subscription.Decider, Subscription.StreamId(subscriptionId), new RecordPayment(period, fact.InvoiceId, fact.SettledAt),
                context.Command("settle-period"), CommandOptions.ExistingStream, ct);
        }
        catch (DomainRuleViolation violation)
        {
            LogRefused(logger, subscriptionId, period, violation.Code, violation.Message);
        }
    }

    /// <summary>(subscription, period) from <see cref="SubscriptionInvoiceRequest.SourceReference"/> ("{id}/period-{n}").</summary>
    internal static (string SubscriptionId, int Period)? Parse(string sourceReference)
    {
        var slash = sourceReference.LastIndexOf("/period-", StringComparison.Ordinal);
        return slash > 0 && int.TryParse(sourceReference.AsSpan(slash + 8), NumberStyles.None, CultureInfo.InvariantCulture, out var period)
            ? (sourceReference[..slash], period)
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId}: the invoice of period {Period} is settled but the period refused it ({Code}: {Reason})")]
    private static partial void LogRefused(ILogger logger, string subscriptionId, int period, string code, string reason);
}
