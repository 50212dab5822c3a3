using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Projections;
using Monolith.Host.Tests.Subscriptions;
using Monolith.Modules.Bookings.Jobs;
using Monolith.Testing;

namespace Monolith.Host.Tests.Bookings;

/// <summary>The real host (Offices, Billing, Subscriptions, Bookings) on a temporary data folder, with a clock the test sets and the
/// scheduler not started (the test runs the bookings job itself). PDFs are not printed here (billing's own tests print them): the
/// e-mails carry the documents' HTML instead.</summary>
public sealed class BookingsApp : TempHostApp
{
    public BookingsApp(DateOnly today, bool printPdf = false)
        : base("bookings")
    {
        PrintPdf = printPdf;
        Clock = new SettableClock(DateTimeOffset.UtcNow);
        Clock.SetParisMorning(today);
    }

    public SettableClock Clock { get; }

    /// <summary>Print documents to PDF with chromium (tests marked <c>[ChromiumFact]</c>); by default the documents stay HTML.</summary>
    public bool PrintPdf { get; }

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Scheduler:AutoStart", "false");
        if (!PrintPdf)
        {
            builder.UseSetting("Billing:Chromium", "none");
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A new office with its legal identity and the preset's terms published as version 1 (effective 2020-01-01).</summary>
    public async Task<(HttpClient Admin, string OfficeId)> NewOfficeAsync(string preset)
    {
        var (officeId, _) = await ProvisionOfficeAsync("bk");
        var admin = await SignInAsync(officeId, AdminEmail(officeId), Password);
        (await admin.PutAsJsonIfMatchAsync("/api/office/legal-identity", new
        {
            legalName = "Office de tourisme " + officeId,
            legalForm = "EPIC",
            siren = "732829320",
            vatNumber = "FR44732829320",
            address = new { street = "184 Strada di Pinareddu", postalCode = "20144", city = "Sainte Lucie de Porto-Vecchio" },
        })).EnsureSuccessStatusCode();
        var presetView = await admin.GetFromJsonAsync<JsonElement>($"/api/bookings/terms/presets/{preset}");
        (await admin.PostAsJsonAsync("/api/office/terms-of-sale", new
        {
            title = "Conditions de vente groupes",
            text = "Conditions particulières de vente : groupes.",
            settings = presetView.GetProperty("settings"),
            effectiveFrom = "2020-01-01",
        })).EnsureSuccessStatusCode();
        await CatchUpAsync();
        return (admin, officeId);
    }

    public override async Task CatchUpAsync()
    {
        var admin = Services.GetRequiredService<IProjectionAdmin>();
        (await admin.WaitForCatchUpAsync(TimeSpan.FromSeconds(30), includeReactors: true)).Should().BeTrue("projections and reactors should catch up");
        (await admin.GetDeadLettersAsync()).Should().BeEmpty("no event should be parked");
    }

    public async Task RunJobAsync()
    {
        await Services.GetRequiredService<JobRunner>().RunAsync<BookingReminders>();
        await CatchUpAsync();
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    public static object Customer(string email = "groupes@college-zonza.test") => new
    {
        business = true,
        name = "Collège de Zonza",
        street = "Route de Levie",
        postalCode = "20124",
        city = "Zonza",
        email,
    };
}
