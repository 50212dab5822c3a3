using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Facts;
using Monolith.Modules.Billing.Contracts.Facts;
using Monolith.Modules.Bookings.GroupBookings.Billing;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Confirming;

/// <summary>Billing settled a booking's invoice (billing's one definition of "paid", whoever recorded the payment: a card, a cheque
/// or a transfer entered on billing's side) → the booking moves on through <see cref="InvoiceSettlement.OnSettledAsync"/>: deposit
/// invoice → deposit received; final invoice → balance received (the exchange vouchers follow). Paid on the date billing gives (else
/// the office's date of the settlement). Event ids derive from the fact's id: a replay appends nothing; a step already recorded
/// (by the booking's own payment endpoint) decides nothing.</summary>
internal sealed partial class MoveBookingOnInvoiceSettled(InvoiceSettlement settlement, IOfficeCalendars calendars, ILogger<MoveBookingOnInvoiceSettled> logger)
    : IReactTo<InvoiceSettled>
{
    public async Task ReactAsync(InvoiceSettled fact, FactContext context, CancellationToken ct)
    {
        if (fact.SourceModule != BookingBilling.SourceModule)
        {
            return;
        }

        var paidOn = fact.PaidOn ?? await calendars.DateOfAsync(context.TenantId, fact.SettledAt, ct);
        try
        {
            await settlement.OnSettledAsync(context.TenantId, fact.SourceReference, paidOn, context.EventId, ct);
        }
        catch (DomainRuleViolation violation)
        {
            LogRefused(logger, fact.SourceReference, violation.Code, violation.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Booking invoice {SourceReference}: settled but the booking refused to move on ({Code}: {Reason})")]
    private static partial void LogRefused(ILogger logger, string sourceReference, string code, string reason);
}
