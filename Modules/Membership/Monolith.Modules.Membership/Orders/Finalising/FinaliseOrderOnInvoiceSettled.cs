using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Facts;
using Monolith.Modules.Billing.Contracts.Facts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Membership.Orders.Finalising;

/// <summary>Billing settled the invoice of a membership order (billing's one definition of "paid") → the order is finalised, paid on the
/// date billing gives (else the office's date of the settlement). Command ids derive from the fact: a replay appends nothing. The
/// counter's payment endpoint runs the same step at once (<see cref="FinaliseAsync"/>), so its answer shows the order finalised; then
/// this reaction finds it done.</summary>
internal sealed partial class FinaliseOrderOnInvoiceSettled(CommandHandler handler, IOfficeCalendars calendars, ILogger<FinaliseOrderOnInvoiceSettled> logger)
    : IReactTo<InvoiceSettled>
{
    public async Task ReactAsync(InvoiceSettled fact, FactContext context, CancellationToken ct)
    {
        if (fact.SourceModule != OrderInvoicing.SourceModule || OrderInvoicing.OrderIdOf(fact.SourceReference) is not { } orderId)
        {
            return;
        }

        var paidOn = fact.PaidOn ?? (await calendars.ForAsync(context.TenantId, fact.SettledAt, ct)).Today;
        try
        {
            await FinaliseAsync(handler, orderId, paidOn, fact.SettledAt, context.Command("finalise"), ct);
        }
        catch (DomainRuleViolation violation)
        {
            LogRefused(logger, orderId, violation.Code, violation.Message);
        }
    }

    public static Task FinaliseAsync(CommandHandler handler, string orderId, DateOnly paidOn, DateTimeOffset at, CommandContext context, CancellationToken ct) =>
        handler.HandleAsync(Order.Decider, Order.StreamId(orderId), new FinaliseOrder(paidOn, at), context, CommandOptions.ExistingStream, ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId}: its invoice is settled but the order refused to be finalised ({Code}: {Reason})")]
    private static partial void LogRefused(ILogger logger, string orderId, string code, string reason);
}
