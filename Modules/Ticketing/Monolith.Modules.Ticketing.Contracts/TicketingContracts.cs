namespace Monolith.Modules.Ticketing.Contracts;

/// <summary>One day's box-office takings of an office, per session and price category (tickets issued that day, face value TTC,
/// fees excluded) — what accounting reconciles with the ticketing invoices.</summary>
public sealed record BoxOfficeTakings(string SessionId, string PriceCategory, long FirstNumber, long LastNumber, int Count, long Takings);

/// <summary>Public query of the Ticketing module (accounting, audit): the ticket register, read-only.</summary>
public interface ITicketRegister
{
    Task<IReadOnlyList<BoxOfficeTakings>> GetDailyTakingsAsync(string officeId, DateOnly day, CancellationToken ct = default);
}

/// <summary>Published when the organiser (or the office, minimum of participants not reached) cancels a session: its buyers are being
/// refunded the face value. Appended with the cancellation, in the session's stream.</summary>
public sealed record TicketingSessionCancelled(string OfficeId, string SessionId, string ShowId, string Reason, bool MinimumNotReached, DateTimeOffset At)
    : Monolith.BuildingBlocks.Facts.IIntegrationEvent
{
    public const string WireName = "ticketing.published-session-cancelled";
}

/// <summary>Published when a ticket order is paid (its tickets are issued next): order, invoice, amounts (face value and fees apart).</summary>
public sealed record TicketOrderPaid(string OfficeId, string OrderId, string? InvoiceId, long FaceValue, long Fees, DateOnly PaidOn)
    : Monolith.BuildingBlocks.Facts.IIntegrationEvent
{
    public const string WireName = "ticketing.published-order-paid";
}

public static class TicketingFacts
{
    public static readonly Type[] All = [typeof(TicketingSessionCancelled), typeof(TicketOrderPaid)];
}
