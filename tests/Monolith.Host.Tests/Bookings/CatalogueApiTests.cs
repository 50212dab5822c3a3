using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monolith.Host.Tests.Bookings;

/// <summary>The services catalogue: own and partner services, listed, changed with If-Match, used on a quote (copied as they stand),
/// group sizes checked, withdrawn services refused on new quotes.</summary>
public class CatalogueApiTests
{
    [Fact]
    public async Task A_partner_service_from_the_catalogue_is_copied_onto_a_quote_within_its_group_sizes()
    {
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        var (admin, _) = await app.NewOfficeAsync("zonza");

        var lunch = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/services", new
        {
            label = "Déjeuner corse",
            kind = "meal",
            duration = "1 h 30",
            unitPriceTtc = 2500,
            vatRate = new { basisPoints = 1000 },
            perPerson = true,
            minParticipants = 10,
            maxParticipants = 40,
            providerName = "Restaurant U Funtanonu",
            providerSiren = "123456789",
            thirdPartyFunds = true,
        }), HttpStatusCode.Created);
        var lunchId = lunch.GetProperty("serviceId").GetString()!;
        lunch.GetProperty("providerId").GetString().Should().NotBeNullOrEmpty();
        var visit = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/services", new
        {
            label = "Visite guidée du village",
            kind = "guidedVisit",
            duration = "2 h",
            unitPriceTtc = 1200,
            vatRate = new { basisPoints = 2000 },
            perPerson = true,
        }), HttpStatusCode.Created);
        await app.CatchUpAsync();

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/bookings/services?kind=meal");
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serviceId").GetString()).Should().Equal(lunchId);
        (await admin.GetAsync("/api/bookings/services?kind=spa")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // Changing the price needs If-Match.
        var change = new
        {
            label = "Déjeuner corse",
            kind = "meal",
            duration = "1 h 30",
            unitPriceTtc = 2600,
            vatRate = new { basisPoints = 1000 },
            perPerson = true,
            minParticipants = 10,
            maxParticipants = 40,
            providerId = lunch.GetProperty("providerId").GetString(),
            providerName = "Restaurant U Funtanonu",
            providerSiren = "123456789",
            thirdPartyFunds = true,
        };
        (await admin.PutAsJsonAsync($"/api/bookings/services/{lunchId}", change)).StatusCode.Should().Be((HttpStatusCode)428);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/bookings/services/{lunchId}") { Content = JsonContent.Create(change) };
        var loaded = await admin.GetAsync($"/api/bookings/services/{lunchId}");
        put.Headers.TryAddWithoutValidation("If-Match", loaded.Headers.ETag!.Tag);
        (await BookingsApp.Json(await admin.SendAsync(put))).GetProperty("unitPriceTtc").GetInt64().Should().Be(2600);

        object Quote(int adults) => new
        {
            customer = BookingsApp.Customer(),
            title = "Journée découverte",
            start = "2026-06-20",
            end = "2026-06-20",
            adults,
            services = new object[]
            {
                new { serviceId = visit.GetProperty("serviceId").GetString(), date = "2026-06-20" },
                new { serviceId = lunchId, date = "2026-06-20" },
            },
        };
        var quote = await BookingsApp.Json(await admin.PostAsJsonAsync("/api/bookings/group-bookings", Quote(20)), HttpStatusCode.Created);
        var lines = quote.GetProperty("lines").EnumerateArray().ToList();
        lines.Should().HaveCount(2);
        lines[1].GetProperty("label").GetString().Should().Be("Déjeuner corse (1 h 30)");
        lines[1].GetProperty("unitPriceTtc").GetInt64().Should().Be(2600);
        lines[1].GetProperty("provider").GetString().Should().Be("Restaurant U Funtanonu");
        lines[1].GetProperty("thirdPartyFunds").GetBoolean().Should().BeTrue();

        var tooMany = await admin.PostAsJsonAsync("/api/bookings/group-bookings", Quote(41));
        (await BookingsApp.Json(tooMany, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("quote.service-participants");

        await BookingsApp.Json(await admin.PostAsJsonAsync($"/api/bookings/services/{lunchId}/withdrawal", new { }));
        var withdrawn = await admin.PostAsJsonAsync("/api/bookings/group-bookings", Quote(20));
        (await BookingsApp.Json(withdrawn, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("quote.service-withdrawn");
        await app.CatchUpAsync();
        (await admin.GetFromJsonAsync<JsonElement>("/api/bookings/services")).GetProperty("total").GetInt64().Should().Be(1, "withdrawn services are hidden by default");
    }
}
