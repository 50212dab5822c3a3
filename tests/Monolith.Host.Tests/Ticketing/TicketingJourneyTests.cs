using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Ticketing;

public sealed class TicketingJourneyTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Evening = DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(19);
    private readonly TicketingApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_buyer_holds_orders_pays_at_the_counter_gets_numbered_tickets_by_e_mail_and_enters_once()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff);
        await TicketingApp.ScheduleNumberedAsync(staff, "concert", "s1", Evening, ("A", 4), ("B", 4));

        var hold = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, "s1", "lucia@exemple.fr", ("orchestre", "plein", 2), ("orchestre", "reduit", 1)));
        hold.GetProperty("seatsSeparated").GetBoolean().Should().BeFalse();
        hold.GetProperty("faceValue").GetInt64().Should().Be(2500 + 2500 + 1800);
        hold.GetProperty("fees").GetInt64().Should().Be(3 * 150);
        var holdId = hold.GetProperty("holdId").GetString()!;

        var order = await TicketingApp.EnsureAsync(await _app.OrderAsync(office, "lucia@exemple.fr", ("s1", holdId)));
        var orderId = order.GetProperty("orderId").GetString()!;
        var again = await _app.OrderAsync(office, "lucia@exemple.fr", ("s1", holdId));
        again.StatusCode.Should().Be(HttpStatusCode.OK, "the same holds converted again are the same order");
        (await TicketingApp.EnsureAsync(again)).GetProperty("orderId").GetString().Should().Be(orderId);

        await _app.CatchUpAsync();
        var paid = await TicketingApp.EnsureAsync(await staff.PostAsJsonAsync($"/api/ticketing/orders/{orderId}/payments", new { method = "Cash" }));
        paid.GetProperty("status").GetString().Should().BeOneOf(["paid", "ticketed"], "the reaction to billing's InvoiceSettled may pay the order and issue its tickets first");
        await _app.CatchUpAsync();

        var ticketed = await TicketingApp.EnsureAsync(await staff.GetAsync($"/api/ticketing/orders/{orderId}"));
        ticketed.GetProperty("status").GetString().Should().Be("ticketed");
        var tickets = ticketed.GetProperty("tickets").EnumerateArray().ToList();
        tickets.Select(t => (t.GetProperty("priceCategory").GetString(), t.GetProperty("number").GetInt64()))
            .Should().BeEquivalentTo([("orchestre.plein", 1L), ("orchestre.plein", 2L), ("orchestre.reduit", 1L)]);
        tickets.Select(t => t.GetProperty("seat").GetString()).Should().BeEquivalentTo(["A-1", "A-2", "A-3"]);

        var mail = _app.OutboxMessages(office).Should().ContainSingle(m => m.Contains("lucia@exemple.fr", StringComparison.Ordinal)
            && m.Contains("billet-1-orchestre.plein", StringComparison.Ordinal)).Subject;
        mail.Should().Contain("billet-1-orchestre.reduit");

        var document = await staff.GetAsync($"/api/ticketing/tickets/{tickets[0].GetProperty("ticketId").GetString()}/document");
        document.StatusCode.Should().Be(HttpStatusCode.OK);
        var scanner = await _app.ScannerAsync(staff, office);
        var token = QrToken(tickets[0].GetProperty("ticketId").GetString()!, office);
        var first = await TicketingApp.EnsureAsync(await scanner.PostAsJsonAsync("/api/ticketing/scans", new { token, sessionId = "s1", gate = "Porte A" }));
        first.GetProperty("outcome").GetString().Should().Be("admitted");
        var second = await TicketingApp.EnsureAsync(await scanner.PostAsJsonAsync("/api/ticketing/scans", new { token, sessionId = "s1", gate = "Porte B" }));
        second.GetProperty("outcome").GetString().Should().Be("refused");
        second.GetProperty("firstGate").GetString().Should().Be("Porte A");
        second.GetProperty("message").GetString().Should().Contain("déjà utilisé");

        var forged = await TicketingApp.EnsureAsync(await scanner.PostAsJsonAsync("/api/ticketing/scans", new { token = token[..^2] + "xx", sessionId = "s1", gate = "Porte A" }));
        forged.GetProperty("outcome").GetString().Should().Be("refused");
        (await scanner.GetAsync($"/api/ticketing/orders/{orderId}")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a scanner only scans");
    }

    [Fact]
    public async Task A_late_offline_batch_keeps_the_first_scan_by_scan_time()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff);
        await TicketingApp.ScheduleFreeAsync(staff, "concert", "s1", Evening, 50);
        var orderId = await BuyAndPayAsync(staff, office, "s1", "paolo@exemple.fr", 1);
        var ticketId = (await TicketingApp.EnsureAsync(await staff.GetAsync($"/api/ticketing/orders/{orderId}"))).GetProperty("tickets")[0].GetProperty("ticketId").GetString()!;
        var token = QrToken(ticketId, office);
        var scanner = await _app.ScannerAsync(staff, office);
        var door = Evening.AddMinutes(-30);

        var online = await TicketingApp.EnsureAsync(await scanner.PostAsJsonAsync("/api/ticketing/scans", new { token, sessionId = "s1", gate = "Porte A", scannedAt = door.AddMinutes(10) }));
        online.GetProperty("outcome").GetString().Should().Be("admitted");
        var batch = await TicketingApp.EnsureAsync(await scanner.PostAsJsonAsync("/api/ticketing/scans/batches", new
        {
            sessionId = "s1",
            gate = "Parking",
            scans = new[] { new { token, scannedAt = door.AddMinutes(2) } },
        }));
        batch[0].GetProperty("outcome").GetString().Should().Be("admitted", "the offline scan was made first");
        var later = await TicketingApp.EnsureAsync(await scanner.PostAsJsonAsync("/api/ticketing/scans", new { token, sessionId = "s1", gate = "Porte B", scannedAt = door.AddMinutes(20) }));
        later.GetProperty("firstGate").GetString().Should().Be("Parking");
    }

    [Fact]
    public async Task The_daily_statement_gives_first_and_last_numbers_count_and_takings_equal_to_the_invoices()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff);
        await TicketingApp.ScheduleFreeAsync(staff, "concert", "s1", Evening, 100);
        var orders = new List<string>
        {
            await BuyAndPayAsync(staff, office, "s1", "a@exemple.fr", 3),
            await BuyAndPayAsync(staff, office, "s1", "b@exemple.fr", 2, "reduit"),
            await BuyAndPayAsync(staff, office, "s1", "c@exemple.fr", 4),
        };

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);
        var statement = await TicketingApp.EnsureAsync(await staff.GetAsync($"/api/ticketing/sessions/s1/statements/{today:yyyy-MM-dd}"));
        statement.GetProperty("currency").GetString().Should().Be("EUR");
        var lines = statement.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("priceCategory").GetString()!);
        lines["libre.plein"].GetProperty("firstNumber").GetInt64().Should().Be(1);
        lines["libre.plein"].GetProperty("lastNumber").GetInt64().Should().Be(7);
        lines["libre.plein"].GetProperty("count").GetInt32().Should().Be(7);
        lines["libre.plein"].GetProperty("takings").GetInt64().Should().Be(7 * 2000);
        lines["libre.reduit"].GetProperty("lastNumber").GetInt64().Should().Be(2);

        var billing = _app.Services.GetRequiredService<IBillingService>();
        long invoiced = 0;
        long fees = 0;
        foreach (var orderId in orders)
        {
            var order = await TicketingApp.EnsureAsync(await staff.GetAsync($"/api/ticketing/orders/{orderId}"));
            var account = await billing.GetCustomerAccountAsync(office, "ticket-buyer-" + orderId);
            invoiced += account.TotalInvoices;
            account.Balance.Should().Be(0);
            fees += order.GetProperty("fees").GetInt64();
        }

        statement.GetProperty("takings").GetInt64().Should().Be(invoiced - fees, "the box office's takings are the invoices' ticket lines (fees apart)");
    }

    [Fact]
    public async Task Per_person_limits_hold_across_orders_and_across_sessions_of_one_show()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff);
        await TicketingApp.ScheduleFreeAsync(staff, "concert", "s1", Evening, 200);
        await TicketingApp.ScheduleFreeAsync(staff, "concert", "s2", Evening.AddDays(1), 200);

        await BuyAndPayAsync(staff, office, "s1", "Marc.Rossi@Gmail.com", 10);
        var overAcrossSessions = await _app.HoldAsync(office, "s2", "marcrossi+bis@gmail.com", ("libre", "plein", 6));
        overAcrossSessions.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await overAcrossSessions.Content.ReadAsStringAsync()).Should().Contain("vous en avez déjà 10");

        var atLimit = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, "s2", "marc.rossi@gmail.com", ("libre", "plein", 5)));
        await TicketingApp.EnsureAsync(await _app.OrderAsync(office, "marc.rossi@gmail.com", ("s2", atLimit.GetProperty("holdId").GetString()!)));
        var oneMore = await _app.HoldAsync(office, "s1", "marc.rossi@gmail.com", ("libre", "plein", 1));
        oneMore.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task One_order_across_shows_is_limited_to_twenty_seats()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff, "concert");
        await TicketingApp.CreateConcertAsync(staff, "opera");
        await TicketingApp.ScheduleFreeAsync(staff, "concert", "c1", Evening, 100);
        await TicketingApp.ScheduleFreeAsync(staff, "opera", "o1", Evening, 100);

        var twelve = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, "c1", "groupe@exemple.fr", ("libre", "plein", 12)));
        var eight = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, "o1", "groupe@exemple.fr", ("libre", "plein", 8)));
        var nine = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, "o1", "groupe@exemple.fr", ("libre", "plein", 1)));

        var over = await _app.OrderAsync(office, "groupe@exemple.fr", ("c1", twelve.GetProperty("holdId").GetString()!), ("o1", eight.GetProperty("holdId").GetString()!),
            ("o1", nine.GetProperty("holdId").GetString()!));
        over.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await over.Content.ReadAsStringAsync()).Should().Contain("limit.per-order");

        var twenty = await _app.OrderAsync(office, "groupe@exemple.fr", ("c1", twelve.GetProperty("holdId").GetString()!), ("o1", eight.GetProperty("holdId").GetString()!));
        twenty.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Many_buyers_at_once_for_the_last_seats_exactly_those_are_sold_and_the_others_hear_complet()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff);
        await TicketingApp.ScheduleFreeAsync(staff, "concert", "s1", Evening, 20);
        var early = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, "s1", "early@exemple.fr", ("libre", "plein", 15)));
        await TicketingApp.EnsureAsync(await _app.OrderAsync(office, "early@exemple.fr", ("s1", early.GetProperty("holdId").GetString()!)));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            var email = $"fan{i}@exemple.fr";
            var hold = await _app.HoldAsync(office, "s1", email, ("libre", "plein", 1));
            if (hold.StatusCode != HttpStatusCode.Created)
            {
                return new Attempt(hold.StatusCode, await hold.Content.ReadAsStringAsync(), null);
            }

            var holdId = (await hold.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holdId").GetString()!;
            var order = await _app.OrderAsync(office, email, ("s1", holdId));
            var body = await order.Content.ReadAsStringAsync();
            return new Attempt(order.StatusCode, body, order.StatusCode == HttpStatusCode.Created ? JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetString() : null);
        }));

        attempts.Count(a => a.Order is not null).Should().Be(5);
        attempts.Where(a => a.Order is null).Should().OnlyContain(a => a.Status == HttpStatusCode.Conflict || a.Status == HttpStatusCode.TooManyRequests);
        attempts.Where(a => a.Status == HttpStatusCode.Conflict).Should().OnlyContain(a => a.Body.Contains("Complet", StringComparison.Ordinal));
        var session = await TicketingApp.EnsureAsync(await staff.GetAsync("/api/ticketing/sessions/s1"));
        session.GetProperty("sold").GetInt32().Should().Be(20);
        session.GetProperty("available").GetInt32().Should().Be(0);
    }

    private sealed record Attempt(HttpStatusCode Status, string Body, string? Order);

    private string QrToken(string ticketId, string office) =>
        _app.Services.GetRequiredService<Modules.Ticketing.Tickets.TicketToken>().Sign(office, ticketId);

    private async Task<string> BuyAndPayAsync(HttpClient staff, string office, string sessionId, string email, int quantity, string rate = "plein")
    {
        var hold = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, sessionId, email, ("libre", rate, quantity)));
        var order = await TicketingApp.EnsureAsync(await _app.OrderAsync(office, email, (sessionId, hold.GetProperty("holdId").GetString()!)));
        var orderId = order.GetProperty("orderId").GetString()!;
        await _app.CatchUpAsync();
        await TicketingApp.EnsureAsync(await staff.PostAsJsonAsync($"/api/ticketing/orders/{orderId}/payments", new { method = "Cash" }));
        await _app.CatchUpAsync();
        return orderId;
    }
}
