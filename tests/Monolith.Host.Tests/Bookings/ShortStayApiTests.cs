using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Bookings;

/// <summary>Short stays through the API and billing: deposit or full price at the 30-day boundary, the tourist tax on the invoice at
/// booking, the balance invoice, the payment recorded in billing confirming the stay, a cancellation on the schedule with lodging.</summary>
public class ShortStayApiTests
{
    private static object Stay(string arrival, string departure, int adults = 2, int minors = 1) => new
    {
        customer = BookingsApp.Customer("famille.pietri@example.test"),
        lodging = "Gîte U Castellu",
        category = "unclassified",
        arrival,
        departure,
        adults,
        minors,
        nightlyPriceTtc = 12_000,
        vatRate = new { basisPoints = 1000 },
        singleOccupancySupplementPerNight = 1500,
        securityDeposit = 30_000,
        touristTax = new { unclassifiedBasisPoints = 500, unclassifiedCapPerPersonNight = 400, departmentalSurchargePercent = 10 },
    };

    [Fact]
    public async Task Booked_more_than_30_days_ahead_a_stay_is_invoiced_25_percent_plus_the_tourist_tax_then_the_balance_then_cancelled_on_the_lodging_schedule()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        var (admin, _) = await app.NewOfficeAsync("zonza");

        var early = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/stays", Stay("2026-06-04", "2026-06-07")), HttpStatusCode.Created);
        early.GetProperty("fullPaymentAtBooking").GetBoolean().Should().BeFalse("31 days before arrival");
        early.GetProperty("touristTax").GetInt64().Should().Be(1320, "2,20 € × 2 adults × 3 nights, the minor exempt");
        early.GetProperty("dueAtBooking").GetInt64().Should().Be(9000 + 1320);
        early.GetProperty("balanceDueOn").GetString().Should().Be("2026-05-05");
        early.GetProperty("balanceInvoiceNumber").GetString().Should().NotBeNullOrEmpty();
        var late = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/stays", Stay("2026-06-03", "2026-06-06")), HttpStatusCode.Created);
        late.GetProperty("fullPaymentAtBooking").GetBoolean().Should().BeTrue("30 days before arrival: the full price");
        late.GetProperty("dueAtBooking").GetInt64().Should().Be(36_000 + 1320);
        late.GetProperty("balanceInvoiceNumber").ValueKind.Should().Be(JsonValueKind.Null);

        var id = early.GetProperty("stayId").GetString()!;
        await app.CatchUpAsync(); // the invoice list is a read model
        var invoices = (await admin.GetFromJsonAsync<JsonElement>("/api/billing/invoices?pageSize=200")).GetProperty("items").EnumerateArray().ToList();
        var booking = invoices.Single(i => i.GetProperty("sourceReference").GetString() == $"stay-{id}/booking");
        booking.GetProperty("balance").GetInt64().Should().Be(10_320);
        invoices.Single(i => i.GetProperty("sourceReference").GetString() == $"stay-{id}/balance").GetProperty("balance").GetInt64().Should().Be(27_000);

        var paid = await admin.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "transfer-stay-1", booking.GetProperty("customerId").GetString()!, new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: "VIR-SEJ-1"), 10_320,
            new DateOnly(2026, 5, 4), [new PaymentAllocationRequest(booking.GetProperty("invoiceId").GetString()!, 10_320)]));
        paid.StatusCode.Should().Be(HttpStatusCode.Created, await paid.Content.ReadAsStringAsync());
        await app.CatchUpAsync();
        (await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/stays/{id}")).GetProperty("status").GetString().Should().Be("confirmed");

        // Cancelled 21 days before arrival: 50 % of the stay; the deposit paid does not cover it; the tourist tax is refunded.
        var cancelled = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/stays/{id}/cancellation", new { receivedOn = "2026-05-14" }));
        var c = cancelled.GetProperty("cancellation");
        c.GetProperty("percent").GetInt32().Should().Be(50);
        c.GetProperty("fee").GetInt64().Should().Be(18_000);
        c.GetProperty("stillOwed").GetInt64().Should().Be(18_000 - 9000);
        c.GetProperty("refund").GetInt64().Should().Be(1320);
    }
}
