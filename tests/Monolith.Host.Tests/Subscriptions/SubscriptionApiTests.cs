using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.BuildingBlocks.Jobs;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Subscriptions.Contracts;
using Monolith.Modules.Subscriptions.Jobs;
using Monolith.Testing;

namespace Monolith.Host.Tests.Subscriptions;

public class SubscriptionApiTests
{
    /// <summary>A portal customer: account created through Offices, invitation accepted, signed in.</summary>
    internal static async Task<HttpClient> PortalCustomerAsync(SubscriptionsApp app, string officeId, string email)
    {
        var accountId = TestIds.Letters();
        var account = await app.Get<ICustomerAccounts>().CreateOrInviteAsync(
            new NewCustomerAccount(officeId, accountId, $"cust-{accountId[..8]}", email, "Marie Gestion", "test"));
        await app.CatchUpAsync();
        var accepted = await app.CreateClient().PostAsJsonAsync("/api/auth/invitations/acceptance", new { tenant = officeId, token = account.InvitationToken, password = SubscriptionsApp.Password });
        accepted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        return await app.SignInAsync(officeId, email, SubscriptionsApp.Password);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task The_manager_manages_users_within_the_tier_limit_and_only_registered_users_hold_benefits()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        var day0 = new DateOnly(2026, 5, 4);
        app.Clock.SetParisMorning(day0);
        var (admin, office) = await app.NewOfficeAsync();
        var offer = await app.CreateOfferAsync(admin, 3);
        var manager = await PortalCustomerAsync(app, office, "marie.gestion@ville.test");

        var tooMany = await manager.PostAsJsonAsync("/api/portal/subscriptions", SubscriptionsApp.SubscribeBody(offer, office, 4));
        (await Json(tooMany, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("subscription.user-limit");

        var created = await Json(await manager.PostAsJsonAsync("/api/portal/subscriptions", SubscriptionsApp.SubscribeBody(offer, office, 3)), HttpStatusCode.Created);
        var id = created.GetProperty("subscriptionId").GetString()!;
        var users = created.GetProperty("users").EnumerateArray().ToList();
        var numbers = users.Select(u => u.GetProperty("subscriberNumber").GetString()).ToList();
        numbers.Should().Equal("AB-2026-00001", "AB-2026-00002", "AB-2026-00003");
        await app.CatchUpAsync();

        // A fourth user on a 3-user tier: refused, nothing sent, no number used.
        app.Clock.SetParisMorning(day0.AddDays(20));
        manager = await app.SignInAsync(office, "marie.gestion@ville.test", SubscriptionsApp.Password);
        var fourth = await manager.PostAsJsonAsync($"/api/portal/subscriptions/{id}/users", new { name = "Quatrième", email = "quatre@ville.test" });
        (await Json(fourth, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("subscription.user-limit");

        // Remove one, then the place can be given; the newcomer gets the next number.
        var second = users[1].GetProperty("accountId").GetString()!;
        await Json(await manager.DeleteIfMatchAsync($"/api/portal/subscriptions/{id}/users/{second}"), HttpStatusCode.OK);
        var added = await Json(await manager.PostAsJsonAsync($"/api/portal/subscriptions/{id}/users", new { name = "Quatrième", email = "quatre@ville.test" }), HttpStatusCode.OK);
        added.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("subscriberNumber").GetString())
            .Should().BeEquivalentTo(["AB-2026-00001", "AB-2026-00003", "AB-2026-00004"]);

        // Replace: the old number stops, the new person gets a number, the count stays at the limit.
        var first = users[0].GetProperty("accountId").GetString()!;
        var replaced = await Json(await manager.PutAsJsonIfMatchAsync($"/api/portal/subscriptions/{id}/users/{first}", new { name = "Cinq", email = "cinq@ville.test" }), HttpStatusCode.OK);
        replaced.GetProperty("users").GetArrayLength().Should().Be(3);
        await app.CatchUpAsync();

        var directory = app.Get<ISubscriberDirectory>();
        var today = day0.AddDays(20);
        (await directory.CheckAsync(office, "AB-2026-00002", today)).Should().BeEquivalentTo(new { Known = true, Active = false });
        (await directory.CheckAsync(office, "AB-2026-00002", today.AddDays(-1))).Active.Should().BeTrue("the user was registered the day before");
        (await directory.CheckAsync(office, "AB-2026-00001", today)).Active.Should().BeFalse();
        (await directory.CheckAsync(office, "AB-2026-00005", today)).Should().BeEquivalentTo(new { Known = true, Active = true, SubscriptionId = id });
        (await directory.CheckAsync(office, "AB-2026-00005", today.AddDays(-1))).Active.Should().BeFalse("not yet registered then");

        // Staff check endpoint.
        admin = await app.SignInAsync(office, $"admin@{office}.test", SubscriptionsApp.Password);
        var check = await admin.GetFromJsonAsync<JsonElement>("/api/subscriptions/subscriber-numbers/ab-2026-00004");
        check.GetProperty("active").GetBoolean().Should().BeTrue();
        check.GetProperty("organisationName").GetString().Should().Be("Ville de Caen");

        // E-mails: manager confirmation + 3 welcomes, then one welcome for each newcomer (2); billing's invoice to the manager (1).
        app.OutboxFiles(office).Should().HaveCount(6 + 1);

        // A user signs in with the link's account? They see their own number; the manager's view is theirs only.
        var other = await PortalCustomerAsync(app, office, "someone.else@ville.test");
        (await other.GetAsync($"/api/portal/subscriptions/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/portal/subscriptions/{id}/users", new { name = "Intrus", email = "intrus@ville.test" })).StatusCode
            .Should().Be(HttpStatusCode.NotFound);
        var (otherAdmin, _) = await app.NewOfficeAsync();
        (await otherAdmin.GetAsync($"/api/subscriptions/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "another office's subscription");
    }

    [Fact]
    public async Task Renewing_early_over_a_leap_day_starts_the_day_after_the_end_and_no_reminder_is_sent_for_the_old_end()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(new DateOnly(2027, 3, 1));
        var (admin, office) = await app.NewOfficeAsync();
        var offer = await app.CreateOfferAsync(admin, 5);
        var manager = await PortalCustomerAsync(app, office, "marie.gestion@ville.test");
        var created = await Json(await manager.PostAsJsonAsync("/api/portal/subscriptions", SubscriptionsApp.SubscribeBody(offer, office, 2)), HttpStatusCode.Created);
        var id = created.GetProperty("subscriptionId").GetString()!;
        created.GetProperty("endDate").GetString().Should().Be("2028-02-29");
        await app.CatchUpAsync();
        await Json(await admin.PostAsJsonAsync($"/api/subscriptions/{id}/purchase-order", new { reference = "BC-2027-001" }), HttpStatusCode.OK);

        // Early renewal, 40 days before the end, at the offer's new price.
        app.Clock.SetParisMorning(new DateOnly(2028, 1, 20));
        admin = await app.SignInAsync(office, $"admin@{office}.test", SubscriptionsApp.Password);
        await Json(await admin.PutAsJsonIfMatchAsync($"/api/subscriptions/offers/{offer}", new { name = "Cap Plus 5", maxUsers = 5, priceTtc = 66000, vatRate = new { basisPoints = 2000 } }), HttpStatusCode.OK);
        manager = await app.SignInAsync(office, "marie.gestion@ville.test", SubscriptionsApp.Password);
        var renewed = await Json(await manager.PostAsync($"/api/portal/subscriptions/{id}/renewal", null), HttpStatusCode.OK);
        var period2 = renewed.GetProperty("periods")[1];
        period2.GetProperty("start").GetString().Should().Be("2028-03-01");
        period2.GetProperty("end").GetString().Should().Be("2029-02-28");
        period2.GetProperty("paymentDueBy").GetString().Should().Be("2028-02-04");
        period2.GetProperty("priceTtc").GetInt64().Should().Be(66000);
        renewed.GetProperty("endDate").GetString().Should().Be("2029-02-28");
        (await manager.PostAsync($"/api/portal/subscriptions/{id}/renewal", null)).StatusCode.Should().Be(HttpStatusCode.Conflict, "already renewed");
        await app.CatchUpAsync();
        var account = await app.Get<IBillingService>().GetCustomerAccountAsync(office, created.GetProperty("customerId").GetString()!);
        account.Invoices.Select(i => i.TotalTtc).Should().BeEquivalentTo([60000L, 66000L], "one invoice per period, issued by billing");
        renewed = await manager.GetFromJsonAsync<JsonElement>($"/api/portal/subscriptions/{id}");
        renewed.GetProperty("periods")[1].GetProperty("invoiceNumber").GetString().Should().NotBeNullOrEmpty();

        // The renewal's purchase order arrives; the jobs run through the old end: no reminder, no expiry.
        admin = await app.SignInAsync(office, $"admin@{office}.test", SubscriptionsApp.Password);
        await Json(await admin.PostAsJsonAsync($"/api/subscriptions/{id}/purchase-order", new { reference = "BC-2028-004" }), HttpStatusCode.OK);
        for (var day = new DateOnly(2028, 1, 20); day <= new DateOnly(2028, 3, 5); day = day.AddDays(1))
        {
            app.Clock.SetParisMorning(day);
            await app.RunDailyJobsAsync();
        }

        // Activation (manager + 2 users) + renewal confirmation, and billing's invoice of each period to the manager; nothing else.
        app.OutboxFiles(office).Should().HaveCount(4 + 2);
        app.Sent(office, $"subscriptions/{id}/period-2/renewed").Should().BeTrue();
        var directory = app.Get<ISubscriberDirectory>();
        var number = created.GetProperty("users")[0].GetProperty("subscriberNumber").GetString()!;
        foreach (var (day, active) in new[] { ("2028-02-29", true), ("2028-03-01", true), ("2029-02-28", true), ("2029-03-01", false) })
        {
            (await directory.CheckAsync(office, number, DateOnly.Parse(day))).Active.Should().Be(active, day);
        }

        manager = await app.SignInAsync(office, "marie.gestion@ville.test", SubscriptionsApp.Password);
        var mine = await manager.GetFromJsonAsync<JsonElement>("/api/portal/subscriptions");
        mine.GetProperty("items").EnumerateArray().Single().GetProperty("status").GetString().Should().Be("active");
        mine.GetProperty("total").GetInt64().Should().Be(1);
        (await manager.GetFromJsonAsync<JsonElement>("/api/portal/subscriptions?status=expired")).GetProperty("total").GetInt64().Should().Be(0);
        (await manager.GetAsync("/api/portal/subscriptions?status=paused")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await manager.GetAsync("/api/portal/subscriptions?sort=price")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_job_fired_twice_at_once_sends_nothing_twice()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(new DateOnly(2026, 3, 10));
        var (admin, office) = await app.NewOfficeAsync();
        var unpaid = await app.SubscribeAsync(office, await app.CreateOfferAsync(admin, 3), 3);
        var paid = await app.SubscribeAsync(office, await app.CreateOfferAsync(admin, 4), 2);
        var paidId = paid.GetProperty("subscriptionId").GetString()!;
        await Json(await admin.PostAsJsonAsync($"/api/subscriptions/{paidId}/purchase-order", new { reference = "BC-1" }), HttpStatusCode.OK);
        const int Invoices = 2; // billing e-mails each subscription's invoice to its manager
        app.OutboxFiles(office).Should().HaveCount(4 + 3 + Invoices);

        var runner = app.Get<JobRunner>();
        async Task FireTwiceAtOnce<TJob>()
            where TJob : ScheduledJob
        {
            await Task.WhenAll(runner.RunAsync<TJob>(), runner.RunAsync<TJob>(), runner.RunAsync<TJob>());
            await app.CatchUpAsync();
        }

        app.Clock.SetParisMorning(new DateOnly(2026, 3, 26));
        await FireTwiceAtOnce<PaymentDeadlineJob>();
        app.OutboxFiles(office).Should().HaveCount(7 + Invoices + 1, "one cancellation e-mail to the unpaid subscription's manager");

        app.Clock.SetParisMorning(new DateOnly(2027, 2, 7));
        await FireTwiceAtOnce<RenewalNoticeJob>();
        app.OutboxFiles(office).Should().HaveCount(8 + Invoices + 3, "the reminder to the paid subscription's manager and its 2 users");
        await FireTwiceAtOnce<RenewalNoticeJob>();
        app.OutboxFiles(office).Should().HaveCount(11 + Invoices);

        app.Clock.SetParisMorning(new DateOnly(2027, 3, 10));
        await FireTwiceAtOnce<ExpiryJob>();
        app.OutboxFiles(office).Should().HaveCount(11 + Invoices + 3, "the questionnaire to the manager and 2 users, once");
        admin = await app.SignInAsync(office, $"admin@{office}.test", SubscriptionsApp.Password);
        var s = await admin.GetFromJsonAsync<JsonElement>($"/api/subscriptions/{unpaid.GetProperty("subscriptionId").GetString()}");
        s.GetProperty("status").GetString().Should().Be("cancelled");
    }

    [Fact]
    public async Task Sign_up_is_validated_and_offers_are_listed_publicly()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        var (admin, office) = await app.NewOfficeAsync(new Dictionary<string, string> { ["subscriptions.number-prefix"] = "CP" });
        var offer = await app.CreateOfferAsync(admin, 10, 150000);
        (await admin.PostAsJsonAsync("/api/subscriptions/offers", new { name = "Trop", maxUsers = 11, priceTtc = 1000, vatRate = new { basisPoints = 2000 } }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await app.CatchUpAsync();

        var anonymous = app.CreateClient();
        var offers = await anonymous.GetFromJsonAsync<JsonElement>($"/api/public/offices/{office}/subscription-offers");
        offers.GetProperty("items").EnumerateArray().Single().GetProperty("maxUsers").GetInt32().Should().Be(10);
        offers.GetProperty("total").GetInt64().Should().Be(1);
        (await admin.GetFromJsonAsync<JsonElement>("/api/subscriptions/offers?pageSize=0")).GetProperty("pageSize").GetInt32().Should().Be(1, "a page holds 1 to 200 items");

        var invalid = await anonymous.PostAsJsonAsync($"/api/public/offices/{office}/subscriptions", new
        {
            offerId = offer,
            organisation = new { name = "", street = "1 rue", postalCode = "14000", city = "Caen" },
            manager = new { name = "M", email = "not-an-email" },
            users = Array.Empty<object>(),
        });
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Should().Contain(["organisation.name", "manager.email", "users"]);

        var created = await app.SubscribeAsync(office, offer, 1);
        created.GetProperty("users")[0].GetProperty("subscriberNumber").GetString().Should().StartWith("CP-");
        (await admin.DeleteIfMatchAsync($"/api/subscriptions/offers/{offer}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await app.CatchUpAsync();
        var gone = await anonymous.PostAsJsonAsync($"/api/public/offices/{office}/subscriptions", SubscriptionsApp.SubscribeBody(offer, office, 1));
        gone.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }
}
