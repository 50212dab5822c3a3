using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Monolith.Host.Tests.Ticketing;

/// <summary>Ticketing's staff lists (shows, a show's sessions, orders): paging with a total, accent-insensitive search, typed filters
/// (invalid → 400 in French), sort, CSV.</summary>
public sealed class TicketingListTests(TicketingApp app) : IClassFixture<TicketingApp>
{
    private static readonly DateTimeOffset Soon = DateTimeOffset.UtcNow.Date.AddDays(10).AddHours(18);
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.Date.AddDays(40).AddHours(18);

    private static IEnumerable<string?> Values(JsonElement page, string property) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(property).GetString());

    private static async Task<JsonElement> Get(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Day(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task CreateShowAsync(HttpClient staff, string showId, string name, string kind, string organiser) =>
        await TicketingApp.EnsureAsync(await staff.PostAsJsonAsync("/api/ticketing/shows", new
        {
            showId,
            name,
            kind,
            organiserName = organiser,
            organiserIsPartner = false,
            rates = new object[] { new { code = "plein", label = "Plein tarif", kind = "Full", prices = new Dictionary<string, long> { ["libre"] = 1000 } } },
            handlingFeePerTicket = 0,
        }));

    /// <summary>An order of <paramref name="seats"/> free-placement seats on <paramref name="sessionId"/> by <paramref name="buyer"/>.</summary>
    private async Task<string> OrderAsync(string officeId, string sessionId, string buyer, string email, int seats)
    {
        var hold = await TicketingApp.EnsureAsync(await app.HoldAsync(officeId, sessionId, email, ("libre", "plein", seats)));
        var order = await TicketingApp.EnsureAsync(await app.CreateClient().PostAsJsonAsync($"/api/ticketing/public/{officeId}/orders", new
        {
            holds = new[] { new { sessionId, holdId = hold.GetProperty("holdId").GetString() } },
            buyer = new { name = buyer, email, street = "3 rue du Port", postalCode = "20137", city = "Porto-Vecchio" },
        }));
        return order.GetProperty("orderId").GetString()!;
    }

    [Fact]
    public async Task Shows_are_paged_searched_without_accents_filtered_by_kind_and_exported()
    {
        // Show and session ids name streams: unique per test, since the tests of this class share one host.
        var (staff, _) = await app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff, "concert-list");
        await CreateShowAsync(staff, "citadelle-list", "Visite de la Citadelle", "SiteAdmission", "Ville de Bonifacio");
        await CreateShowAsync(staff, "kayak-list", "Kayak à l'Île Cavallo", "LeisureActivity", "Club nautique");
        await app.CatchUpAsync();

        var first = await Get(staff, "/api/ticketing/shows?pageSize=2");
        first.GetProperty("total").GetInt64().Should().Be(3);
        Values(first, "showId").Should().Equal("kayak-list", "concert-list");
        Values(await Get(staff, "/api/ticketing/shows?pageSize=2&page=2"), "showId").Should().Equal("citadelle-list");
        Values(await Get(staff, "/api/ticketing/shows?q=ILE%20cavallo"), "showId").Should().Equal("kayak-list");
        Values(await Get(staff, "/api/ticketing/shows?q=bonifacio"), "showId").Should().Equal("citadelle-list");
        Values(await Get(staff, "/api/ticketing/shows?kind=siteAdmission"), "showId").Should().Equal("citadelle-list");
        Values(await Get(staff, "/api/ticketing/shows?partner=true"), "showId").Should().Equal("concert-list");
        Values(await Get(staff, "/api/ticketing/shows?sort=-name"), "showId").Should().Equal("citadelle-list", "concert-list", "kayak-list");

        var bytes = await staff.GetByteArrayAsync("/api/ticketing/shows?format=csv");
        bytes.Take(3).Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("Code;Spectacle ou activité;Type;Organisateur;Partenaire;Frais de location par billet (€)");
        lines.Should().HaveCount(4);
        lines[2].Should().Be("concert-list;Polyphonies à Zonza;LiveShow;Association Voce di Zonza;oui;1,50");
    }

    [Fact]
    public async Task A_shows_sessions_are_filtered_by_status_and_office_dates()
    {
        var (staff, _) = await app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff, "concert-sessions");
        await TicketingApp.ScheduleFreeAsync(staff, "concert-sessions", "later-sessions", Later, 50);
        await TicketingApp.ScheduleFreeAsync(staff, "concert-sessions", "soon-sessions", Soon, 50);
        await app.CatchUpAsync();

        var all = await Get(staff, "/api/ticketing/shows/concert-sessions/sessions?pageSize=1");
        all.GetProperty("total").GetInt64().Should().Be(2);
        Values(all, "sessionId").Should().Equal("soon-sessions");
        Values(await Get(staff, $"/api/ticketing/shows/concert-sessions/sessions?from={Day(Later)}"), "sessionId").Should().Equal("later-sessions");
        Values(await Get(staff, $"/api/ticketing/shows/concert-sessions/sessions?to={Day(Soon)}"), "sessionId").Should().Equal("soon-sessions");
        Values(await Get(staff, "/api/ticketing/shows/concert-sessions/sessions?sort=-startsAt"), "sessionId").Should().Equal("later-sessions", "soon-sessions");
        (await Get(staff, "/api/ticketing/shows/concert-sessions/sessions?status=cancelled")).GetProperty("total").GetInt64().Should().Be(0);
        (await Get(staff, "/api/ticketing/shows/concert-sessions/sessions?status=on-sale")).GetProperty("total").GetInt64().Should().Be(2);

        var export = await staff.GetAsync("/api/ticketing/shows/concert-sessions/sessions?format=csv&sort=-startsAt&pageSize=1");
        export.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        export.Content.Headers.ContentDisposition!.ToString().Should().Contain("seances-");
        var bytes = await export.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("Début;Fin;Placement;Capacité;Réservées;Vendues;Statut;Motif d'annulation;Séance");
        lines.Skip(1).Select(l => l.Split(';')[^1]).Should().Equal(["later-sessions", "soon-sessions"], "every row (paging does not apply), in the asked order");
        lines[1].Split(';')[3..7].Should().Equal("50", "0", "0", "En vente");
    }

    [Fact]
    public async Task Orders_are_paged_newest_first_searched_by_buyer_filtered_and_exported()
    {
        var (staff, office) = await app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff, "concert-orders");
        await TicketingApp.ScheduleFreeAsync(staff, "concert-orders", "s1-orders", Soon, 50);
        var lucia = await OrderAsync(office, "s1-orders", "Lucia Santoni", "lucia@exemple.fr", 2);
        var noel = await OrderAsync(office, "s1-orders", "Noël Pèrez", "noel@exemple.fr", 3);
        await app.CatchUpAsync();

        var page = await Get(staff, "/api/ticketing/orders?pageSize=1");
        page.GetProperty("total").GetInt64().Should().Be(2);
        Values(page, "orderId").Should().Equal(noel);
        Values(await Get(staff, "/api/ticketing/orders?pageSize=1&page=2"), "orderId").Should().Equal(lucia);
        Values(await Get(staff, "/api/ticketing/orders?q=NOEL%20perez"), "orderId").Should().Equal(noel);
        Values(await Get(staff, "/api/ticketing/orders?q=lucia@"), "orderId").Should().Equal(lucia);
        Values(await Get(staff, "/api/ticketing/orders?sort=buyer"), "orderId").Should().Equal(lucia, noel);
        (await Get(staff, "/api/ticketing/orders?status=awaiting-payment&channel=online")).GetProperty("total").GetInt64().Should().Be(2);
        (await Get(staff, "/api/ticketing/orders?channel=counter")).GetProperty("total").GetInt64().Should().Be(0);
        var today = Day(DateTimeOffset.UtcNow);
        (await Get(staff, $"/api/ticketing/orders?from={today}&to={today}")).GetProperty("total").GetInt64().Should().Be(2);
        (await Get(staff, $"/api/ticketing/orders?to={Day(DateTimeOffset.UtcNow.AddDays(-2))}")).GetProperty("total").GetInt64().Should().Be(0);

        var response = await staff.GetAsync("/api/ticketing/orders?format=csv&sort=buyer");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("Commande;Passée le;Acheteur;Places;Total TTC (€);Canal;Statut;Facture");
        var noelRow = lines[2].Split(';');
        noelRow[0].Should().Be(noel);
        noelRow[1].Should().MatchRegex(@"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$");
        noelRow[2].Should().Be("Noël Pèrez");
        noelRow[4].Should().MatchRegex(@"^\d+,\d{2}$", "euros with a decimal comma");
        noelRow[5..7].Should().Equal("En ligne", "En attente de paiement");
    }

    [Theory]
    [InlineData("/api/ticketing/orders?status=refunded", "status", "refunded")]
    [InlineData("/api/ticketing/orders?channel=phone", "channel", "phone")]
    [InlineData("/api/ticketing/orders?from=2026-05-10&to=2026-05-01", "to", "antérieure")]
    [InlineData("/api/ticketing/orders?sort=seats", "sort", "seats")]
    [InlineData("/api/ticketing/shows?kind=opera", "kind", "opera")]
    [InlineData("/api/ticketing/shows?format=pdf", "format", "pdf")]
    [InlineData("/api/ticketing/shows/concert/sessions?status=sold", "status", "sold")]
    public async Task An_invalid_filter_is_a_400_naming_the_parameter_in_french(string url, string parameter, string mentioned)
    {
        var (staff, _) = await app.NewOfficeAsync();

        var problem = await Get(staff, url, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(m => m.GetString()!).Should().ContainSingle()
            .Which.Should().Contain(mentioned);
    }
}
