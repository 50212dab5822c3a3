using System.Net.Http.Json;
using System.Text.Json;

namespace Monolith.Host.Tests.Subscriptions;

/// <summary>"Today" is the office's date (Europe/Paris), never the UTC date.</summary>
public class RenewalsCalendarTests
{
    [Fact]
    public async Task Renewals_start_from_the_offices_today_not_the_utc_date_just_after_midnight_in_paris()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(new DateOnly(2026, 3, 10));
        var (admin, officeId) = await app.NewOfficeAsync();
        var subscription = await app.SubscribeAsync(officeId, await app.CreateOfferAsync(admin, 3), 1);
        subscription.GetProperty("endDate").GetString().Should().Be("2027-03-09");

        app.Clock.Set(new DateTimeOffset(2027, 3, 9, 22, 45, 0, TimeSpan.Zero)); // 23:45 in Paris: still the last day
        var staff = await app.SignInAsync(officeId, $"admin@{officeId}.test", SubscriptionsApp.Password); // a token of that day
        (await staff.GetFromJsonAsync<JsonElement>("/api/subscriptions/renewals?withinDays=10")).GetProperty("total").GetInt64().Should().Be(1);

        app.Clock.Set(new DateTimeOffset(2027, 3, 9, 23, 5, 0, TimeSpan.Zero)); // 00:05 on 10 March in Paris, still 9 March in UTC
        (await staff.GetFromJsonAsync<JsonElement>("/api/subscriptions/renewals?withinDays=10")).GetProperty("total").GetInt64()
            .Should().Be(0, "in the office it is 10 March: the subscription ended yesterday");
    }
}
