using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Monolith.Host.Tests.Bookings;

/// <summary>Bookings' staff lists (group bookings, services catalogue, credit notes): paging with a total, accent-insensitive search,
/// typed filters (invalid → 400 in French), sort, CSV.</summary>
public class BookingListTests
{
    private static object Quote(string customer, string title, string day) => new
    {
        customer = new { business = true, name = customer, street = "Route de Levie", postalCode = "20124", city = "Zonza", email = "groupes@example.test" },
        title,
        start = day,
        end = day,
        withLodging = false,
        adults = 20,
        children = 0,
        school = false,
        services = new object[] { new { label = "Visite guidée du village", date = day, duration = "2 h", unitPriceTtc = 1200, vatRate = new { basisPoints = 2000 }, perPerson = true } },
    };

    private static IEnumerable<string?> Values(JsonElement page, string property) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(property).GetString());

    private static async Task<JsonElement> Get(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        await BookingsApp.Json(await client.GetAsync(url), expected);

    /// <summary>Three quotes (Zonza on 20 June, Égée on 10 July, Bellevue on 1 August), the second signed; projections caught up.</summary>
    private static async Task<(HttpClient Admin, string Zonza, string Egee, string Bellevue)> ThreeBookingsAsync(BookingsApp app)
    {
        var (admin, _) = await app.NewOfficeAsync("zonza");
        async Task<string> Issue(string customer, string title, string day) =>
            (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", Quote(customer, title, day)), HttpStatusCode.Created))
            .GetProperty("bookingId").GetString()!;
        var zonza = await Issue("Collège de Zonza", "Journée découverte de l'Alta Rocca", "2026-06-20");
        var egee = await Issue("Association Les Amis d'Égée", "Sortie des aînés", "2026-07-10");
        var bellevue = await Issue("Camping Bellevue", "Randonnée au col de Bavella", "2026-08-01");
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{egee}/signature", new { signedBy = "Mme Santoni" }));
        await app.CatchUpAsync();
        return (admin, zonza, egee, bellevue);
    }

    [Fact]
    public async Task Group_bookings_are_paged_searched_without_accents_filtered_by_status_and_arrival_and_sorted()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        var (admin, zonza, egee, bellevue) = await ThreeBookingsAsync(app);

        var first = await Get(admin, "/api/bookings/group-bookings?pageSize=2");
        first.GetProperty("total").GetInt64().Should().Be(3);
        Values(first, "bookingId").Should().Equal(zonza, egee);
        Values(await Get(admin, "/api/bookings/group-bookings?pageSize=2&page=2"), "bookingId").Should().Equal(bellevue);
        (await Get(admin, "/api/bookings/group-bookings?pageSize=500")).GetProperty("pageSize").GetInt32().Should().Be(200);

        Values(await Get(admin, "/api/bookings/group-bookings?q=EGEE"), "bookingId").Should().Equal(egee);
        Values(await Get(admin, "/api/bookings/group-bookings?q=aines"), "bookingId").Should().Equal(egee);
        Values(await Get(admin, "/api/bookings/group-bookings?q=bavella"), "bookingId").Should().Equal(bellevue);
        Values(await Get(admin, "/api/bookings/group-bookings?status=signed"), "bookingId").Should().Equal(egee);
        Values(await Get(admin, "/api/bookings/group-bookings?status=quoted&sort=-arrival"), "bookingId").Should().Equal(bellevue, zonza);
        Values(await Get(admin, "/api/bookings/group-bookings?arrivalFrom=2026-07-01&arrivalTo=2026-07-31"), "bookingId").Should().Equal(egee);
        Values(await Get(admin, "/api/bookings/group-bookings?arrivalFrom=2026-07-11"), "bookingId").Should().Equal(bellevue);
        Values(await Get(admin, "/api/bookings/group-bookings?sort=customer"), "customerName")
            .Should().Equal("Association Les Amis d'Égée", "Camping Bellevue", "Collège de Zonza");
    }

    [Fact]
    public async Task The_group_bookings_list_exports_csv_and_rejects_invalid_filters_in_french()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        var (admin, _, _, _) = await ThreeBookingsAsync(app);

        var response = await admin.GetAsync("/api/bookings/group-bookings?format=csv");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("Référence;Groupe;Client;N° client;Arrivée;Départ;Statut;Total TTC (€);Devis valable jusqu'au;Effectif définitif avant le");
        lines.Should().HaveCount(4);
        var egee = lines[2].Split(';');
        egee[1..3].Should().Equal("Sortie des aînés", "Association Les Amis d'Égée");
        egee[4..7].Should().Equal("10/07/2026", "10/07/2026", "Signée");
        egee[7].Should().MatchRegex(@"^\d+,\d{2}$", "euros with a decimal comma");

        foreach (var (url, parameter, mentioned) in new[]
        {
            ("/api/bookings/group-bookings?status=bogus", "status", "bogus"),
            ("/api/bookings/group-bookings?arrivalFrom=2026-08-01&arrivalTo=2026-07-01", "arrivalTo", "antérieure"),
            ("/api/bookings/group-bookings?arrivalFrom=demain", "arrivalFrom", "demain"),
            ("/api/bookings/group-bookings?sort=colour", "sort", "colour"),
            ("/api/bookings/services?kind=spa", "kind", "spa"),
            ("/api/bookings/credit-notes?status=lost", "status", "lost"),
        })
        {
            var problem = await Get(admin, url, HttpStatusCode.BadRequest);
            problem.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(m => m.GetString()!).Should().ContainSingle()
                .Which.Should().Contain(mentioned, url);
        }
    }

    [Fact]
    public async Task The_catalogue_is_searched_without_accents_sorted_and_exported_and_credit_notes_are_paged()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        var (admin, _) = await app.NewOfficeAsync("zonza");
        foreach (var (label, kind, price, provider) in new[]
        {
            ("Déjeuner corse", "meal", 2500, (string?)"Restaurant U Funtanonu"),
            ("Visite guidée du village", "guidedVisit", 1200, null),
            ("Canyoning à Bavella", "activity", 4500, "Corsica Canyon"),
        })
        {
            await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/services", new
            {
                label,
                kind,
                unitPriceTtc = price,
                vatRate = new { basisPoints = 2000 },
                perPerson = true,
                providerName = provider,
            }), HttpStatusCode.Created);
        }

        await app.CatchUpAsync();

        var all = await Get(admin, "/api/bookings/services?pageSize=2");
        all.GetProperty("total").GetInt64().Should().Be(3);
        Values(all, "label").Should().Equal("Canyoning à Bavella", "Déjeuner corse");
        Values(await Get(admin, "/api/bookings/services?q=GUIDEE"), "label").Should().Equal("Visite guidée du village");
        Values(await Get(admin, "/api/bookings/services?q=funtanonu"), "label").Should().Equal("Déjeuner corse");
        Values(await Get(admin, "/api/bookings/services?sort=-price"), "label").Should().Equal("Canyoning à Bavella", "Déjeuner corse", "Visite guidée du village");

        var bytes = await admin.GetByteArrayAsync("/api/bookings/services?format=csv&kind=meal");
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("Code;Prestation;Type;Durée;Prix unitaire TTC (€);TVA (%);Par personne;Prestataire;Retirée");
        lines[1].Split(';')[1..].Should().Equal("Déjeuner corse", "meal", "", "25,00", "20", "oui", "Restaurant U Funtanonu", "non");

        var credits = await Get(admin, "/api/bookings/credit-notes");
        credits.GetProperty("total").GetInt64().Should().Be(0);
        credits.GetProperty("pageSize").GetInt32().Should().Be(50);
    }
}
