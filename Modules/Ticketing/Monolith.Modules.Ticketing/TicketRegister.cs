using System.Globalization;
using Dapper;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Ticketing.Contracts;

namespace Monolith.Modules.Ticketing;

internal sealed class TicketRegister(IReadModelDatabase connections) : ITicketRegister
{
    public async Task<IReadOnlyList<BoxOfficeTakings>> GetDailyTakingsAsync(string officeId, DateOnly day, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        // Positional tuple of long, then the contract's record (Dapper's record constructors need exact types; a sum of bigint is
        // numeric on PostgreSQL, hence the cast).
        var rows = await connection.QueryAsync<(string SessionId, string PriceCategory, long FirstNumber, long LastNumber, long Count, long Takings)>(
            """
            SELECT session_id AS SessionId, price_category AS PriceCategory, MIN(number) AS FirstNumber, MAX(number) AS LastNumber,
                   COUNT(*) AS Count, CAST(SUM(face_value) AS BIGINT) AS Takings
            FROM ticketing_tickets WHERE office_id = @office AND issued_on = @day
            GROUP BY session_id, price_category ORDER BY session_id, price_category
            """,
            new { office = officeId, day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        return [.. rows.Select(r => new BoxOfficeTakings(r.SessionId, r.PriceCategory, r.FirstNumber, r.LastNumber, (int)r.Count, r.Takings))];
    }
}
