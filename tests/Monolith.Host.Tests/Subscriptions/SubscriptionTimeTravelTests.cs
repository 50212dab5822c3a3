using System.Net.Http.Json;
using System.Text.Json;
using Monolith.Modules.Subscriptions.Contracts;

namespace Monolith.Host.Tests.Subscriptions;

/// <summary>A whole year through the real host: the clock moves one day at a time (08:00, Paris) and the daily jobs fire twice each
/// day, as a scheduler that double-fires would. The outbox is counted every day.</summary>
public class SubscriptionTimeTravelTests
{
    private static readonly DateOnly Day0 = new(2026, 3, 10);

    [Fact]
    public async Task Unpaid_is_cancelled_after_day_15_paid_gets_reminder_three_relaunches_then_ends_with_a_questionnaire()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(Day0);
        var (adminA, unpaid) = await app.NewOfficeAsync();
        var (adminB, paid) = await app.NewOfficeAsync();
        var subA = await app.SubscribeAsync(unpaid, await app.CreateOfferAsync(adminA, 3), 3);
        var subB = await app.SubscribeAsync(paid, await app.CreateOfferAsync(adminB, 5), 3);
        var idA = subA.GetProperty("subscriptionId").GetString()!;
        var idB = subB.GetProperty("subscriptionId").GetString()!;
        subB.GetProperty("endDate").GetString().Should().Be("2027-03-09");
        subB.GetProperty("periods")[0].GetProperty("paymentDueBy").GetString().Should().Be("2026-03-25");
        var numberA = subA.GetProperty("users")[0].GetProperty("subscriberNumber").GetString()!;
        var numberB = subB.GetProperty("users")[0].GetProperty("subscriberNumber").GetString()!;
        numberB.Should().MatchRegex(@"^AB-2026-\d{5}$");
        var managerB = subB.GetProperty("managerAccountId").GetString()!;
        var usersB = subB.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("accountId").GetString()!).ToList();

        // Activation: the manager's confirmation and one e-mail per user with credentials and number; billing's invoice to the manager.
        app.OutboxFiles(unpaid).Should().HaveCount(4 + 1);
        app.OutboxFiles(paid).Should().HaveCount(4 + 1);
        app.Sent(paid, $"subscriptions/{idB}/activated").Should().BeTrue();

        // Office B's invoice is paid in billing on day 5; office A never answers.
        var invoiceB = await InvoiceIdAsync(app, paid, idB);
        var customerB = subB.GetProperty("customerId").GetString()!;
        var directory = app.Get<ISubscriberDirectory>();
        var last = new DateOnly(2027, 3, 12);
        for (var day = Day0; day <= last; day = day.AddDays(1))
        {
            app.Clock.SetParisMorning(day);
            if (day == Day0.AddDays(5))
            {
                await app.PayAsync(paid, customerB, invoiceB, 60000, day);
            }

            await app.RunDailyJobsAsync(fires: 2);

            app.OutboxFiles(unpaid).Should().HaveCount(1 + (day <= new DateOnly(2026, 3, 25) ? 4 : 5), $"office A on {day:yyyy-MM-dd}");
            app.OutboxFiles(paid).Should().HaveCount(1 + ExpectedForPaid(day), $"office B on {day:yyyy-MM-dd}");
        }

        // A: cancelled the day after its deadline (activation + 15 days), the manager told once; the numbers stop that day.
        app.Sent(unpaid, $"subscriptions/{idA}/cancelled").Should().BeTrue();
        (await directory.CheckAsync(unpaid, numberA, new DateOnly(2026, 3, 25))).Active.Should().BeTrue();
        (await directory.CheckAsync(unpaid, numberA, new DateOnly(2026, 3, 26))).Active.Should().BeFalse();

        // B: reminder to the manager and the users, three relaunches to the manager, then the end and the questionnaire to everyone.
        foreach (var account in usersB.Prepend(managerB))
        {
            app.Sent(paid, $"subscriptions/{idB}/period-1/notice-1/{account}").Should().BeTrue();
            app.Sent(paid, $"subscriptions/{idB}/questionnaire/{account}").Should().BeTrue();
        }

        foreach (var step in new[] { 2, 3, 4 })
        {
            app.Sent(paid, $"subscriptions/{idB}/period-1/notice-{step}/{managerB}").Should().BeTrue();
        }

        var checkLastDay = await directory.CheckAsync(paid, numberB.ToLowerInvariant(), new DateOnly(2027, 3, 9));
        checkLastDay.Should().BeEquivalentTo(new { Known = true, Active = true, SubscriptionId = idB, OrganisationName = "Ville de Caen" });
        (await directory.CheckAsync(paid, numberB, new DateOnly(2027, 3, 10))).Active.Should().BeFalse();
        (await directory.CheckAsync(paid, "AB-2026-00099", new DateOnly(2026, 6, 1))).Known.Should().BeFalse("this number was never issued");
        (await directory.CheckAsync("another-office", numberB, new DateOnly(2026, 6, 1))).Known.Should().BeFalse("numbers are per office");

        var staff = await app.SignInAsync(paid, $"admin@{paid}.test", SubscriptionsApp.Password);
        var b = await staff.GetFromJsonAsync<JsonElement>($"/api/subscriptions/{idB}");
        b.GetProperty("status").GetString().Should().Be("expired");
        b.GetProperty("periods")[0].GetProperty("settled").GetBoolean().Should().BeTrue();
        b.GetProperty("periods")[0].GetProperty("renewalNoticesSent").GetInt32().Should().Be(4);
        var expired = await staff.GetFromJsonAsync<JsonElement>("/api/subscriptions?status=expired");
        expired.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("subscriptionId").GetString()).Should().Equal(idB);
    }

    private static int ExpectedForPaid(DateOnly day) => day switch
    {
        _ when day < new DateOnly(2027, 2, 7) => 4, // activation
        _ when day < new DateOnly(2027, 2, 16) => 8, // J-30: manager + 3 users
        _ when day < new DateOnly(2027, 2, 23) => 9, // J-21: relaunch 1
        _ when day < new DateOnly(2027, 3, 2) => 10, // J-14: relaunch 2
        _ when day < new DateOnly(2027, 3, 10) => 11, // J-7: relaunch 3
        _ => 15, // the day after the end: questionnaire to manager + 3 users
    };

    internal static async Task<string> InvoiceIdAsync(SubscriptionsApp app, string officeId, string subscriptionId)
    {
        var staff = await app.SignInAsync(officeId, $"admin@{officeId}.test", SubscriptionsApp.Password);
        var s = await staff.GetFromJsonAsync<JsonElement>($"/api/subscriptions/{subscriptionId}");
        return s.GetProperty("periods")[0].GetProperty("invoiceId").GetString()!;
    }
}
