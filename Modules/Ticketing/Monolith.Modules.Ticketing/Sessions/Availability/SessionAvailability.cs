using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Ticketing.Lists;
using Monolith.Modules.Ticketing.Shows;
using Monolith.Modules.Ticketing.Shows.Catalogue;

namespace Monolith.Modules.Ticketing.Sessions.Availability;

/// <summary>Real-time availability of a session (Zonza "Billetterie" art. 2): read from the session stream itself (through the desk's
/// cache), with lazy expiry — a hold whose time is up counts as free even before the expiry job records it. The read model
/// <c>ticketing_sessions</c>/<c>ticketing_holds</c> (projection below) serves lists and the jobs.</summary>
internal static class SessionAvailability
{
    public sealed record CategoryAvailability(string Code, string Label, int Capacity, int Available, int Sold, IReadOnlyList<string>? FreeSeats);

    public sealed record AvailabilityView(
        string SessionId,
        string ShowId,
        string ShowName,
        DateTimeOffset StartsAt,
        DateTimeOffset? EndsAt,
        Seating Seating,
        string Status,
        int Capacity,
        int Available,
        int Sold,
        int? MinParticipants,
        IReadOnlyList<CategoryAvailability> Categories,
        string? CancelReason,
        string? PostponementSessionId);

    public sealed record SessionListItem(string SessionId, string ShowId, string StartsAt, string? EndsAt, string Seating, int Capacity, int Held, int Sold,
        int? MinParticipants, string Status, string? CancelReason);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ticketing/sessions/{sessionId}", GetAsync).RequireAuthorization(PlatformPolicies.OfficeRead)
            .WithTags("Ticketing — catalogue").WithName("GetTicketingSession").WithSummary("A session with its real-time availability per category.");
        app.MapGet("/api/ticketing/shows/{showId}/sessions", ListAsync).RequireAuthorization(PlatformPolicies.OfficeRead)
            .WithTags("Ticketing — catalogue").WithName("ListTicketingSessions").WithCsvExport().WithListFilter("status", SessionStatuses).WithListSort(SessionSorts, "startsAt")
            .WithSummary("A show's sessions (paged): status, start dates (?from, ?to: days of the office's calendar); sort; CSV.");
        app.MapGet("/api/ticketing/public/{officeId}/sessions/{sessionId}", GetPublicAsync).AllowAnonymous()
            .WithTags("Ticketing — buyers").WithName("GetPublicTicketingSession").WithSummary("Real-time availability of a session, for buyers.");
    }

    internal static Task<Results<Ok<AvailabilityView>, NotFound>> GetAsync(string sessionId, ICallerContext caller, SessionDesk desk, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        LoadAsync(caller.TenantId, sessionId, desk, handler, time, ct);

    internal static Task<Results<Ok<AvailabilityView>, NotFound>> GetPublicAsync(string officeId, string sessionId, SessionDesk desk, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        LoadAsync(officeId, sessionId, desk, handler, time, ct);

    private static async Task<Results<Ok<AvailabilityView>, NotFound>> LoadAsync(string officeId, string sessionId, SessionDesk desk, CommandHandler handler, TimeProvider time, CancellationToken ct)
    {
        var (state, revision) = await desk.ReadAsync(officeId, sessionId, ct);
        if (!state.Exists)
        {
            return TypedResults.NotFound();
        }

        // Lazy expiry on read: fold the expiries due now without writing them (the job records them).
        var now = time.GetUtcNow();
        var current = Session.Decide(new ExpireHolds(now), state).Aggregate(state, Session.Evolve);
        var show = (await handler.LoadAsync(Show.Decider, Show.StreamId(state.Plan!.ShowId), officeId, ct: ct)).State.Require();
        return TypedResults.Ok(ToView(current, show));
    }

    internal static AvailabilityView ToView(SessionState state, ShowCreated show)
    {
        var plan = state.Require();
        var categories = plan.Categories.Select(c => new CategoryAvailability(c.Code, c.Label, c.Capacity, state.AvailableIn(c.Code), state.Sold.GetValueOrDefault(c.Code),
            c.Rows is { Count: > 0 } rows ? [.. rows.SelectMany(r => r.SeatIds()).Where(s => !state.SeatOwner.ContainsKey(s))] : null)).ToList();
        return new AvailabilityView(plan.SessionId, show.ShowId, show.Name, plan.StartsAt, plan.EndsAt, plan.Seating,
            state.Cancelled is not null ? "cancelled" : categories.Sum(c => c.Available) == 0 ? "sold-out" : "on-sale",
            state.Capacity, categories.Sum(c => c.Available), state.SoldTotal, plan.MinParticipants, categories,
            state.Cancelled?.Reason, state.Cancelled?.PostponementSessionId);
    }

    /// <summary>The statuses the list filter accepts (an unknown one is a 400, docs/api.md "Lists").</summary>
    internal static readonly string[] SessionStatuses = ["on-sale", "cancelled"];

    private static readonly IReadOnlyDictionary<string, string> SessionSorts = new Dictionary<string, string>
    {
        ["startsAt"] = "starts_at",
        ["sold"] = "sold",
        ["capacity"] = "capacity",
    };

    internal static async Task<Results<Ok<Paged<SessionListItem>>, FileContentHttpResult>> ListAsync(
        string showId, string? status, DateOnly? from, DateOnly? to, string? sort, int? page, int? pageSize, string? format, ICallerContext caller,
        HttpContext http, IReadModelDatabase connections, IOfficeCalendars calendars, CancellationToken ct)
    {
        ListFilters.Range(from, to);
        var statusFilter = ListFilters.OneOf(status, "status", SessionStatuses);
        var orderBy = ListSort.OrderBy(sort, SessionSorts, "startsAt", "session_id");
        var calendar = await calendars.ForAsync(caller.TenantId, ct);
        var (start, until) = OfficeDayRange.Of(from, to, calendar);
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<SessionRow>(
            connection,
            """
            session_id AS SessionId, show_id AS ShowId, starts_at AS StartsAt, ends_at AS EndsAt, seating AS Seating, capacity AS Capacity,
            held AS Held, sold AS Sold, min_participants AS MinParticipants, status AS Status, cancel_reason AS CancelReason
            """,
            """
            FROM ticketing_sessions
            WHERE office_id = @office AND show_id = @showId AND (@status IS NULL OR status = @status)
              AND (@start IS NULL OR starts_at >= @start) AND (@until IS NULL OR starts_at < @until)
            """,
            orderBy,
            new { office = caller.TenantId, showId, status = statusFilter, start, until },
            page,
            pageSize,
            csv);
        var sessions = rows.Map(r => r.ToItem());
        return csv
            ? CsvExport.File(sessions.Items, SessionColumns(TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone)), $"seances-{calendar.Today:yyyy-MM-dd}")
            : TypedResults.Ok(sessions);
    }

    private static IReadOnlyList<CsvColumn<SessionListItem>> SessionColumns(TimeZoneInfo zone) =>
    [
        CsvColumn<SessionListItem>.Instant("Début", r => Instant(r.StartsAt), zone),
        CsvColumn<SessionListItem>.Instant("Fin", r => Instant(r.EndsAt), zone),
        CsvColumn<SessionListItem>.Text("Placement", r => r.Seating switch
        {
            nameof(Seating.Numbered) => "Numéroté",
            nameof(Seating.Zoned) => "Par zone",
            _ => "Libre",
        }),
        CsvColumn<SessionListItem>.Number("Capacité", r => r.Capacity),
        CsvColumn<SessionListItem>.Number("Réservées", r => r.Held),
        CsvColumn<SessionListItem>.Number("Vendues", r => r.Sold),
        CsvColumn<SessionListItem>.Text("Statut", r => r.Status == "cancelled" ? "Annulée" : "En vente"),
        CsvColumn<SessionListItem>.Text("Motif d'annulation", r => r.CancelReason),
        CsvColumn<SessionListItem>.Text("Séance", r => r.SessionId),
    ];

    private static DateTimeOffset? Instant(string? iso) => iso is null ? null : DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    /// <summary>A row as stored (integers whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class SessionRow
    {
        public string SessionId { get; set; } = "";

        public string ShowId { get; set; } = "";

        public string StartsAt { get; set; } = "";

        public string? EndsAt { get; set; }

        public string Seating { get; set; } = "";

        public long Capacity { get; set; }

        public long Held { get; set; }

        public long Sold { get; set; }

        public long? MinParticipants { get; set; }

        public string Status { get; set; } = "";

        public string? CancelReason { get; set; }

        public SessionListItem ToItem() => new(SessionId, ShowId, StartsAt, EndsAt, Seating, (int)Capacity, (int)Held, (int)Sold, (int?)MinParticipants, Status,
            CancelReason);
    }
}

/// <summary>Read models <c>ticketing_sessions</c> (counts, status, when the minimum of participants is checked) and
/// <c>ticketing_holds</c> (what the expiry job scans).</summary>
internal sealed class SessionsProjection : IProjection
{
    public string Name => "ticketing.sessions";

    public bool Handles(string eventType) => eventType is "ticketing.session-scheduled" or "ticketing.seats-held" or "ticketing.hold-sold"
        or "ticketing.hold-released" or "ticketing.hold-expired" or "ticketing.seats-returned" or "ticketing.session-cancelled";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        var sessionId = e.StreamId["ticketing-session-".Length..];
        var db = ctx.Connection;
        var tx = ctx.Transaction;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case SessionScheduled s:
                await db.ExecuteAsync(
                    """
                    INSERT INTO ticketing_sessions (office_id, session_id, show_id, starts_at, ends_at, seating, capacity, min_participants, minimum_check_at, status)
                    VALUES (@office, @SessionId, @ShowId, @starts, @ends, @seating, @capacity, @MinParticipants, @check, 'on-sale')
                    ON CONFLICT (office_id, session_id) DO NOTHING
                    """,
                    new
                    {
                        office,
                        s.SessionId,
                        s.ShowId,
                        starts = Iso(s.StartsAt),
                        ends = s.EndsAt is { } end ? Iso(end) : null,
                        seating = s.Seating.ToString(),
                        capacity = s.Categories.Sum(c => c.Capacity),
                        s.MinParticipants,
                        check = s.MinParticipants is null ? null : Iso(s.StartsAt.AddHours(-s.MinimumCheckHours)),
                    },
                    tx);
                break;
            case SeatsHeld h:
                var seats = h.Lines.Sum(l => l.Quantity);
                await db.ExecuteAsync(
                    """
                    INSERT INTO ticketing_holds (office_id, hold_id, session_id, seats, expires_at, status) VALUES (@office, @HoldId, @sessionId, @seats, @expires, 'held')
                    ON CONFLICT (office_id, hold_id) DO NOTHING;
                    UPDATE ticketing_sessions SET held = held + @seats WHERE office_id = @office AND session_id = @sessionId;
                    """,
                    new { office, h.HoldId, sessionId, seats, expires = Iso(h.ExpiresAt) },
                    tx);
                break;
            case HoldSold s:
                await Move(db, tx, office, sessionId, s.HoldId, "sold", heldDelta: -1, soldDelta: +1);
                break;
            case HoldReleased r:
                await Move(db, tx, office, sessionId, r.HoldId, "released", heldDelta: -1, soldDelta: 0);
                break;
            case HoldExpired x:
                await Move(db, tx, office, sessionId, x.HoldId, "expired", heldDelta: -1, soldDelta: 0);
                break;
            case SeatsReturned r:
                await Move(db, tx, office, sessionId, r.HoldId, "returned", heldDelta: 0, soldDelta: -1);
                break;
            case SessionCancelled c:
                await db.ExecuteAsync(
                    "UPDATE ticketing_sessions SET status = 'cancelled', cancel_reason = @Reason, postponement_session_id = @PostponementSessionId WHERE office_id = @office AND session_id = @sessionId",
                    new { office, sessionId, c.Reason, c.PostponementSessionId },
                    tx);
                break;
        }
    }

    private static Task Move(System.Data.Common.DbConnection db, System.Data.Common.DbTransaction tx, string office, string sessionId, string holdId, string status, int heldDelta, int soldDelta) =>
        db.ExecuteAsync(
            """
            UPDATE ticketing_sessions SET held = held + @heldDelta * (SELECT seats FROM ticketing_holds WHERE office_id = @office AND hold_id = @holdId),
                sold = sold + @soldDelta * (SELECT seats FROM ticketing_holds WHERE office_id = @office AND hold_id = @holdId)
            WHERE office_id = @office AND session_id = @sessionId;
            UPDATE ticketing_holds SET status = @status WHERE office_id = @office AND hold_id = @holdId;
            """,
            new { office, sessionId, holdId, status, heldDelta, soldDelta },
            tx);

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM ticketing_holds; DELETE FROM ticketing_sessions;", transaction: ctx.Transaction);

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
