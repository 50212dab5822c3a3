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
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Ticketing.Shows.Catalogue;

namespace Monolith.Modules.Ticketing.Orders.Details;

/// <summary>An order as the buyer and the staff see it (from its stream), and the read models <c>ticketing_orders</c> and
/// <c>ticketing_tickets</c> (the ticket register: one row per ticket with its legal number; the daily statement and the entrance
/// read it).</summary>
internal static class OrderDetails
{
    public sealed record TicketView(string TicketId, long Number, string PriceCategory, string SessionId, string ShowName, DateTimeOffset StartsAt,
        string Category, string Rate, string? Seat, long FaceValue, string? Holder, string? ProofRequired);

    public sealed record LineView(string SessionId, string ShowName, DateTimeOffset StartsAt, string Category, string Rate, string? Seat, long FaceValue, long Fee);

    public sealed record OrderView(
        string OrderId,
        string Status,
        string BuyerName,
        string BuyerEmail,
        IReadOnlyList<LineView> Lines,
        long FaceValue,
        long Fees,
        long Total,
        string? InvoiceId,
        string? InvoiceNumber,
        DateOnly? PaidOn,
        IReadOnlyList<TicketView> Tickets,
        long Refunded) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    public sealed record OrderListItem(string OrderId, string BuyerName, int Seats, long Total, string Channel, string Status, string? InvoiceNumber, string PlacedAt) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ticketing/orders/{orderId}", GetAsync).RequireAuthorization(PlatformPolicies.OfficeRead)
            .WithTags("Ticketing — counter").WithName("GetTicketingOrder");
        app.MapGet("/api/ticketing/orders", ListAsync).RequireAuthorization(PlatformPolicies.OfficeRead)
            .WithTags("Ticketing — counter").WithName("ListTicketingOrders").WithCsvExport().WithListFilter("status", OrderStatuses)
            .WithListFilter("channel", Channels).WithListSort(Sorts, "-placedAt")
            .WithSummary("Orders (paged, newest first): search by buyer name, e-mail, order or invoice number (accents ignored); status, channel, dates; sort; CSV.");
        app.MapGet("/api/ticketing/public/{officeId}/orders/{orderId}", GetPublicAsync).AllowAnonymous()
            .WithTags("Ticketing — buyers").WithName("GetPublicTicketingOrder").WithSummary("The buyer's order (its id is the secret the buyer was given).");
    }

    internal static Task<Results<Ok<OrderView>, NotFound>> GetAsync(string orderId, ICallerContext caller, CommandHandler handler, CancellationToken ct) =>
        LoadAsync(caller.TenantId, orderId, handler, ct);

    internal static Task<Results<Ok<OrderView>, NotFound>> GetPublicAsync(string officeId, string orderId, CommandHandler handler, CancellationToken ct) =>
        LoadAsync(officeId, orderId, handler, ct);

    private static async Task<Results<Ok<OrderView>, NotFound>> LoadAsync(string officeId, string orderId, CommandHandler handler, CancellationToken ct)
    {
        var order = await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), officeId, ct: ct);
        return order.State.Exists ? TypedResults.Ok(ToView(order.State)) : TypedResults.NotFound();
    }

    /// <summary>The statuses the list filter accepts (an unknown one is a 400, docs/api.md "Lists").</summary>
    internal static readonly string[] OrderStatuses = ["awaiting-payment", "paid", "ticketed"];

    internal static readonly string[] Channels = ["online", "counter"];

    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["placedAt"] = "o.placed_at",
        ["total"] = "o.total",
        ["buyer"] = "COALESCE(s.search_text, LOWER(o.buyer_name))",
        ["invoiceNumber"] = "o.invoice_number",
    };

    internal static async Task<Results<Ok<Paged<OrderListItem>>, FileContentHttpResult>> ListAsync(
        string? q, string? status, string? channel, DateOnly? from, DateOnly? to, string? sort, int? page, int? pageSize, string? format, ICallerContext caller,
        HttpContext http, IReadModelDatabase connections, IOfficeCalendars calendars, CancellationToken ct)
    {
        ListFilters.Range(from, to);
        var calendar = await calendars.ForAsync(caller.TenantId, ct);
        var (start, until) = Lists.OfficeDayRange.Of(from, to, calendar);
        var args = new
        {
            office = caller.TenantId,
            q = ListSearch.Pattern(q),
            status = ListFilters.OneOf(status, "status", OrderStatuses),
            channel = ListFilters.OneOf(channel, "channel", Channels),
            start,
            until,
        };
        var orderBy = ListSort.OrderBy(sort, Sorts, "-placedAt", "o.order_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<OrderRow>(
            connection,
            """
            o.order_id AS OrderId, o.buyer_name AS BuyerName, o.seats AS Seats, o.total AS Total, o.channel AS Channel, o.status AS Status,
            o.invoice_number AS InvoiceNumber, o.placed_at AS PlacedAt
            """,
            """
            FROM ticketing_orders o LEFT JOIN ticketing_order_search s ON s.office_id = o.office_id AND s.order_id = o.order_id
            WHERE o.office_id = @office AND (@status IS NULL OR o.status = @status) AND (@channel IS NULL OR o.channel = @channel)
              AND (@start IS NULL OR o.placed_at >= @start) AND (@until IS NULL OR o.placed_at < @until)
              AND (@q IS NULL OR s.search_text LIKE @q ESCAPE '\' OR LOWER(o.invoice_number) LIKE @q ESCAPE '\')
            """,
            orderBy,
            args,
            page,
            pageSize,
            csv);
        var items = rows.Map(r => r.ToItem());
        if (!csv)
        {
            return TypedResults.Ok(items);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(OfficeCalendar.ZoneOf(calendar.TimeZone));
        IReadOnlyList<CsvColumn<OrderListItem>> columns =
        [
            CsvColumn<OrderListItem>.Text("Commande", r => r.OrderId),
            CsvColumn<OrderListItem>.Instant("Passée le", r => DateTimeOffset.Parse(r.PlacedAt, CultureInfo.InvariantCulture), zone),
            CsvColumn<OrderListItem>.Text("Acheteur", r => r.BuyerName),
            CsvColumn<OrderListItem>.Number("Places", r => r.Seats),
            CsvColumn<OrderListItem>.Euros("Total TTC (€)", r => r.Total),
            CsvColumn<OrderListItem>.Text("Canal", r => r.Channel == "counter" ? "Guichet" : "En ligne"),
            CsvColumn<OrderListItem>.Text("Statut", r => r.Status switch { "awaiting-payment" => "En attente de paiement", "paid" => "Payée", "ticketed" => "Billets émis", _ => r.Status }),
            CsvColumn<OrderListItem>.Text("Facture", r => r.InvoiceNumber),
        ];
        return CsvExport.File(items.Items, columns, $"commandes-billetterie-{calendar.Today:yyyy-MM-dd}");
    }

    /// <summary>A row as stored (integers whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class OrderRow
    {
        public string OrderId { get; set; } = "";

        public string BuyerName { get; set; } = "";

        public long Seats { get; set; }

        public long Total { get; set; }

        public string Channel { get; set; } = "";

        public string Status { get; set; } = "";

        public string? InvoiceNumber { get; set; }

        public string PlacedAt { get; set; } = "";

        public OrderListItem ToItem() => new(OrderId, BuyerName, (int)Seats, Total, Channel, Status, InvoiceNumber, PlacedAt);
    }

    internal static OrderView ToView(OrderState state)
    {
        var placed = state.Placed!;
        var tickets = state.Tickets?.Tickets.Select(t =>
        {
            var line = placed.Lines[t.Line];
            return new TicketView(t.TicketId, t.Number, t.PriceCategory, t.SessionId, line.ShowName, line.StartsAt, line.CategoryLabel, line.RateLabel, t.Seat, t.FaceValue,
                state.HolderOf(t.Line), line.ProofRequired);
        }).ToList() ?? [];
        return new OrderView(placed.OrderId, StatusOf(state), placed.Buyer.Name, placed.Buyer.Email,
            [.. placed.Lines.Select(l => new LineView(l.SessionId, l.ShowName, l.StartsAt, l.CategoryLabel, l.RateLabel, l.Seat, l.FaceValue, l.Fee))],
            placed.FaceValueTotal, placed.FeesTotal, placed.Total, state.InvoiceId, state.InvoiceNumber, state.Paid?.PaidOn, tickets,
            state.Refunds.Sum(r => r.FaceValueRefunded));
    }

    internal static string StatusOf(OrderState state) => state.Status switch
    {
        OrderStatus.AwaitingPayment => "awaiting-payment",
        OrderStatus.Paid => "paid",
        OrderStatus.Ticketed => "ticketed",
        _ => "none",
    };
}

internal sealed class OrdersProjection : IProjection
{
    public string Name => "ticketing.orders";

    public bool Handles(string eventType) => eventType is "ticketing.order-placed" or "ticketing.order-invoice-attached" or "ticketing.order-paid"
        or "ticketing.tickets-issued" or "ticketing.session-tickets-refunded" or "ticketing.ticket-admitted" or "ticketing.ticket-earlier-scan-recorded";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        var db = ctx.Connection;
        var tx = ctx.Transaction;
        var orderId = e.StreamId.StartsWith("ticketing-order-", StringComparison.Ordinal) ? e.StreamId["ticketing-order-".Length..] : null;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case OrderPlaced p:
                await db.ExecuteAsync(
                    """
                    INSERT INTO ticketing_orders (office_id, order_id, buyer_id, buyer_name, buyer_email, seats, face_value, fees, total, channel, status, placed_at)
                    VALUES (@office, @OrderId, @BuyerId, @name, @email, @seats, @FaceValueTotal, @FeesTotal, @total, @Channel, 'awaiting-payment', @at)
                    ON CONFLICT (office_id, order_id) DO NOTHING
                    """,
                    new { office, p.OrderId, p.BuyerId, name = p.Buyer.Name, email = p.Buyer.Email, seats = p.Lines.Count, p.FaceValueTotal, p.FeesTotal, total = p.Total, p.Channel, at = Iso(p.At) },
                    tx);
                break;
            case InvoiceAttached i:
                await db.ExecuteAsync("UPDATE ticketing_orders SET invoice_id = @InvoiceId, invoice_number = @InvoiceNumber WHERE office_id = @office AND order_id = @orderId",
                    new { office, orderId, i.InvoiceId, i.InvoiceNumber }, tx);
                break;
            case OrderPaid paid:
                await db.ExecuteAsync("UPDATE ticketing_orders SET status = 'paid', paid_on = @on WHERE office_id = @office AND order_id = @orderId",
                    new { office, orderId, on = paid.PaidOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, tx);
                break;
            case TicketsIssued t:
                await db.ExecuteAsync("UPDATE ticketing_orders SET status = 'ticketed' WHERE office_id = @office AND order_id = @orderId", new { office, orderId }, tx);
                foreach (var ticket in t.Tickets)
                {
                    await db.ExecuteAsync(
                        """
                        INSERT INTO ticketing_tickets (office_id, ticket_id, order_id, session_id, show_id, category, rate_code, price_category, number, face_value,
                            vat_rate_bp, seat, issued_on, status)
                        VALUES (@office, @TicketId, @orderId, @SessionId, @ShowId, @Category, @RateCode, @PriceCategory, @Number, @FaceValue, @VatBasisPoints, @Seat, @on, 'valid')
                        ON CONFLICT (office_id, ticket_id) DO NOTHING
                        """,
                        new
                        {
                            office,
                            ticket.TicketId,
                            orderId,
                            ticket.SessionId,
                            ticket.ShowId,
                            ticket.Category,
                            ticket.RateCode,
                            ticket.PriceCategory,
                            ticket.Number,
                            ticket.FaceValue,
                            ticket.VatBasisPoints,
                            ticket.Seat,
                            on = t.IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        },
                        tx);
                }

                break;
            case SessionTicketsRefunded r:
                await db.ExecuteAsync("UPDATE ticketing_tickets SET status = 'refunded' WHERE office_id = @office AND order_id = @orderId AND session_id = @SessionId",
                    new { office, orderId, r.SessionId }, tx);
                break;
            case Admissions.TicketAdmitted a:
                await db.ExecuteAsync("UPDATE ticketing_tickets SET first_scan_at = @at, first_gate = @Gate WHERE office_id = @office AND ticket_id = @TicketId",
                    new { office, a.TicketId, a.Gate, at = Iso(a.ScannedAt) }, tx);
                break;
            case Admissions.EarlierScanRecorded x:
                await db.ExecuteAsync("UPDATE ticketing_tickets SET first_scan_at = @at, first_gate = @Gate WHERE office_id = @office AND ticket_id = @TicketId",
                    new { office, x.TicketId, x.Gate, at = Iso(x.ScannedAt) }, tx);
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM ticketing_tickets; DELETE FROM ticketing_orders;", transaction: ctx.Transaction);

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
