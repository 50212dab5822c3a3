using System.Globalization;
using Dapper;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Ticketing.Contracts;

namespace Monolith.Modules.Ticketing;

internal sealed class TicketRegister(SqliteConnectionFactory connections) : ITicketRegister
{
    public async Task<IReadOnlyList<BoxOfficeTakings>> GetDailyTakingsAsync(string officeId, DateOnly day, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<BoxOfficeTakings>(
            """
            SELECT session_id AS SessionId, price_category AS PriceCategory, MIN(number) AS FirstNumber, MAX(number) AS LastNumber,
                   COUNT(*) AS Count, SUM(face_value) AS Takings
            FROM ticketing_tickets WHERE office_id = @office AND issued_on = @day
            GROUP BY session_id, price_category ORDER BY session_id, price_category
            """,
            new { office = officeId, day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        return [.. rows];
    }
}
