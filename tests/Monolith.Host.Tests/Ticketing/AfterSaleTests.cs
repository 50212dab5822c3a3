using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Ticketing;

/// <summary>After the sale: a postponement offered before any refund, exceptional requests approved by two people, nominative transfers
/// at no more than face value, a payment reference paying one order only.</summary>
public sealed class AfterSaleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = DateTimeOffset.UtcNow.Date.AddDays(20).AddHours(8);
    private readonly TicketingApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> BuyAndPayAsync(HttpClient staff, string office, string sessionId, string email, int quantity, IReadOnlyList<string>? holders = null)
    {
        var hold = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, sessionId, email, ("libre", "plein", quantity)));
        var order = await TicketingApp.EnsureAsync(await _app.CreateClient().PostAsJsonAsync($"/api/ticketing/public/{office}/orders", new
        {
            holds = new[] { new { sessionId, holdId = hold.GetProperty("holdId").GetString()! } },
            buyer = new { name = "Lucia Santoni", email, street = "3 rue du Port", postalCode = "20137", city = "Porto-Vecchio" },
            holders,
        }));
        var orderId = order.GetProperty("orderId").GetString()!;
        await _app.CatchUpAsync();
        await TicketingApp.EnsureAsync(await staff.PostAsJsonAsync($"/api/ticketing/orders/{orderId}/payments", new { method = "Cash" }));
        await _app.CatchUpAsync();
        return orderId;
    }

    [Fact]
    public async Task A_postponed_activity_moves_the_seats_the_buyer_keeps_or_asks_the_refund_of_the_face_value()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff, "kayak");
        await TicketingApp.ScheduleFreeAsync(staff, "kayak", "k1", Morning, 10);
        await TicketingApp.ScheduleFreeAsync(staff, "kayak", "k2", Morning.AddDays(7), 10);
        var keeper = await BuyAndPayAsync(staff, office, "k1", "lucia@exemple.fr", 2);
        var refused = await BuyAndPayAsync(staff, office, "k1", "paolo@exemple.fr", 3);

        var postponed = await TicketingApp.EnsureAsync(await staff.PostAsJsonAsync("/api/ticketing/sessions/k1/postponement",
            new { toSessionId = "k2", reason = "Fermeture du massif (risque d'incendie)", refundRequestDays = 10 }));
        postponed.GetProperty("toSessionId").GetString().Should().Be("k2");
        await _app.CatchUpAsync();

        var k2 = await TicketingApp.EnsureAsync(await staff.GetAsync("/api/ticketing/sessions/k2"));
        k2.GetProperty("sold").GetInt32().Should().Be(5, "every seat sold moved to the new date");
        _app.OutboxMessages(office).Should().Contain(m => m.Contains("paolo@exemple.fr", StringComparison.Ordinal) && m.Contains("report", StringComparison.OrdinalIgnoreCase));
        var untouched = await TicketingApp.EnsureAsync(await staff.GetAsync($"/api/ticketing/orders/{keeper}"));
        untouched.GetProperty("refunded").GetInt64().Should().Be(0, "the postponement is offered before any refund");

        var kept = await TicketingApp.EnsureAsync(await _app.CreateClient().PostAsJsonAsync($"/api/ticketing/public/{office}/orders/{keeper}/postponement", new { sessionId = "k1", choice = "keep" }));
        kept.GetProperty("choice").GetString().Should().Be("kept");
        var refund = await TicketingApp.EnsureAsync(await _app.CreateClient().PostAsJsonAsync($"/api/ticketing/public/{office}/orders/{refused}/postponement", new { sessionId = "k1", choice = "refund" }));
        refund.GetProperty("choice").GetString().Should().Be("declined");
        refund.GetProperty("refunded").GetInt64().Should().Be(3 * 2000, "the face value only");
        await _app.CatchUpAsync();

        var account = await _app.Services.GetRequiredService<IBillingService>().GetCustomerAccountAsync(office, "ticket-buyer-" + refused);
        account.TotalCreditNotes.Should().Be(6000, "the handling fees are kept");
        (await TicketingApp.EnsureAsync(await staff.GetAsync("/api/ticketing/sessions/k2"))).GetProperty("sold").GetInt32().Should().Be(2, "the refunded seats are on sale again");
        var late = await _app.CreateClient().PostAsJsonAsync($"/api/ticketing/public/{office}/orders/{keeper}/postponement", new { sessionId = "k1", choice = "refund" });
        late.StatusCode.Should().Be(HttpStatusCode.OK, "before the deadline the buyer may still change their mind");
    }

    /// <summary>The ticket's printed text (PDF read back with PdfPig when the server prints, else the HTML), without any spaces.</summary>
    private static async Task<string> TicketTextAsync(HttpClient staff, string ticketId)
    {
        var document = await staff.GetAsync($"/api/ticketing/tickets/{ticketId}/document");
        document.StatusCode.Should().Be(HttpStatusCode.OK);
        var bytes = await document.Content.ReadAsByteArrayAsync();
        var text = document.Content.Headers.ContentType?.MediaType == "application/pdf"
            ? string.Concat(UglyToad.PdfPig.PdfDocument.Open(bytes).GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text))
            : System.Text.Encoding.UTF8.GetString(bytes);
        return NoSpaces(text);
    }

    private static string NoSpaces(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c) && c is not '\u00A0' and not '\u202F')]);

    private static string Printed(DateTimeOffset instant) =>
        NoSpaces(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"))
            .ToString("dddd d MMMM yyyy 'à' HH'h'mm", CultureInfo.GetCultureInfo("fr-FR")));

    [Fact]
    public async Task A_ticket_of_a_postponed_session_prints_the_new_date_once_the_postponement_is_offered_and_kept()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff, "kayak");
        await TicketingApp.ScheduleFreeAsync(staff, "kayak", "k1", Morning, 10);
        await TicketingApp.ScheduleFreeAsync(staff, "kayak", "k2", Morning.AddDays(7).AddHours(2), 10);
        var keeper = await BuyAndPayAsync(staff, office, "k1", "lucia@exemple.fr", 1);
        var ticketId = (await TicketingApp.EnsureAsync(await staff.GetAsync($"/api/ticketing/orders/{keeper}"))).GetProperty("tickets")[0].GetProperty("ticketId").GetString()!;
        (await TicketTextAsync(staff, ticketId)).Should().Contain(Printed(Morning), "before the postponement the ticket shows its session's date");

        await TicketingApp.EnsureAsync(await staff.PostAsJsonAsync("/api/ticketing/sessions/k1/postponement",
            new { toSessionId = "k2", reason = "Tempête", refundRequestDays = 10 }));
        await _app.CatchUpAsync();

        // The offer e-mail says the tickets stay valid: the same ticket, downloaded again, admits to the new date and prints it.
        var offered = await TicketTextAsync(staff, ticketId);
        offered.Should().Contain(Printed(Morning.AddDays(7).AddHours(2))).And.NotContain(Printed(Morning));
        await TicketingApp.EnsureAsync(await _app.CreateClient().PostAsJsonAsync($"/api/ticketing/public/{office}/orders/{keeper}/postponement", new { sessionId = "k1", choice = "keep" }));
        (await TicketTextAsync(staff, ticketId)).Should().Contain(Printed(Morning.AddDays(7).AddHours(2)));
    }

    [Fact]
    public async Task A_postponement_to_a_session_without_room_for_every_seat_is_refused()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff, "kayak");
        await TicketingApp.ScheduleFreeAsync(staff, "kayak", "k1", Morning, 10);
        await TicketingApp.ScheduleFreeAsync(staff, "kayak", "k2", Morning.AddDays(7), 2);
        await BuyAndPayAsync(staff, office, "k1", "lucia@exemple.fr", 3);

        var response = await staff.PostAsJsonAsync("/api/ticketing/sessions/k1/postponement", new { toSessionId = "k2", reason = "Tempête" });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).Should().Contain("pas assez de places");
    }

    [Fact]
    public async Task An_exceptional_request_is_refunded_only_after_the_office_and_the_organiser_approve_by_two_different_people()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff);
        await TicketingApp.ScheduleFreeAsync(staff, "concert", "s1", Morning, 10);
        var orderId = await BuyAndPayAsync(staff, office, "s1", "lucia@exemple.fr", 2);
        (await staff.PostAsJsonAsync("/api/office/users", new { email = $"marc@{office}.test", displayName = "Marc", roles = new[] { "office-staff" }, password = TempHostApp.Password }))
            .EnsureSuccessStatusCode();
        await _app.CatchUpAsync();
        var colleague = await _app.SignInAsync(office, $"marc@{office}.test", TempHostApp.Password);

        var request = await TicketingApp.EnsureAsync(await staff.PostAsJsonAsync($"/api/ticketing/orders/{orderId}/exceptional-requests",
            new { sessionId = "s1", reason = "Illness", details = "Hospitalisation, certificat reçu" }));
        var requestId = request.GetProperty("requestId").GetString()!;
        var first = await TicketingApp.EnsureAsync(await staff.PostAsJsonAsync($"/api/ticketing/exceptional-requests/{requestId}/approvals", new { party = "Office" }));
        first.GetProperty("status").GetString().Should().Be("pending");
        (await TicketingApp.EnsureAsync(await staff.GetAsync($"/api/ticketing/orders/{orderId}"))).GetProperty("refunded").GetInt64().Should().Be(0);

        var same = await staff.PostAsJsonAsync($"/api/ticketing/exceptional-requests/{requestId}/approvals", new { party = "Organiser" });
        same.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "the second approval must come from someone else");
        var second = await TicketingApp.EnsureAsync(await colleague.PostAsJsonAsync($"/api/ticketing/exceptional-requests/{requestId}/approvals", new { party = "Organiser" }));

        second.GetProperty("status").GetString().Should().Be("approved");
        (await TicketingApp.EnsureAsync(await staff.GetAsync($"/api/ticketing/orders/{orderId}"))).GetProperty("refunded").GetInt64().Should().Be(2 * 2000);
        (await TicketingApp.EnsureAsync(await staff.GetAsync("/api/ticketing/sessions/s1"))).GetProperty("sold").GetInt32().Should().Be(0, "the seats are on sale again");
    }

    [Fact]
    public async Task A_nominative_ticket_is_transferred_at_face_value_and_not_above()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.EnsureAsync(await staff.PostAsJsonAsync("/api/ticketing/shows", new
        {
            showId = "gala",
            name = "Gala nominatif",
            kind = "LiveShow",
            organiserName = "Festival",
            organiserIsPartner = false,
            rates = new[] { new { code = "plein", label = "Plein tarif", kind = "Full", prices = new Dictionary<string, long> { ["libre"] = 4000 } } },
            nominative = true,
            transfersAllowed = true,
        }));
        await TicketingApp.ScheduleFreeAsync(staff, "gala", "g1", Morning, 10);
        var orderId = await BuyAndPayAsync(staff, office, "g1", "lucia@exemple.fr", 1, ["Lucia Santoni"]);
        var ticketId = (await TicketingApp.EnsureAsync(await staff.GetAsync($"/api/ticketing/orders/{orderId}"))).GetProperty("tickets")[0].GetProperty("ticketId").GetString()!;
        var buyer = _app.CreateClient();

        var above = await buyer.PostAsJsonAsync($"/api/ticketing/public/{office}/orders/{orderId}/tickets/{ticketId}/transfer", new { holder = "Marco Bianchi", price = 4001 });
        above.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await above.Content.ReadAsStringAsync()).Should().Contain("prix facial");

        var transferred = await TicketingApp.EnsureAsync(await buyer.PostAsJsonAsync($"/api/ticketing/public/{office}/orders/{orderId}/tickets/{ticketId}/transfer", new { holder = "Marco Bianchi", price = 4000 }));
        transferred.GetProperty("tickets")[0].GetProperty("holder").GetString().Should().Be("Marco Bianchi");
    }

    [Fact]
    public async Task One_payment_reference_pays_one_order()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff);
        await TicketingApp.ScheduleFreeAsync(staff, "concert", "s1", Morning, 10);
        async Task<HttpResponseMessage> PlaceAsync(string email)
        {
            var hold = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, "s1", email, ("libre", "plein", 1)));
            return await _app.CreateClient().PostAsJsonAsync($"/api/ticketing/public/{office}/orders", new
            {
                holds = new[] { new { sessionId = "s1", holdId = hold.GetProperty("holdId").GetString()! } },
                buyer = new { name = "Lucia Santoni", email, street = "3 rue du Port", postalCode = "20137", city = "Porto-Vecchio" },
                paymentReference = "pi_3NqX",
            });
        }

        (await PlaceAsync("lucia@exemple.fr")).StatusCode.Should().Be(HttpStatusCode.Created);
        var second = await PlaceAsync("autre@exemple.fr");

        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await second.Content.ReadAsStringAsync()).Should().Contain("référence de paiement");
        (await TicketingApp.EnsureAsync(await staff.GetAsync("/api/ticketing/sessions/s1"))).GetProperty("sold").GetInt32().Should().Be(1, "nothing of the refused order stays sold");
    }
}
