using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Monolith.Host.Tests.Bookings;

/// <summary>One API journey per preset: quote → signed → deposit → final count → balance → exchange vouchers; and a cancellation.</summary>
public class BookingJourneyTests
{
    private static readonly DateOnly Today = new(2026, 5, 4);
    private static readonly DateOnly Start = new(2026, 6, 20);

    private static object DayTrip(string? validUntil = null, int adults = 30, string? customerEmail = null) => new
    {
        customer = BookingsApp.Customer(customerEmail ?? "groupes@college-zonza.test"),
        title = "Journée découverte de l'Alta Rocca",
        start = "2026-06-20",
        end = "2026-06-20",
        withLodging = false,
        adults,
        children = 0,
        school = false,
        validUntil,
        services = new object[]
        {
            new { label = "Visite guidée du village", date = "2026-06-20", duration = "2 h", unitPriceTtc = 1200, vatRate = new { basisPoints = 2000 }, perPerson = true },
            new
            {
                label = "Déjeuner corse", date = "2026-06-20", duration = "1 h 30", unitPriceTtc = 2500, vatRate = new { basisPoints = 1000 }, perPerson = true,
                providerName = "Restaurant U Funtanonu", thirdPartyFunds = true,
            },
        },
    };

    [Fact]
    public async Task Zonza_quote_signed_deposit_final_count_balance_then_exchange_vouchers()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office) = await app.NewOfficeAsync("zonza");

        var quote = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip()), HttpStatusCode.Created);
        var id = quote.GetProperty("bookingId").GetString()!;
        quote.GetProperty("freePlaces").GetInt32().Should().Be(1, "30 people: 29 paying + 1 free");
        quote.GetProperty("servicesTotal").GetInt64().Should().Be(29 * 1200 + 29 * 2500);
        quote.GetProperty("fileFees").GetInt64().Should().Be(1200, "two services, no night");
        quote.GetProperty("total").GetInt64().Should().Be(107_300 + 1200);
        quote.GetProperty("validUntil").GetString().Should().Be("2026-06-03", "30 days by default");
        quote.GetProperty("termsPreset").GetString().Should().Be("zonza");
        await app.CatchUpAsync();
        app.Sent(office, $"bookings/{id}/quote").Should().BeTrue("the quote is e-mailed");

        var signed = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "Mme Santoni", signedOn = "2026-05-10" }));
        signed.GetProperty("status").GetString().Should().Be("signed");
        signed.GetProperty("deposit").GetInt64().Should().Be(8700 + 18125 + 1200, "25 % per VAT rate + the file fees");
        await app.CatchUpAsync();
        var booking = await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/group-bookings/{id}");
        booking.GetProperty("depositInvoiceNumber").GetString().Should().NotBeNullOrEmpty("billing issued the deposit invoice");
        app.Sent(office, $"bookings/{id}/contract").Should().BeTrue();

        var confirmed = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments",
            new { @for = "deposit", method = "bankTransfer", amount = 28025, receivedOn = "2026-05-12", reference = "VIR-001" }));
        confirmed.GetProperty("status").GetString().Should().Be("confirmed");

        // Final count on the deadline day (7 days before): 32 people → 31 paying.
        app.Clock.SetParisMorning(new DateOnly(2026, 6, 13));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        var counted = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/participant-counts", new { kind = "final", adults = 32, children = 0 }));
        counted.GetProperty("finalAdults").GetInt32().Should().Be(32);
        await app.CatchUpAsync();
        booking = await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/group-bookings/{id}");
        booking.GetProperty("status").GetString().Should().Be("invoiced");
        booking.GetProperty("finalInvoiceTotal").GetInt64().Should().Be(31 * 1200 + 31 * 2500 - (8700 + 18125), "the services for 31 paying, minus the deposit invoiced");

        // Vouchers only once the balance is paid.
        app.Sent(office, $"bookings/{id}/exchange-vouchers").Should().BeFalse();
        var settled = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments",
            new { @for = "balance", method = "cheque", amount = 87_875, reference = "0001234", bank = "Crédit Agricole" }));
        settled.GetProperty("status").GetString().Should().Be("settled");
        await app.CatchUpAsync();
        (await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/group-bookings/{id}")).GetProperty("vouchersSent").GetBoolean().Should().BeTrue();
        var mail = app.Mail(office, $"bookings/{id}/exchange-vouchers");
        mail.Should().Contain("bon-echange-1").And.Contain("bon-echange-2", "one voucher for the office, one for the restaurant");

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/bookings/group-bookings?status=settled");
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("bookingId").GetString()).Should().Contain(id);
    }

    [Fact]
    public async Task Zonza_customer_cancellation_five_days_before_costs_half_the_services_plus_the_file_fees()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office) = await app.NewOfficeAsync("zonza");
        var id = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip()), HttpStatusCode.Created)).GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "Mme Santoni" }));
        await app.CatchUpAsync();
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments", new { @for = "deposit", method = "bankTransfer", amount = 28025 }));

        app.Clock.SetParisMorning(Start.AddDays(-5));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        var cancelled = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/cancellation", new { reason = "Grève des transports scolaires" }));
        cancelled.GetProperty("status").GetString().Should().Be("cancelled");
        var c = cancelled.GetProperty("cancellation");
        c.GetProperty("daysBefore").GetInt32().Should().Be(5);
        c.GetProperty("percent").GetInt32().Should().Be(50);
        c.GetProperty("fee").GetInt64().Should().Be(107_300 / 2);
        c.GetProperty("retainedFileFees").GetInt64().Should().Be(1200);
        c.GetProperty("stillOwed").GetInt64().Should().Be(107_300 / 2 + 1200 - 28025);
        await app.CatchUpAsync();
        app.Mail(office, $"bookings/{id}/cancellation").Should().Contain("Frais d'annulation");

        var again = await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/participant-counts", new { kind = "final", adults = 20, children = 0 });
        (await BookingsApp.Json(again, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("booking.cancelled");
    }

    [Fact]
    public async Task An_expired_quote_cannot_be_signed_and_another_office_cannot_see_it()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office) = await app.NewOfficeAsync("zonza");
        var id = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip(validUntil: "2026-05-05")), HttpStatusCode.Created))
            .GetProperty("bookingId").GetString()!;

        var late = await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "Mme Santoni", signedOn = "2026-05-06" });
        var problem = await BookingsApp.Json(late, HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("code").GetString().Should().Be("quote.expired");
        problem.GetProperty("detail").GetString().Should().Contain("a expiré le 05/05/2026");

        var onTime = await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "Mme Santoni", signedOn = "2026-05-05" });
        onTime.StatusCode.Should().Be(HttpStatusCode.OK, "the last day of validity is still valid");

        var tooSmall = await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip(adults: 9));
        (await BookingsApp.Json(tooSmall, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("quote.group-too-small");

        var (other, _) = await app.NewOfficeAsync("zonza");
        (await other.GetAsync($"/api/bookings/group-bookings/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync($"/api/bookings/group-bookings/{id}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        _ = office;
    }

    [Fact]
    public async Task Pays_Fertois_quote_to_vouchers_then_a_cancellation_more_than_a_month_before_gives_a_credit_note_used_on_a_later_booking()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office) = await app.NewOfficeAsync("pays-fertois");

        // Journey: deposit 30 %, final count 7 days before, balance on arrival.
        var id = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip()), HttpStatusCode.Created)).GetProperty("bookingId").GetString()!;
        var signed = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "M. Lefèvre", signedOn = "2026-05-04" }));
        signed.GetProperty("fileFees").GetInt64().Should().Be(0);
        signed.GetProperty("deposit").GetInt64().Should().Be(10440 + 21750, "30 % per VAT rate, no file fees");
        signed.GetProperty("depositDueOn").GetString().Should().Be("2026-05-20", "at the latest one month before the service");
        await app.CatchUpAsync();
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments", new { @for = "deposit", method = "cheque", amount = 32190, reference = "0004567", bank = "Banque Populaire" }));
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/participant-counts", new { kind = "final", adults = 30, children = 0 }));
        await app.CatchUpAsync();
        var invoiced = await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/group-bookings/{id}");
        invoiced.GetProperty("finalInvoiceTotal").GetInt64().Should().Be(107_300 - 32190, "the balance: 70 %");
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments", new { @for = "balance", method = "cash", amount = 75110 }));
        await app.CatchUpAsync();
        app.Sent(office, $"bookings/{id}/exchange-vouchers").Should().BeTrue();

        // A second booking, deposit paid on 2026-05-05, cancelled on 2026-05-19 (more than one month before 2026-06-20): credit note.
        var second = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip()), HttpStatusCode.Created)).GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{second}/signature", new { signedBy = "M. Lefèvre" }));
        await app.CatchUpAsync();
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{second}/payments",
            new { @for = "deposit", method = "bankTransfer", amount = 32190, receivedOn = "2026-05-05" }));
        app.Clock.SetParisMorning(new DateOnly(2026, 5, 19));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        var cancelled = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{second}/cancellation", new { }));
        var c = cancelled.GetProperty("cancellation");
        c.GetProperty("rule").GetString().Should().Be("deposit-to-credit-note");
        c.GetProperty("creditNote").GetInt64().Should().Be(32190);
        c.GetProperty("creditNoteExpiresOn").GetString().Should().Be("2027-05-05", "12 months from the payment");
        await app.CatchUpAsync();
        var credits = await admin.GetFromJsonAsync<JsonElement>("/api/bookings/credit-notes?status=valid");
        var credit = credits.GetProperty("items").EnumerateArray().Single();
        credit.GetProperty("remaining").GetInt64().Should().Be(32190);
        var export = await admin.GetAsync("/api/bookings/credit-notes?status=valid&format=csv");
        export.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var csvBytes = await export.Content.ReadAsByteArrayAsync();
        csvBytes.Take(3).Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF }, "UTF-8 with BOM for French Excel");
        var csvLines = System.Text.Encoding.UTF8.GetString(csvBytes, 3, csvBytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csvLines[0].Should().StartWith("Référence;Client;N° client;Réservation d'origine;Montant (€);Reste à utiliser (€);");
        csvLines.Should().HaveCount(2);
        csvLines[1].Should().Contain(";321,90;321,90;").And.EndWith(";Valable");
        app.Mail(office, $"bookings/{second}/cancellation").Should().Contain("avoir");

        // A later booking of the same customer: the credit note pays its deposit; it is then used up.
        var third = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip()), HttpStatusCode.Created)).GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{third}/signature", new { signedBy = "M. Lefèvre" }));
        var paid = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{third}/credit-notes",
            new { creditNoteId = credit.GetProperty("creditNoteId").GetString() }));
        paid.GetProperty("status").GetString().Should().Be("confirmed");
        paid.GetProperty("creditApplied").GetInt64().Should().Be(32190);
        await app.CatchUpAsync();
        (await admin.GetFromJsonAsync<JsonElement>("/api/bookings/credit-notes")).GetProperty("items").EnumerateArray().Single().GetProperty("status").GetString().Should().Be("used");
    }

    [Fact]
    public async Task Pays_Fertois_credit_note_expires_on_its_date_and_can_no_longer_be_used()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office) = await app.NewOfficeAsync("pays-fertois");
        var id = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip()), HttpStatusCode.Created)).GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "M. Lefèvre" }));
        await app.CatchUpAsync();
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments", new { @for = "deposit", method = "bankTransfer", amount = 32190, receivedOn = "2026-05-04" }));
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/cancellation", new { receivedOn = "2026-05-10" }));
        await app.CatchUpAsync();

        // The day the credit note expires: the job expires it; a later booking cannot use it.
        app.Clock.SetParisMorning(new DateOnly(2027, 5, 4));
        await app.RunJobAsync();
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        var credit = (await admin.GetFromJsonAsync<JsonElement>("/api/bookings/credit-notes")).GetProperty("items").EnumerateArray().Single();
        credit.GetProperty("status").GetString().Should().Be("expired");

        var later = await admin.PostAsJsonAsync("/api/bookings/group-bookings", new
        {
            customer = BookingsApp.Customer(),
            title = "Retour en 2027",
            start = "2027-06-20",
            end = "2027-06-20",
            adults = 12,
            services = new object[] { new { label = "Visite guidée", date = "2027-06-20", unitPriceTtc = 1000, vatRate = new { basisPoints = 2000 }, perPerson = true } },
        });
        var laterId = (await BookingsApp.Json(later, HttpStatusCode.Created)).GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{laterId}/signature", new { signedBy = "M. Lefèvre" }));
        var refused = await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{laterId}/credit-notes", new { creditNoteId = credit.GetProperty("creditNoteId").GetString() });
        (await BookingsApp.Json(refused, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("credit-note.expired");
    }

    [Fact]
    public async Task An_office_cancellation_refunding_everything_cancels_the_deposit_invoice_by_a_credit_note_in_billing()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office) = await app.NewOfficeAsync("zonza");
        var id = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", DayTrip()), HttpStatusCode.Created)).GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "Mme Santoni" }));
        await app.CatchUpAsync();
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments", new { @for = "deposit", method = "bankTransfer", amount = 28025 }));

        var cancelled = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/office-cancellation",
            new { reason = "other", explanation = "Route de l'Alta Rocca fermée" }));
        cancelled.GetProperty("cancellation").GetProperty("refund").GetInt64().Should().Be(28025);
        await app.CatchUpAsync();

        var customerId = cancelled.GetProperty("customerId").GetString()!;
        var account = await app.Services.GetRequiredService<Monolith.Modules.Billing.Contracts.IBillingService>().GetCustomerAccountAsync(office, customerId);
        account.TotalCreditNotes.Should().Be(28025, "the deposit invoice is cancelled by a credit note of the whole invoice");
        account.Balance.Should().Be(-28025, "what was paid is owed back to the customer");
    }
}
