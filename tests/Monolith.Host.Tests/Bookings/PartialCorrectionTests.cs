using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Bookings;

/// <summary>Partial corrections through billing: a cancellation that keeps a fee and a force majeure after part of the services leave
/// invoiced what the booking keeps; billing's credit notes take back the rest per VAT rate and per partner provider, and accountants see
/// them on the customer account and in the FEC.</summary>
public class PartialCorrectionTests
{
    private static readonly DateOnly Today = new(2026, 5, 4);
    private static readonly DateOnly Start = new(2026, 6, 20);
    private const string Restaurant = "Restaurant U Funtanonu";

    private static object Trip(string end, string lunchDate) => new
    {
        customer = BookingsApp.Customer(),
        title = "Découverte de l'Alta Rocca",
        start = "2026-06-20",
        end,
        withLodging = false,
        adults = 30,
        children = 0,
        school = false,
        services = new object[]
        {
            new { label = "Visite guidée du village", date = "2026-06-20", duration = "2 h", unitPriceTtc = 1200, vatRate = new { basisPoints = 2000 }, perPerson = true },
            new { label = "Déjeuner corse", date = lunchDate, unitPriceTtc = 2500, vatRate = new { basisPoints = 1000 }, perPerson = true, providerName = Restaurant, thirdPartyFunds = true },
        },
    };

    /// <summary>Zonza, 30 people (29 paying): visit 348 € (20 %), the restaurant's lunch 725 € (10 %, third-party funds), 12 € file fees;
    /// signed, the deposit (87 € + 181,25 € + 12 €) paid, the final count on its deadline, so the final invoice (804,75 €) is issued.</summary>
    private static async Task<(HttpClient Admin, string Office, string Id)> InvoicedAsync(BookingsApp app, string end, string lunchDate)
    {
        var (admin, office) = await app.NewOfficeAsync("zonza");
        var id = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", Trip(end, lunchDate)), HttpStatusCode.Created))
            .GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "Mme Santoni", signedOn = "2026-05-10" }));
        await app.CatchUpAsync();
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments",
            new { @for = "deposit", method = "bankTransfer", amount = 28_025, receivedOn = "2026-05-12", reference = "VIR-001" }));
        app.Clock.SetParisMorning(Start.AddDays(-7));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/participant-counts", new { kind = "final", adults = 30, children = 0 }));
        await app.CatchUpAsync();
        var booking = await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/group-bookings/{id}");
        booking.GetProperty("finalInvoiceTotal").GetInt64().Should().Be(107_300 - 26_825);
        return (admin, office, id);
    }

    /// <summary>Zonza, 30 people, signed and the deposit (87 € + 181,25 € + 12 €) paid; the final count not given yet.</summary>
    private static async Task<(HttpClient Admin, string Office, string Id)> DepositOnlyAsync(BookingsApp app)
    {
        var (admin, office) = await app.NewOfficeAsync("zonza");
        var id = (await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", Trip("2026-06-20", "2026-06-20")), HttpStatusCode.Created))
            .GetProperty("bookingId").GetString()!;
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/signature", new { signedBy = "Mme Santoni", signedOn = "2026-05-10" }));
        await app.CatchUpAsync();
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments",
            new { @for = "deposit", method = "bankTransfer", amount = 28_025, receivedOn = "2026-05-12", reference = "VIR-001" }));
        return (admin, office, id);
    }

    private static async Task<List<string[]>> FecAsync(BookingsApp app, HttpClient admin, string office)
    {
        var email = $"compta@{office}.test";
        (await admin.PostAsJsonAsync("/api/office/users", new { email, displayName = "Comptable", roles = new[] { "accountant" }, password = BookingsApp.Password }))
            .EnsureSuccessStatusCode();
        var accountant = await app.SignInAsync(office, email, BookingsApp.Password);
        var response = await accountant.GetAsync("/api/audit/fec?from=2026-01-01&to=2026-12-31");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return [.. (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t'))];
    }

    private static long Cents(string amount) => amount.Length == 0 ? 0 : (long)Math.Round(decimal.Parse(amount, CultureInfo.GetCultureInfo("fr-FR")) * 100);

    [Fact]
    public async Task Zonza_cancellation_five_days_before_keeps_half_the_services_and_the_file_fees_and_billing_credits_the_rest_of_the_final_invoice()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office, id) = await InvoicedAsync(app, "2026-06-20", "2026-06-20");

        app.Clock.SetParisMorning(Start.AddDays(-5));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        var cancelled = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/cancellation", new { }));
        var c = cancelled.GetProperty("cancellation");
        c.GetProperty("fee").GetInt64().Should().Be(53_650, "50 % of 1 073 €");
        c.GetProperty("stillOwed").GetInt64().Should().Be(53_650 + 1_200 - 28_025);
        var credit = c.GetProperty("billingCredits").EnumerateArray().Should().ContainSingle().Subject;
        credit.GetProperty("total").GetInt64().Should().Be(53_650);
        credit.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("vatRate").GetProperty("basisPoints").GetInt32(), l.GetProperty("total").GetInt64(), l.GetProperty("provider").GetString()))
            .Should().Equal((2000, 17_400L, null), (1000, 36_250L, Restaurant));
        await app.CatchUpAsync();

        var customerId = cancelled.GetProperty("customerId").GetString()!;
        var account = await app.Services.GetRequiredService<IBillingService>().GetCustomerAccountAsync(office, customerId);
        account.TotalInvoices.Should().Be(28_025 + 80_475);
        account.TotalCreditNotes.Should().Be(53_650, "billing credits the services not kept, on the final invoice");
        account.Balance.Should().Be(26_825, "the fee (536,50 €) and the file fees (12 €) stay invoiced, less the deposit paid: what the booking says is still owed");

        var fec = await FecAsync(app, admin, office);
        var avoir = fec.Where(r => r[0] == "VE" && r[10].StartsWith("Avoir", StringComparison.Ordinal)).ToList();
        Cents(avoir.Single(r => r[4] == "467000" && r[7] == Restaurant)[11]).Should().Be(36_250, "the restaurant's part is taken back from its third-party account");
        avoir.Where(r => r[4] == "706000").Sum(r => Cents(r[11])).Should().Be(14_500, "the office's visit, 174 € TTC at 20 %");
        avoir.Where(r => r[4] == "445710").Sum(r => Cents(r[11])).Should().Be(2_900);
        avoir.Where(r => r[4] == "411000").Sum(r => Cents(r[12])).Should().Be(53_650);
    }

    [Fact]
    public async Task Force_majeure_on_the_second_day_refunds_the_services_not_performed_by_partial_credit_notes_of_both_invoices()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office, id) = await InvoicedAsync(app, "2026-06-21", "2026-06-21");
        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/payments",
            new { @for = "balance", method = "cheque", amount = 80_475, reference = "0001234", bank = "Crédit Agricole" }));

        app.Clock.SetParisMorning(Start.AddDays(1));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        var cancelled = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/office-cancellation",
            new { reason = "forceMajeure", performedThrough = "2026-06-20", explanation = "Route de Bavella coupée par un éboulement" }));
        var c = cancelled.GetProperty("cancellation");
        c.GetProperty("performed").GetInt64().Should().Be(34_800, "the visit of the first day");
        c.GetProperty("refund").GetInt64().Should().Be(108_500 - 34_800, "the lunch not served and the file fees");
        c.GetProperty("billingCredits").EnumerateArray().Select(x => x.GetProperty("total").GetInt64()).Should().Equal(54_375L, 18_125L + 1_200L);
        await app.CatchUpAsync();

        var account = await app.Services.GetRequiredService<IBillingService>().GetCustomerAccountAsync(office, cancelled.GetProperty("customerId").GetString()!);
        account.TotalCreditNotes.Should().Be(73_700);
        account.Balance.Should().Be(-73_700, "what was paid for the services not performed is owed back to the customer");

        var fec = await FecAsync(app, admin, office);
        var avoirs = fec.Where(r => r[0] == "VE" && r[10].StartsWith("Avoir", StringComparison.Ordinal)).ToList();
        avoirs.Where(r => r[4] == "467000" && r[7] == Restaurant).Sum(r => Cents(r[11])).Should().Be(72_500, "the restaurant's lunch, from both invoices");
        avoirs.Where(r => r[4] == "411000").Sum(r => Cents(r[12])).Should().Be(73_700);
    }

    [Fact]
    public async Task Zonza_cancellation_five_days_before_the_final_invoice_invoices_the_fee_beyond_the_deposit_per_rate_and_provider()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office, id) = await DepositOnlyAsync(app);

        app.Clock.SetParisMorning(Start.AddDays(-5));
        admin = await app.SignInAsync(office, BookingsApp.AdminEmail(office), BookingsApp.Password);
        var cancelled = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/group-bookings/{id}/cancellation", new { }));
        cancelled.GetProperty("cancellation").GetProperty("feeInvoiced").GetInt64().Should().Be(26_825, "50 % of 1 073 € less the 25 % invoiced with the deposit");
        await app.CatchUpAsync();

        var c = (await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/group-bookings/{id}")).GetProperty("cancellation");
        c.GetProperty("stillOwed").GetInt64().Should().Be(26_825);
        c.GetProperty("billingCredits").GetArrayLength().Should().Be(0);
        var number = c.GetProperty("feeInvoiceNumber").GetString();
        number.Should().NotBeNullOrEmpty("billing issued the 'frais d'annulation' invoice");
        app.Mail(office, $"bookings/{id}/cancellation").Should().Contain(number!, "the cancellation e-mail names the fee invoice");
        c.GetProperty("feeInvoiceLines").EnumerateArray().Select(l => (l.GetProperty("vatRate").GetProperty("basisPoints").GetInt32(), l.GetProperty("total").GetInt64(),
            l.GetProperty("provider").GetString())).Should().Equal((2000, 8_700L, null), (1000, 18_125L, Restaurant));

        var account = await app.Services.GetRequiredService<IBillingService>().GetCustomerAccountAsync(office, cancelled.GetProperty("customerId").GetString()!);
        account.TotalInvoices.Should().Be(28_025 + 26_825);
        account.TotalCreditNotes.Should().Be(0);
        account.Balance.Should().Be(26_825, "the fee (536,50 €) and the file fees (12 €) less the deposit paid: a receivable");

        var fee = (await FecAsync(app, admin, office)).Where(r => r[0] == "VE" && r[8] == number).ToList();
        Cents(fee.Single(r => r[4] == "411000")[11]).Should().Be(26_825);
        Cents(fee.Single(r => r[4] == "467000" && r[7] == Restaurant)[12]).Should().Be(18_125, "the restaurant's share of the fee stays its money");
        Cents(fee.Single(r => r[4] == "706000")[12]).Should().Be(7_250, "87 € TTC at 20 %");
        Cents(fee.Single(r => r[4] == "445710")[12]).Should().Be(1_450);
    }

    [Fact]
    public async Task A_stay_cancelled_ten_days_before_keeps_75_percent_and_billing_credits_the_rest_and_the_tourist_tax()
    {
        await using var app = new BookingsApp(Today);
        var (admin, office) = await app.NewOfficeAsync("zonza");
        const string Owner = "Gîtes U Castellu";
        var stay = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/stays", new
        {
            customer = BookingsApp.Customer("famille.pietri@example.test"),
            lodging = "Gîte U Castellu",
            category = "unclassified",
            arrival = "2026-06-04",
            departure = "2026-06-07",
            adults = 2,
            minors = 1,
            nightlyPriceTtc = 12_000,
            vatRate = new { basisPoints = 1000 },
            singleOccupancySupplementPerNight = 0,
            securityDeposit = 0,
            touristTax = new { unclassifiedBasisPoints = 500, unclassifiedCapPerPersonNight = 400, departmentalSurchargePercent = 10 },
            providerName = Owner,
            thirdPartyFunds = true,
        }), HttpStatusCode.Created);
        var id = stay.GetProperty("stayId").GetString()!;
        var customerId = stay.GetProperty("customerId").GetString()!;
        await app.CatchUpAsync();
        var billing = app.Services.GetRequiredService<IBillingService>();
        var booking = (await billing.GetCustomerAccountAsync(office, customerId)).Invoices.Single(i => i.Number == stay.GetProperty("invoiceNumber").GetString());
        (await admin.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest("transfer-stay-1", customerId,
            new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: "VIR-SEJ-1"), 10_320, Today, [new PaymentAllocationRequest(booking.InvoiceId, 10_320)])))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        await app.CatchUpAsync(); // billing's "invoice settled" fact records the payment on the stay
        (await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/stays/{id}")).GetProperty("status").GetString().Should().Be("confirmed");

        var cancelled = await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/stays/{id}/cancellation", new { receivedOn = "2026-05-25" }));
        var c = cancelled.GetProperty("cancellation");
        c.GetProperty("fee").GetInt64().Should().Be(27_000, "75 % of 360 €, 10 days before arrival");
        c.GetProperty("stillOwed").GetInt64().Should().Be(27_000 - 9_000);
        c.GetProperty("refund").GetInt64().Should().Be(1_320, "the tourist tax paid");
        c.GetProperty("billingCredits").EnumerateArray().Select(x => x.GetProperty("total").GetInt64()).Should().Equal(9_000L, 1_320L);
        await app.CatchUpAsync();

        var account = await billing.GetCustomerAccountAsync(office, customerId);
        account.TotalInvoices.Should().Be(10_320 + 27_000);
        account.TotalCreditNotes.Should().Be(10_320, "the 25 % not kept and the tourist tax of nights never stayed");
        account.Balance.Should().Be(16_680, "the fee (270 €) less the deposit paid (90 €) and the tourist tax paid back (13,20 €)");

        var avoirs = (await FecAsync(app, admin, office)).Where(r => r[0] == "VE" && r[10].StartsWith("Avoir", StringComparison.Ordinal)).ToList();
        avoirs.Where(r => r[4] == "467000" && r[7] == Owner).Sum(r => Cents(r[11])).Should().Be(9_000, "the owner's lodging is third-party funds");
        avoirs.Where(r => r[4] == "706000").Sum(r => Cents(r[11])).Should().Be(1_320, "the tourist tax line, outside VAT");
        avoirs.Where(r => r[4] == "445710").Sum(r => Cents(r[11])).Should().Be(0);
        avoirs.Where(r => r[4] == "411000").Sum(r => Cents(r[12])).Should().Be(10_320);
    }
}
