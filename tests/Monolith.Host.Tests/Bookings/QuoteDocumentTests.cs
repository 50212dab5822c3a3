using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monolith.Host.Tests.Bookings;

/// <summary>The quote and the contract (the signed quote as an order form) as billing renders them, in French, from the booking's stream.</summary>
public class QuoteDocumentTests
{
    private static object Trip() => new
    {
        customer = BookingsApp.Customer("groupes@college-zonza.test"),
        title = "Journée découverte de l'Alta Rocca",
        start = "2026-06-20",
        end = "2026-06-20",
        withLodging = false,
        adults = 30,
        children = 0,
        school = false,
        services = new object[]
        {
            new { label = "Visite guidée du village", date = "2026-06-20", duration = "2 h", unitPriceTtc = 1200, vatRate = new { basisPoints = 2000 }, perPerson = true },
        },
    };

    private static async Task<(HttpClient Admin, JsonElement Quote)> QuotedAsync(BookingsApp app)
    {
        var (admin, _) = await app.NewOfficeAsync("zonza");
        return (admin, await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", Trip()), HttpStatusCode.Created));
    }

    [Fact]
    public async Task The_quote_reads_in_french_with_its_reference_the_file_fees_and_the_signature_block()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        var (admin, quote) = await QuotedAsync(app);

        var html = await admin.GetStringAsync($"/api/bookings/group-bookings/{quote.GetProperty("bookingId").GetString()}/quote?format=html");

        html.Should().Contain("Devis").And.Contain(quote.GetProperty("reference").GetString()!).And.Contain("Frais de dossier (non remboursables)")
            .And.Contain("Bon pour accord").And.Contain("ne vaut pas option");
    }

    [Fact]
    public async Task An_unsigned_quote_has_no_contract_and_says_so_in_french()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        var (admin, quote) = await QuotedAsync(app);

        var response = await admin.GetAsync($"/api/bookings/group-bookings/{quote.GetProperty("bookingId").GetString()}/contract?format=html");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Le devis n'est pas encore signé");
    }

    [Fact]
    public async Task The_signed_quote_becomes_the_contract_naming_who_signed_it_and_when()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        var (admin, quote) = await QuotedAsync(app);
        var id = quote.GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "Mme Santoni", signedOn = "2026-05-10" }));

        var html = await admin.GetStringAsync($"/api/bookings/group-bookings/{id}/contract?format=html");

        html.Should().Contain("Bon de commande").And.Contain("Contrat de réservation").And.Contain("10/05/2026").And.Contain("Mme Santoni")
            .And.Contain(quote.GetProperty("reference").GetString()!);
    }
}
