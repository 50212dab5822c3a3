using Monolith.Modules.Ticketing.Sessions;

namespace Monolith.Modules.Tests.Ticketing;

internal static class TicketingFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ShowTime = new(2026, 7, 14, 19, 0, 0, TimeSpan.Zero);

    public static SessionScheduled Free(int capacity, string id = "s1") =>
        new(id, "concert", ShowTime, null, Seating.Free, [new CategoryPlan("libre", "Placement libre", capacity)], null, 48, Now);

    public static SessionScheduled Numbered(string id = "s1", params RowPlan[] rows) =>
        new(id, "concert", ShowTime, null, Seating.Numbered, [new CategoryPlan("orchestre", "Orchestre", rows.Sum(r => r.To - r.From + 1), rows)], null, 48, Now);

    public static HoldSeats Hold(string holdId, int quantity, string buyer = "k-alice", int prior = 0, int max = 15, string category = "libre", DateTimeOffset? at = null) =>
        new(holdId, [buyer], [new HoldLine(category, "plein", quantity)], max, prior, at ?? Now, (at ?? Now).AddMinutes(15));

    public static SeatsHeld Held(string holdId, int quantity, string buyer = "k-alice", string category = "libre", DateTimeOffset? at = null, params string[] seats) =>
        new(holdId, [buyer], [new HeldLine(category, "plein", quantity, seats)], false, (at ?? Now).AddMinutes(15), at ?? Now);
}
