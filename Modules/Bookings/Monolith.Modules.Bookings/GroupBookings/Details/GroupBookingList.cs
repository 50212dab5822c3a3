using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Bookings.Credits;

namespace Monolith.Modules.Bookings.GroupBookings.Details;

internal sealed record GroupBookingListItem(string BookingId, string Reference, string CustomerId, string CustomerName, string Title, string StartDate, string EndDate,
    string Status, string ValidUntil, long Total, long TermsVersion, string? IntermediateDeadline, string FinalDeadline) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

/// <summary>Read model <c>bookings_group_bookings</c> (lists, the reminder job's scan) and <c>bookings_credit_notes</c>; the GET
/// endpoints of staff (list with paging, one booking folded from its stream with its ETag) and of the customer's portal (their own
/// bookings only).</summary>
internal sealed class GroupBookingListProjection : IProjection
{
    public string Name => "bookings.read-models";

    public bool Handles(string eventType) => eventType.StartsWith("bookings.", StringComparison.Ordinal);

    public static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        var at = e.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
        var db = ctx.Connection;
        var tx = ctx.Transaction;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case QuoteIssued q:
                var deadlines = Terms.Rules.Deadlines.Participants(q.Terms, q.Start, q.WithLodging);
                await db.ExecuteAsync(
                    """
                    INSERT INTO bookings_group_bookings (booking_id, office_id, reference, customer_id, customer_name, title, start_date, end_date, status, valid_until,
                        total, terms_version, intermediate_deadline, final_deadline, updated_at)
                    VALUES (@BookingId, @office, @Reference, @CustomerId, @CustomerName, @Title, @Start, @End, 'quoted', @ValidUntil, @Total, @Version, @Intermediate,
                        @Final, @at)
                    ON CONFLICT (booking_id) DO NOTHING
                    """,
                    new
                    {
                        q.BookingId,
                        office,
                        q.Reference,
                        q.Customer.CustomerId,
                        CustomerName = q.Customer.Name,
                        q.Title,
                        Start = D(q.Start),
                        End = D(q.End),
                        ValidUntil = D(q.ValidUntil),
                        q.Total,
                        q.Terms.Version,
                        Intermediate = deadlines.Intermediate is { } i ? D(i) : null,
                        Final = D(deadlines.Final),
                        at,
                    },
                    tx);
                break;
            case QuoteSigned s:
                await Update(db, tx, s.BookingId, office, at, "status = 'signed', total = @total", new { total = s.Total });
                break;
            case DepositReceived d:
                await Update(db, tx, d.BookingId, office, at, "status = CASE WHEN status = 'signed' THEN 'confirmed' ELSE status END", null);
                break;
            case ParticipantCountRecorded p:
                await Update(db, tx, p.BookingId, office, at, p.Kind == CountKind.Final ? "final_given = 1" : "intermediate_given = 1", null);
                break;
            case FinalInvoiceAttached f:
                await Update(db, tx, f.BookingId, office, at, "status = CASE WHEN status IN ('signed', 'confirmed') THEN 'invoiced' ELSE status END", null);
                break;
            case BalanceReceived b:
                await Update(db, tx, b.BookingId, office, at, "status = CASE WHEN status = 'cancelled' THEN status ELSE 'settled' END", null);
                break;
            case CancelledByCustomer c:
                await Update(db, tx, c.BookingId, office, at, "status = 'cancelled'", null);
                break;
            case CancelledByOffice c:
                await Update(db, tx, c.BookingId, office, at, "status = 'cancelled'", null);
                break;
            case PriceRevised p:
                await Update(db, tx, p.BookingId, office, at, "total = @total", new { total = p.NewTotal });
                break;
            case BookingTransferred t:
                await Update(db, tx, t.BookingId, office, at, "customer_id = @id, customer_name = @name", new { id = t.To.CustomerId, name = t.To.Name });
                break;
            case CreditNoteIssued n:
                await db.ExecuteAsync(
                    """
                    INSERT INTO bookings_credit_notes (credit_note_id, office_id, reference, customer_id, customer_name, source_booking_id, amount, remaining, paid_on,
                        expires_on, status, updated_at)
                    VALUES (@CreditNoteId, @office, @Reference, @CustomerId, @CustomerName, @SourceBookingId, @Amount, @Amount, @PaidOn, @ExpiresOn, 'valid', @at)
                    ON CONFLICT (credit_note_id) DO NOTHING
                    """,
                    new { n.CreditNoteId, office, n.Reference, n.CustomerId, n.CustomerName, n.SourceBookingId, n.Amount, PaidOn = D(n.PaidOn), ExpiresOn = D(n.ExpiresOn), at },
                    tx);
                break;
            case CreditNoteUsed u:
                await db.ExecuteAsync(
                    "UPDATE bookings_credit_notes SET remaining = @Remaining, status = CASE WHEN @Remaining = 0 THEN 'used' ELSE 'valid' END, updated_at = @at WHERE credit_note_id = @CreditNoteId AND office_id = @office",
                    new { u.Remaining, u.CreditNoteId, office, at }, tx);
                break;
            case CreditNoteExpired x:
                await db.ExecuteAsync(
                    "UPDATE bookings_credit_notes SET remaining = 0, status = 'expired', updated_at = @at WHERE credit_note_id = @CreditNoteId AND office_id = @office",
                    new { x.CreditNoteId, office, at }, tx);
                break;
        }
    }

    private static Task Update(System.Data.Common.DbConnection db, System.Data.Common.DbTransaction tx, string bookingId, string office, string at, string set,
        object? extra)
    {
        var args = new DynamicParameters(extra);
        args.Add("bookingId", bookingId);
        args.Add("office", office);
        args.Add("at", at);
        return db.ExecuteAsync($"UPDATE bookings_group_bookings SET {set}, updated_at = @at WHERE booking_id = @bookingId AND office_id = @office", args, tx);
    }

    public async Task ResetAsync(ProjectionContext ctx, CancellationToken ct)
    {
        await ctx.Connection.ExecuteAsync("DELETE FROM bookings_group_bookings", transaction: ctx.Transaction);
        await ctx.Connection.ExecuteAsync("DELETE FROM bookings_credit_notes", transaction: ctx.Transaction);
    }
}

internal static class GroupBookingDetails
{
    private const string Select =
        """
        SELECT booking_id AS BookingId, reference AS Reference, customer_id AS CustomerId, customer_name AS CustomerName, title AS Title, start_date AS StartDate,
               end_date AS EndDate, status AS Status, valid_until AS ValidUntil, total AS Total, terms_version AS TermsVersion,
               intermediate_deadline AS IntermediateDeadline, final_deadline AS FinalDeadline
        FROM bookings_group_bookings
        """;

    public static void Map(IEndpointRouteBuilder app)
    {
        var staff = GroupBookingRoutes.Staff(app).RequireAuthorization("office-read");
        staff.MapGet("/", async Task<Ok<Paged<GroupBookingListItem>>> (string? status, string? customerId, int? page, int? pageSize, ICallerContext caller,
            SqliteConnectionFactory connections, CancellationToken ct) =>
            TypedResults.Ok(await ListAsync(connections, caller.TenantId, ListFilters.OneOf(status, "status", BookingStatuses), customerId, page, pageSize, ct)))
            .WithName("ListGroupBookings").WithSummary("Group bookings by status (quoted, signed, confirmed, invoiced, settled, cancelled), by start date; paged.");

        staff.MapGet("/{bookingId}", async Task<Ok<GroupBookingView>> (string bookingId, ICallerContext caller, HttpContext http, GroupBookingStore store, CancellationToken ct) =>
        {
            var loaded = await store.LoadAsync(caller.TenantId, bookingId, ct);
            http.Response.SetRevision(loaded.Revision);
            return TypedResults.Ok(GroupBookingView.From(loaded.State, loaded.Revision));
        }).WithName("GetGroupBooking");

        var portal = app.MapGroup("/api/portal/bookings").WithTags("Bookings — customer portal").RequireAuthorization("customer");
        portal.MapGet("/", async Task<Ok<Paged<GroupBookingListItem>>> (int? page, int? pageSize, ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
            TypedResults.Ok(await ListAsync(connections, caller.TenantId, null, caller.CustomerId ?? "-", page, pageSize, ct)))
            .WithName("ListMyGroupBookings").WithSummary("The signed-in customer's own bookings.");
        portal.MapGet("/{bookingId}", async Task<Ok<GroupBookingView>> (string bookingId, ICallerContext caller, HttpContext http, GroupBookingStore store, CancellationToken ct) =>
        {
            var loaded = await store.LoadAsync(caller.TenantId, bookingId, ct);
            if (loaded.State.Customer?.CustomerId != caller.CustomerId)
            {
                throw new NotFoundException("Réservation introuvable.");
            }

            http.Response.SetRevision(loaded.Revision);
            return TypedResults.Ok(GroupBookingView.From(loaded.State, loaded.Revision));
        }).WithName("GetMyGroupBooking");

        app.MapGet("/api/bookings/credit-notes", async Task<Ok<IReadOnlyList<CreditNoteItem>>> (string? customerId, string? status, ICallerContext caller,
            SqliteConnectionFactory connections, CancellationToken ct) =>
        {
            status = ListFilters.OneOf(status, "status", CreditNoteStatuses);
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<CreditNoteItem>(
                $"""
                SELECT credit_note_id AS CreditNoteId, reference AS Reference, customer_id AS CustomerId, customer_name AS CustomerName,
                       source_booking_id AS SourceBookingId, amount AS Amount, remaining AS Remaining, paid_on AS PaidOn, expires_on AS ExpiresOn, status AS Status
                FROM bookings_credit_notes WHERE office_id = @tenant
                {(customerId is null ? string.Empty : "AND customer_id = @customerId")} {(status is null ? string.Empty : "AND status = @status")}
                ORDER BY expires_on LIMIT 500
                """,
                new { tenant = caller.TenantId, customerId, status });
            return TypedResults.Ok<IReadOnlyList<CreditNoteItem>>([.. rows]);
        }).WithTags("Bookings — credit notes").RequireAuthorization("office-read").WithName("ListBookingCreditNotes")
          .WithSummary("Credit notes (avoirs) by customer and status (valid, used, expired).");
    }

    /// <summary>The statuses a list filter accepts (an unknown one is a 400, docs/api.md "Lists").</summary>
    internal static readonly string[] BookingStatuses = ["quoted", "signed", "confirmed", "invoiced", "settled", "cancelled"];

    internal static readonly string[] CreditNoteStatuses = ["valid", "used", "expired"];

    internal sealed record CreditNoteItem(string CreditNoteId, string Reference, string CustomerId, string CustomerName, string SourceBookingId, long Amount, long Remaining,
        string PaidOn, string ExpiresOn, string Status);

    private static async Task<Paged<GroupBookingListItem>> ListAsync(SqliteConnectionFactory connections, string tenant, string? status, string? customerId, int? page,
        int? pageSize, CancellationToken ct)
    {
        var (number, size, offset) = Paging.Of(page, pageSize);
        var where = $"WHERE office_id = @tenant {(status is null ? string.Empty : "AND status = @status")} {(customerId is null ? string.Empty : "AND customer_id = @customerId")}";
        await using var connection = await connections.OpenAsync(ct);
        var args = new { tenant, status, customerId, size, offset };
        var total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM bookings_group_bookings {where}", args);
        var rows = await connection.QueryAsync<GroupBookingListItem>($"{Select} {where} ORDER BY start_date, booking_id LIMIT @size OFFSET @offset", args);
        return new Paged<GroupBookingListItem>([.. rows], number, size, total);
    }
}
