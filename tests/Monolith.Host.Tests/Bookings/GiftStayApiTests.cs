using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monolith.Host.Tests.Bookings;

/// <summary>A stay paid with a gift voucher: usable on its last valid day, refused the day after (neither usable nor refundable); only
/// what the voucher does not cover and the tourist tax are invoiced.</summary>
public class GiftStayApiTests
{
    private static readonly DateOnly Today = new(2026, 5, 4);

    private static object Stay(string category, object? touristTax, string giftVoucher) => new
    {
        customer = BookingsApp.Customer("famille.pietri@example.test"),
        lodging = "Hôtel U Sole",
        category,
        arrival = "2026-08-10",
        departure = "2026-08-13",
        adults = 2,
        minors = 0,
        nightlyPriceTtc = 12_000,
        vatRate = new { basisPoints = 1000 },
        singleOccupancySupplementPerNight = 0,
        securityDeposit = 0,
        touristTax,
        giftVoucher,
    };

    private static async Task<string> SellAsync(HttpClient admin, long amount, string validUntil) =>
        (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/gift-vouchers", new
        {
            buyer = BookingsApp.Customer("parrain@example.test"),
            beneficiary = "Mme Pietri",
            stay = "Trois nuits à l'hôtel U Sole",
            amount,
            vatRate = new { basisPoints = 1000 },
            validUntil,
        }), HttpStatusCode.Created)).GetProperty("code").GetString()!;

    [Fact]
    public async Task On_its_last_valid_day_a_voucher_pays_a_hotel_stay_in_full_with_nothing_invoiced_and_is_used()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office) = await app.NewOfficeAsync("zonza");
        var code = await SellAsync(admin, 40_000, "2026-06-30");

        app.Clock.SetParisMorning(new DateOnly(2026, 6, 30));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        var stay = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/stays", Stay("hotel", null, code)), HttpStatusCode.Created);
        stay.GetProperty("status").GetString().Should().Be("settled", "the voucher pays the whole stay; a hotel collects the tourist tax on site");
        stay.GetProperty("fullPaymentAtBooking").GetBoolean().Should().BeTrue("41 days ahead, yet a gift stay is paid in full");
        stay.GetProperty("paidByGiftVoucher").GetInt64().Should().Be(36_000);
        stay.GetProperty("dueAtBooking").GetInt64().Should().Be(0);
        stay.GetProperty("invoiceNumber").ValueKind.Should().Be(JsonValueKind.Null, "nothing is left to invoice");

        var voucher = await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/gift-vouchers/{code["KDO-".Length..].ToLowerInvariant()}");
        voucher.GetProperty("redeemedOn").GetString().Should().Be("2026-06-30");
        voucher.GetProperty("stayReference").GetString().Should().Be(stay.GetProperty("reference").GetString());

        var again = await admin.PostAsJsonAsync("/api/bookings/stays", Stay("hotel", null, code));
        (await BookingsApp.Json(again, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("gift-voucher.used");
    }

    [Fact]
    public async Task The_day_after_its_date_the_voucher_is_refused_and_stays_unused()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office) = await app.NewOfficeAsync("zonza");
        var code = await SellAsync(admin, 40_000, "2026-06-30");

        app.Clock.SetParisMorning(new DateOnly(2026, 7, 1));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        var refused = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/stays", Stay("hotel", null, code)), HttpStatusCode.UnprocessableEntity);
        refused.GetProperty("code").GetString().Should().Be("gift-voucher.expired");
        refused.GetProperty("detail").GetString().Should().Contain("30/06/2026").And.Contain("ni remboursable");
        var voucher = await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/gift-vouchers/{code["KDO-".Length..].ToLowerInvariant()}");
        voucher.GetProperty("redeemedOn").ValueKind.Should().Be(JsonValueKind.Null);

        var unknown = await admin.PostAsJsonAsync("/api/bookings/stays", Stay("hotel", null, "KDO-0000000000"));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task What_the_voucher_does_not_cover_and_the_tourist_tax_are_invoiced_to_the_cent()
    {
        await using var app = new BookingsApp(Today);
        var (admin, _) = await app.NewOfficeAsync("zonza");
        var code = await SellAsync(admin, 30_000, "2026-12-31");

        var stay = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/stays",
            Stay("classified", new { tariffPerPersonNight = 100, departmentalSurchargePercent = 10 }, code)), HttpStatusCode.Created);
        stay.GetProperty("status").GetString().Should().Be("booked");
        stay.GetProperty("paidByGiftVoucher").GetInt64().Should().Be(30_000);
        stay.GetProperty("touristTax").GetInt64().Should().Be(660, "1,10 € × 2 adults × 3 nights");
        stay.GetProperty("dueAtBooking").GetInt64().Should().Be(6_000 + 660);
        stay.GetProperty("balanceInvoiceNumber").ValueKind.Should().Be(JsonValueKind.Null, "no balance: the voucher paid the stay in full");
        stay.GetProperty("invoiceNumber").GetString().Should().NotBeNullOrEmpty("billing invoices the 60 € not covered and the 6,60 € tax");
    }
}
