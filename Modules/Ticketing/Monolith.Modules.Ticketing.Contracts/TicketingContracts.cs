namespace Monolith.Modules.Ticketing.Contracts;

/// <summary>One day's box-office takings of an office, per session and price category (tickets issued that day, face value TTC,
/// fees excluded) — what accounting reconciles with the ticketing invoices.</summary>
public sealed record BoxOfficeTakings(string SessionId, string PriceCategory, long FirstNumber, long LastNumber, int Count, long Takings);

/// <summary>Public query of the Ticketing module (accounting, audit): the ticket register, read-only.</summary>
public interface ITicketRegister
{
    Task<IReadOnlyList<BoxOfficeTakings>> GetDailyTakingsAsync(string officeId, DateOnly day, CancellationToken ct = default);
}
