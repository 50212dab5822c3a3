using System.Net;
using System.Net.Http.Json;
using System.Text;
using Monolith.Host.Tests.Billing;

namespace Monolith.Host.Tests.Bookings;

/// <summary>The documents Bookings renders itself, printed to PDF by the platform's printer (chromium).</summary>
public class BookingDocumentsTests
{
    [ChromiumFact]
    public async Task The_gift_voucher_prints_to_a_real_PDF_and_stays_readable_as_HTML()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4), printPdf: true);
        var (admin, _) = await app.NewOfficeAsync("zonza");
        var sold = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/gift-vouchers", new
        {
            buyer = BookingsApp.Customer("parrain@example.test"),
            beneficiary = "Mme Colonna",
            stay = "Deux nuits au gîte de Quenza",
            amount = 32_000,
            vatRate = new { basisPoints = 1000 },
            validUntil = "2027-05-04",
        }), HttpStatusCode.Created);
        var id = sold.GetProperty("voucherId").GetString()!;

        var pdf = await admin.GetAsync($"/api/bookings/gift-vouchers/{id}/document");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        pdf.StatusCode.Should().Be(HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        Encoding.ASCII.GetString(bytes, 0, 5).Should().Be("%PDF-");

        var html = await admin.GetStringAsync($"/api/bookings/gift-vouchers/{id}/document?format=html");
        html.Should().Contain("Mme Colonna").And.Contain(sold.GetProperty("code").GetString()!);
    }
}
