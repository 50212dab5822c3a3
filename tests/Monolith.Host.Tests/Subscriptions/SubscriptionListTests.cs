using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monolith.Host.Tests.Subscriptions;

/// <summary>The staff subscriptions list: paging with a total, accent-insensitive search by organisation, typed filters (invalid → 400).</summary>
public sealed class SubscriptionListTests
{
    [Fact]
    public async Task Subscriptions_are_paged_searched_and_filtered()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(new DateOnly(2026, 3, 10));
        var (admin, officeId) = await app.NewOfficeAsync();
        await app.SubscribeAsync(officeId, await app.CreateOfferAsync(admin, 3), 1);
        await app.CatchUpAsync();

        var page = await admin.GetFromJsonAsync<JsonElement>("/api/subscriptions?status=active");
        page.GetProperty("total").GetInt64().Should().Be(1);
        page.GetProperty("pageSize").GetInt32().Should().Be(50);
        (await admin.GetFromJsonAsync<JsonElement>("/api/subscriptions?q=VILLE%20DE%20CAEN")).GetProperty("total").GetInt64().Should().Be(1);
        (await admin.GetFromJsonAsync<JsonElement>("/api/subscriptions?q=bayeux")).GetProperty("total").GetInt64().Should().Be(0);
        (await admin.GetFromJsonAsync<JsonElement>("/api/subscriptions?status=expired")).GetProperty("total").GetInt64().Should().Be(0);

        var bogus = await admin.GetAsync("/api/subscriptions?status=bogus");
        bogus.StatusCode.Should().Be(HttpStatusCode.BadRequest, "an unknown state is an error, not an empty list");
        (await bogus.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("status")[0].GetString().Should().Contain("active, cancelled, expired");
        (await admin.GetAsync("/api/subscriptions?endingFrom=2027-04-01&endingBefore=2027-03-01")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
