using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Projections;
using Monolith.Testing;

namespace Monolith.Host.Tests.Ticketing;

/// <summary>The real host on a temporary data folder, scheduler off (tests run jobs themselves), billing real.</summary>
public sealed class TicketingApp : TempHostApp
{
    public TicketingApp()
        : base("ticketing")
    {
    }

    protected override void ConfigureHost(IWebHostBuilder builder) => builder.UseSetting("Scheduler:AutoStart", "false");

    public async Task<(HttpClient Staff, string OfficeId)> NewOfficeAsync()
    {
        var (officeId, _) = await ProvisionOfficeAsync("ot-tk");
        var admin = await SignInAsync(officeId, AdminEmail(officeId), Password);
        (await admin.PutAsJsonIfMatchAsync("/api/office/legal-identity", new
        {
            legalName = "Office municipal de tourisme de Zonza",
            legalForm = "EPIC",
            siren = "732829320",
            vatNumber = "FR44732829320",
            address = new { street = "Route de Bavella", postalCode = "20124", city = "Zonza" },
        })).EnsureSuccessStatusCode();
        await CatchUpAsync(); // billing reads the seller's legal identity from the offices read model
        return (admin, officeId);
    }

    public async Task<HttpClient> ScannerAsync(HttpClient admin, string officeId)
    {
        var email = $"porte-a@{officeId}.test";
        (await admin.PostAsJsonAsync("/api/office/users", new { email, displayName = "Contrôle porte A", roles = new[] { "scanner" }, password = Password }))
            .EnsureSuccessStatusCode();
        return await SignInAsync(officeId, email, Password);
    }

    /// <summary>A live show (5.5 %): full 25 €, reduced 18 € (student card), free for children; 1.50 € fee per paid ticket.</summary>
    public static async Task CreateConcertAsync(HttpClient staff, string showId = "concert", int? maxPerPerson = null, int? maxPerOrder = null)
    {
        var response = await staff.PostAsJsonAsync("/api/ticketing/shows", new
        {
            showId,
            name = "Polyphonies à Zonza",
            kind = "LiveShow",
            organiserName = "Association Voce di Zonza",
            organiserIsPartner = true,
            rates = new object[]
            {
                new { code = "plein", label = "Plein tarif", kind = "Full", prices = new Dictionary<string, long> { ["orchestre"] = 2500, ["libre"] = 2000 } },
                new { code = "reduit", label = "Tarif réduit", kind = "Reduced", prices = new Dictionary<string, long> { ["orchestre"] = 1800, ["libre"] = 1500 }, proofRequired = "carte d'étudiant" },
                new { code = "enfant", label = "Gratuit (moins de 12 ans)", kind = "Free", prices = new Dictionary<string, long> { ["orchestre"] = 0, ["libre"] = 0 } },
            },
            handlingFeePerTicket = 150,
            maxSeatsPerPerson = maxPerPerson,
            maxSeatsPerOrder = maxPerOrder,
        });
        await EnsureAsync(response);
    }

    public static async Task ScheduleNumberedAsync(HttpClient staff, string showId, string sessionId, DateTimeOffset startsAt, params (string Row, int Seats)[] rows)
    {
        var response = await staff.PostAsJsonAsync($"/api/ticketing/shows/{showId}/sessions", new
        {
            sessionId,
            startsAt,
            seating = "Numbered",
            categories = new[] { new { code = "orchestre", label = "Orchestre", capacity = rows.Sum(r => r.Seats), rows = rows.Select(r => new { row = r.Row, from = 1, to = r.Seats }).ToArray() } },
        });
        await EnsureAsync(response);
    }

    public static async Task ScheduleFreeAsync(HttpClient staff, string showId, string sessionId, DateTimeOffset startsAt, int capacity)
    {
        var response = await staff.PostAsJsonAsync($"/api/ticketing/shows/{showId}/sessions", new
        {
            sessionId,
            startsAt,
            seating = "Free",
            categories = new[] { new { code = "libre", label = "Placement libre", capacity } },
        });
        await EnsureAsync(response);
    }

    public static async Task<JsonElement> EnsureAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        }

        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<HttpResponseMessage> HoldAsync(string officeId, string sessionId, string email, params (string Category, string Rate, int Quantity)[] lines) =>
        await CreateClient().PostAsJsonAsync($"/api/ticketing/public/{officeId}/sessions/{sessionId}/holds", new
        {
            email,
            lines = lines.Select(l => new { category = l.Category, rate = l.Rate, quantity = l.Quantity }).ToArray(),
        });

    public async Task<HttpResponseMessage> OrderAsync(string officeId, string email, params (string SessionId, string HoldId)[] holds) =>
        await CreateClient().PostAsJsonAsync($"/api/ticketing/public/{officeId}/orders", new
        {
            holds = holds.Select(h => new { sessionId = h.SessionId, holdId = h.HoldId }).ToArray(),
            buyer = new { name = "Lucia Santoni", email, street = "3 rue du Port", postalCode = "20137", city = "Porto-Vecchio" },
        });

    public override async Task CatchUpAsync()
    {
        var admin = Services.GetRequiredService<IProjectionAdmin>();
        (await admin.WaitForCatchUpAsync(TimeSpan.FromSeconds(60), includeReactors: true)).Should().BeTrue("projections and reactors should catch up");
        (await admin.GetDeadLettersAsync()).Should().BeEmpty("no event should be parked");
    }
}
