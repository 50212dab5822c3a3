using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Ticketing.Statements;

/// <summary>One price category's line of the day (CGI annex IV art. 50 sexies B): first and last numbers issued, count, takings (face
/// value TTC, fees excluded) and the VAT in them; <paramref name="CumulativeCount"/>/<paramref name="CumulativeTakings"/> since the
/// series began.</summary>
internal sealed record StatementLine(string PriceCategory, string Category, string Rate, long FirstNumber, long LastNumber, int Count, long Takings, long Vat,
    int CumulativeCount, long CumulativeTakings);

internal sealed record Statement(string SessionId, DateOnly Day, IReadOnlyList<StatementLine> Lines, int Count, long Takings, long Vat);

/// <summary>The statement as the API answers it: <see cref="Statement"/> (stored as it is in <see cref="DayClosed"/>, never reshaped) with
/// the currency of its amounts.</summary>
internal sealed record StatementView(string SessionId, DateOnly Day, IReadOnlyList<StatementLine> Lines, int Count, long Takings, long Vat) : IHasCurrency
{
    public string Currency => Currencies.Euro;

    public static StatementView From(Statement s) => new(s.SessionId, s.Day, s.Lines, s.Count, s.Takings, s.Vat);
}

internal abstract record StatementCommand;

internal sealed record CloseDay(Statement Statement, DateTimeOffset At) : StatementCommand;

internal abstract record StatementEvent;

/// <summary>The day is closed for the session: what was issued, frozen (the legal daily statement).</summary>
internal sealed record DayClosed(Statement Statement, DateTimeOffset At) : StatementEvent;

/// <summary>Stream <c>ticketing-statement-{sessionId}-{yyyyMMdd}</c>: one closed day of one session — one event, written once.</summary>
internal static class DailyStatement
{
    public static string StreamId(string sessionId, DateOnly day) => $"ticketing-statement-{sessionId}-{day:yyyyMMdd}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(DayClosed)] = "ticketing.statement-day-closed",
    };

    public static readonly Decider<StatementCommand, StatementEvent, DayClosed?> Decider = new(
        (c, s) => s is not null ? [] : c is CloseDay close ? [new DayClosed(close.Statement, close.At)] : [],
        (s, e) => e as DayClosed ?? s,
        null);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/ticketing/sessions/{sessionId}/statements/{day}", GetAsync).RequireAuthorization(PlatformPolicies.OfficeRead)
            .WithTags("Ticketing — box office").WithName("GetTicketingDailyStatement")
            .WithSummary("The box-office statement of a day for a session: first/last numbers, count and takings per price category.");

    internal static async Task<Results<Ok<StatementView>, NotFound>> GetAsync(string sessionId, DateOnly day, ICallerContext caller, CommandHandler handler,
        IReadModelDatabase connections, CancellationToken ct)
    {
        var closed = await handler.LoadAsync(Decider, StreamId(sessionId, day), caller.TenantId, ct: ct);
        if (closed.State is { } frozen)
        {
            return TypedResults.Ok(StatementView.From(frozen.Statement));
        }

        await using var connection = await connections.OpenAsync(ct);
        return TypedResults.Ok(StatementView.From(await ComputeAsync(connection, caller.TenantId, sessionId, day)));
    }

    /// <summary>From the ticket register (<c>ticketing_tickets</c>). Refunded tickets stay in it with their numbers: the series has no gap.
    /// The cumulative subqueries name the office and session by parameter: PostgreSQL refuses an outer column that is not grouped.</summary>
    internal static async Task<Statement> ComputeAsync(System.Data.Common.DbConnection connection, string officeId, string sessionId, DateOnly day)
    {
        var rows = (await connection.QueryAsync<(string PriceCategory, string Category, string Rate, long First, long Last, int Count, long Takings, long Vat, int CumCount, long CumTakings)>(
            """
            SELECT t.price_category, MIN(t.category), MIN(t.rate_code), MIN(t.number), MAX(t.number), COUNT(*), CAST(SUM(t.face_value) AS BIGINT),
                   CAST(SUM(t.face_value - (t.face_value * 10000 + (10000 + t.vat_rate_bp) / 2) / (10000 + t.vat_rate_bp)) AS BIGINT),
                   (SELECT COUNT(*) FROM ticketing_tickets c WHERE c.office_id = @office AND c.session_id = @sessionId AND c.price_category = t.price_category AND c.issued_on <= @day),
                   (SELECT CAST(COALESCE(SUM(c.face_value), 0) AS BIGINT) FROM ticketing_tickets c WHERE c.office_id = @office AND c.session_id = @sessionId AND c.price_category = t.price_category AND c.issued_on <= @day)
            FROM ticketing_tickets t
            WHERE t.office_id = @office AND t.session_id = @sessionId AND t.issued_on = @day
            GROUP BY t.price_category ORDER BY t.price_category
            """,
            new { office = officeId, sessionId, day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) })).ToList();
        var lines = rows.Select(r => new StatementLine(r.PriceCategory, r.Category, r.Rate, r.First, r.Last, r.Count, r.Takings, r.Vat, r.CumCount, r.CumTakings)).ToList();
        return new Statement(sessionId, day, lines, lines.Sum(l => l.Count), lines.Sum(l => l.Takings), lines.Sum(l => l.Vat));
    }
}

/// <summary>At 00:20 (office time) closes yesterday's statement of every session that issued tickets that day: the statement is
/// frozen in its stream (idempotent: a day closes once).</summary>
internal sealed class DailyStatementJob(IReadModelDatabase connections, CommandHandler handler, TimeProvider time) : ScheduledJob(time)
{
    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var open = await connection.QueryAsync<(string Office, string Session, string Day)>(
            "SELECT DISTINCT office_id, session_id, issued_on FROM ticketing_tickets WHERE issued_on < @today",
            new { today = DateOnly.FromDateTime(now.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        foreach (var (office, session, dayText) in open)
        {
            var day = DateOnly.ParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var stream = DailyStatement.StreamId(session, day);
            if ((await handler.LoadAsync(DailyStatement.Decider, stream, office, ct: ct)).State is not null)
            {
                continue;
            }

            var statement = await DailyStatement.ComputeAsync(connection, office, session, day);
            await handler.HandleAsync(DailyStatement.Decider, stream, new CloseDay(statement, now), CommandContexts.ForSystem(office, "ticketing.daily-statement"), ct: ct);
        }
    }
}
