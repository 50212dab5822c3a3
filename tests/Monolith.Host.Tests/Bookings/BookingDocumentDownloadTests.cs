using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Monolith.Host.Tests.Billing;
using UglyToad.PdfPig;

namespace Monolith.Host.Tests.Bookings;

/// <summary>Staff download the credit note (avoir) and the exchange vouchers Bookings e-mails: tenant-scoped, 404 in French, the office's
/// logo in the header like billing's documents.</summary>
public class BookingDocumentDownloadTests
{
    private static readonly DateOnly Today = new(2026, 5, 4);

    /// <summary>A 40 × 20 red PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAJElEQVR4nGM4ISc3IIhh1OJRi0ctHrV41OJRi0ctHrV45FgMAFLhLK5mrmiuAAAAAElFTkSuQmCC");

    private static object DayTrip() => new
    {
        customer = BookingsApp.Customer(),
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
            new { label = "Déjeuner corse", date = "2026-06-20", unitPriceTtc = 2500, vatRate = new { basisPoints = 1000 }, perPerson = true, providerName = "Restaurant U Funtanonu", thirdPartyFunds = true },
        },
    };

    private static async Task SetLogoAsync(HttpClient admin)
    {
        var content = new ByteArrayContent(Png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        (await admin.PostAsync("/api/office/logo", content)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>Pays Fertois: the deposit paid on 05/05, the booking cancelled on 19/05 (more than a month before 20/06): an avoir.</summary>
    private static async Task<(HttpClient Admin, string Office, string CreditNoteId)> CreditNoteAsync(BookingsApp app)
    {
        var (admin, office) = await app.NewOfficeAsync("pays-fertois");
        var id = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip()), HttpStatusCode.Created)).GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "M. Lefèvre" }));
        await app.CatchUpAsync();
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments",
            new { @for = "deposit", method = "bankTransfer", amount = 32_190, receivedOn = "2026-05-05" }));
        app.Clock.SetParisMorning(new DateOnly(2026, 5, 19));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/cancellation", new { }));
        await app.CatchUpAsync();
        var credit = (await admin.GetFromJsonAsync<JsonElement>("/api/bookings/credit-notes")).GetProperty("items").EnumerateArray().Single();
        return (admin, office, credit.GetProperty("creditNoteId").GetString()!);
    }

    [Fact]
    public async Task Staff_download_the_credit_note_as_e_mailed_with_the_office_logo_and_another_office_gets_a_404_in_french()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office, creditNoteId) = await CreditNoteAsync(app);
        await SetLogoAsync(admin);

        var html = await admin.GetStringAsync($"/api/bookings/credit-notes/{creditNoteId}/document?format=html");
        html.Should().Contain($"Avoir n° AV-{creditNoteId.ToUpperInvariant()}").And.Contain("321,90").And.Contain("05/05/2027");
        html.Should().Contain("class=\"letterhead-logo\" src=\"data:image/png;base64,", "the office's logo is printed in the header");
        var noPrinter = await admin.GetAsync($"/api/bookings/credit-notes/{creditNoteId}/document");
        noPrinter.StatusCode.Should().Be(HttpStatusCode.OK);
        noPrinter.Content.Headers.ContentType!.MediaType.Should().Be("text/html", "a server that cannot print answers the page");

        var unknown = await admin.GetAsync("/api/bookings/credit-notes/nope/document");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("Avoir introuvable");

        var (other, _) = await app.NewOfficeAsync("pays-fertois");
        var foreign = await other.GetAsync($"/api/bookings/credit-notes/{creditNoteId}/document");
        foreign.StatusCode.Should().Be(HttpStatusCode.NotFound, "another office's credit note does not exist for this one");
        (await foreign.Content.ReadAsStringAsync()).Should().Contain("Avoir introuvable");
        _ = office;
    }

    [Fact]
    public async Task Exchange_vouchers_download_once_the_balance_is_paid_one_per_provider_and_a_missing_number_is_a_404_in_french()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office) = await app.NewOfficeAsync("zonza");
        var id = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip()), HttpStatusCode.Created)).GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "Mme Santoni" }));
        await app.CatchUpAsync();
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments", new { @for = "deposit", method = "bankTransfer", amount = 28_025 }));

        var early = await admin.GetAsync($"/api/bookings/group-bookings/{id}/exchange-vouchers/1/document");
        early.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await early.Content.ReadAsStringAsync()).Should().Contain("exchange-vouchers.not-issued").And.Contain("une fois le solde réglé");

        app.Clock.SetParisMorning(new DateOnly(2026, 6, 13));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/participant-counts", new { kind = "final", adults = 30, children = 0 }));
        await app.CatchUpAsync();
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments", new { @for = "balance", method = "cheque", amount = 80_475, reference = "0001234", bank = "Crédit Agricole" }));
        await app.CatchUpAsync();
        await SetLogoAsync(admin);

        var restaurant = await admin.GetStringAsync($"/api/bookings/group-bookings/{id}/exchange-vouchers/2/document?format=html");
        restaurant.Should().Contain($"BE-{id.ToUpperInvariant()}-2").And.Contain("Restaurant U Funtanonu").And.Contain("Déjeuner corse").And.NotContain("Visite guidée");
        restaurant.Should().Contain("class=\"letterhead-logo\"");
        (await admin.GetStringAsync($"/api/bookings/group-bookings/{id}/exchange-vouchers/1/document?format=html")).Should().Contain("Visite guidée du village");

        var missing = await admin.GetAsync($"/api/bookings/group-bookings/{id}/exchange-vouchers/3/document");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).Should().Contain("Bon d'échange n° 3 introuvable").And.Contain("en compte 2");

        var (other, _) = await app.NewOfficeAsync("zonza");
        (await other.GetAsync($"/api/bookings/group-bookings/{id}/exchange-vouchers/1/document")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [ChromiumFact]
    public async Task The_credit_note_PDF_prints_the_office_logo()
    {
        await using var app = new BookingsApp(Today, printPdf: true);
        var (admin, _, creditNoteId) = await CreditNoteAsync(app);
        static int Images(byte[] pdf)
        {
            using var document = PdfDocument.Open(pdf);
            return document.GetPages().Sum(p => p.GetImages().Count());
        }

        var before = await admin.GetAsync($"/api/bookings/credit-notes/{creditNoteId}/document");
        var bytes = await before.Content.ReadAsByteArrayAsync();
        before.StatusCode.Should().Be(HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        before.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        Images(bytes).Should().Be(0, "no logo set yet");

        await SetLogoAsync(admin);
        Images(await admin.GetByteArrayAsync($"/api/bookings/credit-notes/{creditNoteId}/document")).Should().Be(1, "the logo is printed in the header");
    }
}
