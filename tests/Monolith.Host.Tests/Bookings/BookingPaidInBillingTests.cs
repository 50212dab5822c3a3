using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Bookings;

/// <summary>A payment recorded on billing's side (not through the booking's payment endpoint) moves the booking on by the bookings
/// reaction to billing's published <c>InvoiceSettled</c>: within one catch-up, no job.</summary>
public class BookingPaidInBillingTests
{
    private static readonly object DayTrip = new
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
        },
    };

    [Fact]
    public async Task A_cheque_then_a_card_payment_recorded_in_billing_confirm_the_booking_then_settle_it_and_send_the_exchange_vouchers_without_any_job()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        var (admin, office) = await app.NewOfficeAsync("zonza");
        var id = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip), HttpStatusCode.Created)).GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "Mme Santoni", signedOn = "2026-05-10" }));
        await app.CatchUpAsync();
        var deposit = await InvoiceAsync(admin, id, final: false);

        var cheque = await admin.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "cheque-bk-1", deposit.CustomerId, new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: "0004242", Bank: "CIC"), deposit.Balance, new DateOnly(2026, 5, 12),
            [new PaymentAllocationRequest(deposit.InvoiceId, deposit.Balance)]));
        cheque.StatusCode.Should().Be(HttpStatusCode.Created, await cheque.Content.ReadAsStringAsync());
        await app.CatchUpAsync(); // once; no job runs (the scheduler is off in BookingsApp)

        var booking = await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/group-bookings/{id}");
        booking.GetProperty("status").GetString().Should().Be("confirmed", "billing settled the deposit invoice");
        booking.GetProperty("depositReceived").GetBoolean().Should().BeTrue();
        var log = (await app.Services.GetRequiredService<IEventStore>().ReadAllAsync(0, 1_000_000)).Where(e => e.Metadata.TenantId == office).ToList();
        var settled = log.Single(e => e.Type == "billing.published-invoice-settled");
        log.Single(e => e.Type == "bookings.deposit-received").Metadata.CausationId.Should().Be(settled.EventId, "the booking moved on by the reaction to billing's fact");

        // The final count invoices the balance; a card payment recorded in billing settles it and the vouchers follow.
        app.Clock.SetParisMorning(new DateOnly(2026, 6, 13));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/participant-counts", new { kind = "final", adults = 30, children = 0 }));
        await app.CatchUpAsync();
        var balance = await InvoiceAsync(admin, id, final: true);
        var card = await admin.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "card-bk-1", balance.CustomerId, new PaymentDetails(PaymentMethod.Card, ProviderReference: "PSP-TEST-0001"), balance.Balance, new DateOnly(2026, 6, 13),
            [new PaymentAllocationRequest(balance.InvoiceId, balance.Balance)]));
        card.StatusCode.Should().Be(HttpStatusCode.Created, await card.Content.ReadAsStringAsync());
        await app.CatchUpAsync();

        booking = await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/group-bookings/{id}");
        booking.GetProperty("status").GetString().Should().Be("settled");
        booking.GetProperty("vouchersSent").GetBoolean().Should().BeTrue("the exchange vouchers are e-mailed, then marked sent");
    }

    private static async Task<(string InvoiceId, string CustomerId, long Balance)> InvoiceAsync(HttpClient admin, string bookingId, bool final)
    {
        var invoices = await admin.GetFromJsonAsync<JsonElement>("/api/billing/invoices");
        var invoice = invoices.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("sourceModule").GetString() == "bookings"
            && i.GetProperty("sourceReference").GetString() == $"group-{bookingId}/{(final ? "final" : "deposit")}");
        return (invoice.GetProperty("invoiceId").GetString()!, invoice.GetProperty("customerId").GetString()!, invoice.GetProperty("balance").GetInt64());
    }
}
