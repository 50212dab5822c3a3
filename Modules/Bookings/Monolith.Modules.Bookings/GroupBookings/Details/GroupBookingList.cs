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
using Monolith.Modules.Offices.Contracts;

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
    public static void Map(IEndpointRouteBuilder app)
    {
        var staff = GroupBookingRoutes.Staff(app).RequireAuthorization("office-read");
        staff.MapGet("/", ListAsync).WithName("ListGroupBookings").WithCsvExport()
            .WithListFilter("status", BookingStatuses).WithListSort(Sorts, DefaultSort)
            .WithSummary("Group bookings (paged): search by group, customer or reference (accents ignored); status, customer, arrival dates; sort; CSV.");

        staff.MapGet("/{bookingId}", async Task<Ok<GroupBookingView>> (string bookingId, ICallerContext caller, HttpContext http, GroupBookingStore store, CancellationToken ct) =>
        {
            var loaded = await store.LoadAsync(caller.TenantId, bookingId, ct);
            http.Response.SetRevision(loaded.Revision);
            return TypedResults.Ok(GroupBookingView.From(loaded.State, loaded.Revision));
        }).WithName("GetGroupBooking");

        var portal = app.MapGroup("/api/portal/bookings").WithTags("Bookings — customer portal").RequireAuthorization("customer");
        portal.MapGet("/", async Task<Ok<Paged<GroupBookingListItem>>> (int? page, int? pageSize, ICallerContext caller, IReadModelDatabase connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            return TypedResults.Ok(await QueryAsync(
                connection, new BookingFilter(caller.TenantId, null, caller.CustomerId ?? "-", null, null, null), ListSort.OrderBy(null, Sorts, DefaultSort, "b.booking_id"),
                page, pageSize, export: false));
        }).WithName("ListMyGroupBookings").WithSummary("The signed-in customer's own bookings.");
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

        app.MapGet("/api/bookings/credit-notes", ListCreditNotesAsync).WithTags("Bookings — credit notes").RequireAuthorization("office-read")
            .WithName("ListBookingCreditNotes").WithCsvExport().WithListFilter("status", CreditNoteStatuses).WithListSort(CreditNoteSorts, "expiresOn")
            .WithSummary("Credit notes (avoirs) by customer and status (valid, used, expired), paged; sort; CSV.");
    }

    /// <summary>The statuses a list filter accepts (an unknown one is a 400, docs/api.md "Lists").</summary>
    internal static readonly string[] BookingStatuses = ["quoted", "signed", "confirmed", "invoiced", "settled", "cancelled"];

    internal static readonly string[] CreditNoteStatuses = ["valid", "used", "expired"];

    private const string DefaultSort = "arrival";

    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["arrival"] = "b.start_date",
        ["departure"] = "b.end_date",
        ["reference"] = "b.reference",
        ["customer"] = "LOWER(b.customer_name)",
        ["total"] = "b.total",
        ["validUntil"] = "b.valid_until",
        ["updatedAt"] = "b.updated_at",
    };

    private static readonly IReadOnlyDictionary<string, string> CreditNoteSorts = new Dictionary<string, string>
    {
        ["expiresOn"] = "expires_on",
        ["paidOn"] = "paid_on",
        ["reference"] = "reference",
        ["remaining"] = "remaining",
    };

    internal sealed record CreditNoteItem(string CreditNoteId, string Reference, string CustomerId, string CustomerName, string SourceBookingId, long Amount, long Remaining,
        string PaidOn, string ExpiresOn, string Status) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    /// <summary>What the staff list selects (all optional but the office).</summary>
    private sealed record BookingFilter(string Tenant, string? Status, string? CustomerId, string? ArrivalFrom, string? ArrivalTo, string? Search);

    internal static async Task<Results<Ok<Paged<GroupBookingListItem>>, FileContentHttpResult>> ListAsync(
        string? status, string? customerId, DateOnly? arrivalFrom, DateOnly? arrivalTo, string? q, string? sort, int? page, int? pageSize, string? format,
        ICallerContext caller, HttpContext http, IReadModelDatabase connections, IOfficeCalendars calendars, CancellationToken ct)
    {
        var filter = new BookingFilter(caller.TenantId, ListFilters.OneOf(status, "status", BookingStatuses), ListFilters.Text(customerId),
            ListFilters.Day(arrivalFrom), ListFilters.Day(arrivalTo), ListSearch.Pattern(q));
        ListFilters.Range(arrivalFrom, arrivalTo, "arrivalFrom", "arrivalTo");
        var orderBy = ListSort.OrderBy(sort, Sorts, DefaultSort, "b.booking_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await QueryAsync(connection, filter, orderBy, page, pageSize, csv);
        return csv
            ? CsvExport.File(rows.Items, CsvColumns, $"reservations-groupes-{(await calendars.ForAsync(caller.TenantId, ct)).Today:yyyy-MM-dd}")
            : TypedResults.Ok(rows);
    }

    private static Task<Paged<GroupBookingListItem>> QueryAsync(
        System.Data.IDbConnection connection, BookingFilter filter, string orderBy, int? page, int? pageSize, bool export) =>
        ListQuery.PageAsync<GroupBookingListItem>(
            connection,
            """
            b.booking_id AS BookingId, b.reference AS Reference, b.customer_id AS CustomerId, b.customer_name AS CustomerName, b.title AS Title,
            b.start_date AS StartDate, b.end_date AS EndDate, b.status AS Status, b.valid_until AS ValidUntil, b.total AS Total, b.terms_version AS TermsVersion,
            b.intermediate_deadline AS IntermediateDeadline, b.final_deadline AS FinalDeadline
            """,
            $"""
            FROM bookings_group_bookings b LEFT JOIN bookings_group_booking_search s ON s.booking_id = b.booking_id
            WHERE b.office_id = @Tenant AND (@Status IS NULL OR b.status = @Status) AND (@CustomerId IS NULL OR b.customer_id = @CustomerId)
              AND (@ArrivalFrom IS NULL OR b.start_date >= @ArrivalFrom) AND (@ArrivalTo IS NULL OR b.start_date <= @ArrivalTo)
              AND {ListSearch.Condition("s.search_text", "@Search")}
            """,
            orderBy,
            filter,
            page,
            pageSize,
            export);

    private static readonly IReadOnlyList<CsvColumn<GroupBookingListItem>> CsvColumns =
    [
        CsvColumn<GroupBookingListItem>.Text("Référence", r => r.Reference),
        CsvColumn<GroupBookingListItem>.Text("Groupe", r => r.Title),
        CsvColumn<GroupBookingListItem>.Text("Client", r => r.CustomerName),
        CsvColumn<GroupBookingListItem>.Text("N° client", r => r.CustomerId),
        CsvColumn<GroupBookingListItem>.Date("Arrivée", r => Date(r.StartDate)),
        CsvColumn<GroupBookingListItem>.Date("Départ", r => Date(r.EndDate)),
        CsvColumn<GroupBookingListItem>.Text("Statut", r => StatusLabel(r.Status)),
        CsvColumn<GroupBookingListItem>.Euros("Total TTC (€)", r => r.Total),
        CsvColumn<GroupBookingListItem>.Date("Devis valable jusqu'au", r => Date(r.ValidUntil)),
        CsvColumn<GroupBookingListItem>.Date("Effectif définitif avant le", r => Date(r.FinalDeadline)),
    ];

    private static DateOnly? Date(string? iso) => iso is null ? null : DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string StatusLabel(string status) => status switch
    {
        "quoted" => "Devis",
        "signed" => "Signée",
        "confirmed" => "Confirmée",
        "invoiced" => "Facturée",
        "settled" => "Soldée",
        "cancelled" => "Annulée",
        _ => status,
    };

    internal static async Task<Results<Ok<Paged<CreditNoteItem>>, FileContentHttpResult>> ListCreditNotesAsync(
        string? customerId, string? status, string? sort, int? page, int? pageSize, string? format, ICallerContext caller, HttpContext http,
        IReadModelDatabase connections, IOfficeCalendars calendars, CancellationToken ct)
    {
        var statusFilter = ListFilters.OneOf(status, "status", CreditNoteStatuses);
        var orderBy = ListSort.OrderBy(sort, CreditNoteSorts, "expiresOn", "credit_note_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var notes = await ListQuery.PageAsync<CreditNoteItem>(
            connection,
            """
            credit_note_id AS CreditNoteId, reference AS Reference, customer_id AS CustomerId, customer_name AS CustomerName,
            source_booking_id AS SourceBookingId, amount AS Amount, remaining AS Remaining, paid_on AS PaidOn, expires_on AS ExpiresOn, status AS Status
            """,
            """
            FROM bookings_credit_notes
            WHERE office_id = @tenant AND (@customerId IS NULL OR customer_id = @customerId) AND (@status IS NULL OR status = @status)
            """,
            orderBy,
            new { tenant = caller.TenantId, customerId = ListFilters.Text(customerId), status = statusFilter },
            page,
            pageSize,
            csv);
        return csv
            ? CsvExport.File(notes.Items, CreditNoteColumns, $"avoirs-reservations-{(await calendars.ForAsync(caller.TenantId, ct)).Today:yyyy-MM-dd}")
            : TypedResults.Ok(notes);
    }

    private static readonly IReadOnlyList<CsvColumn<CreditNoteItem>> CreditNoteColumns =
    [
        CsvColumn<CreditNoteItem>.Text("Référence", r => r.Reference),
        CsvColumn<CreditNoteItem>.Text("Client", r => r.CustomerName),
        CsvColumn<CreditNoteItem>.Text("N° client", r => r.CustomerId),
        CsvColumn<CreditNoteItem>.Text("Réservation d'origine", r => r.SourceBookingId),
        CsvColumn<CreditNoteItem>.Euros("Montant (€)", r => r.Amount),
        CsvColumn<CreditNoteItem>.Euros("Reste à utiliser (€)", r => r.Remaining),
        CsvColumn<CreditNoteItem>.Date("Payé le", r => Date(r.PaidOn)),
        CsvColumn<CreditNoteItem>.Date("Valable jusqu'au", r => Date(r.ExpiresOn)),
        CsvColumn<CreditNoteItem>.Text("Statut", r => r.Status switch
        {
            "valid" => "Valable",
            "used" => "Utilisé",
            "expired" => "Expiré",
            _ => r.Status,
        }),
    ];
}
