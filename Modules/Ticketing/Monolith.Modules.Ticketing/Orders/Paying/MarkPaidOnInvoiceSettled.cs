using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Facts;
using Monolith.Modules.Billing.Contracts.Facts;
using Monolith.Modules.Ticketing.Orders.Invoicing;

namespace Monolith.Modules.Ticketing.Orders.Paying;

/// <summary>Billing settled a ticket order's invoice (billing's one definition of "paid": a card payment confirmed by the provider,
/// or a counter payment recorded on billing's side) → the order is paid, on the date billing gives (else the office's date of the
/// settlement); <see cref="Tickets.IssueTicketsOnPaid"/> then issues the tickets. Event ids derive from the fact's id: a replay
/// appends nothing; an order already paid (the buyer's return page or the counter got there first) decides nothing.</summary>
internal sealed partial class MarkPaidOnInvoiceSettled(CommandHandler handler, OfficeClock clock, ILogger<MarkPaidOnInvoiceSettled> logger)
    : IReactTo<InvoiceSettled>
{
    public async Task ReactAsync(InvoiceSettled fact, FactContext context, CancellationToken ct)
    {
        if (fact.SourceModule != InvoiceOnOrderPlaced.SourceModule)
        {
            return;
        }

        var officeId = context.TenantId;
        var paidOn = fact.PaidOn ?? OfficeClock.LocalDate(fact.SettledAt, await clock.RequireOfficeAsync(officeId, ct));
        try
        {
            await handler.HandleAsync(TicketOrder.Decider, TicketOrder.StreamId(fact.SourceReference),
                new MarkPaid(paidOn, "facture " + fact.Number, fact.SettledAt, officeId), context.Command("mark-paid"), CommandOptions.ExistingStream, ct);
        }
        catch (DomainRuleViolation violation)
        {
            LogRefused(logger, fact.SourceReference, violation.Code, violation.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket order {OrderId}: its invoice is settled but the order refused to be paid ({Code}: {Reason})")]
    private static partial void LogRefused(ILogger logger, string orderId, string code, string reason);
}
