using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.BuildingBlocks.EventStore;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Subscriptions;

/// <summary>Subscriptions learns that a period is paid from billing's published fact, never by asking billing.</summary>
public class SubscriptionFactsTests
{
    [Fact]
    public async Task A_cheque_recorded_in_billing_for_a_period_invoice_settles_the_period_within_one_catch_up_without_any_job()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(new DateOnly(2026, 3, 10));
        var (admin, officeId) = await app.NewOfficeAsync();
        var subscription = await app.SubscribeAsync(officeId, await app.CreateOfferAsync(admin, 3), 2);
        var subscriptionId = subscription.GetProperty("subscriptionId").GetString()!;
        var customerId = subscription.GetProperty("customerId").GetString()!;
        var invoiceId = await SubscriptionTimeTravelTests.InvoiceIdAsync(app, officeId, subscriptionId);
        var staff = await app.SignInAsync(officeId, $"admin@{officeId}.test", SubscriptionsApp.Password);
        (await staff.GetFromJsonAsync<JsonElement>($"/api/subscriptions/{subscriptionId}")).GetProperty("periods")[0].GetProperty("settled").GetBoolean()
            .Should().BeFalse();

        var cheque = await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "cheque-1", customerId, new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: "0004242", Bank: "CIC"), 60000, new DateOnly(2026, 3, 12),
            [new PaymentAllocationRequest(invoiceId, 60000)]));
        cheque.StatusCode.Should().Be(HttpStatusCode.Created, await cheque.Content.ReadAsStringAsync());
        await app.CatchUpAsync(); // projections and reactors, once; no job runs (the scheduler is off in SubscriptionsApp)

        (await staff.GetFromJsonAsync<JsonElement>($"/api/subscriptions/{subscriptionId}")).GetProperty("periods")[0].GetProperty("settled").GetBoolean()
            .Should().BeTrue();
        var log = (await app.Get<IEventStore>().ReadAllAsync(0, 1_000_000)).Where(e => e.Metadata.TenantId == officeId).ToList();
        var settled = log.Single(e => e.Type == "billing.published-invoice-settled");
        settled.StreamId.Should().Be($"billing-account:{officeId}:{customerId}", "billing appends the fact with the allocation that settled the invoice");
        log.Single(e => e.Type == "subscriptions.payment-confirmed").Metadata.CausationId.Should().Be(settled.EventId, "the period was settled by the reaction to the fact");
        log.Select(e => e.Type).Should().Contain("subscriptions.published-subscription-activated");
    }
}
