using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Ticketing;

/// <summary>A card payment recorded on billing's side (the buyer never came back to the confirmation page) pays the ticket order and
/// issues its tickets, by the ticketing reaction to billing's published <c>InvoiceSettled</c>: within one catch-up, no job.</summary>
public sealed class TicketOrderPaidInBillingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Evening = DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(19);
    private readonly TicketingApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_card_payment_recorded_in_billing_pays_the_order_and_issues_its_tickets_once_without_any_job()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff);
        await TicketingApp.ScheduleNumberedAsync(staff, "concert", "s1", Evening, ("A", 4));
        var hold = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, "s1", "lucia@exemple.fr", ("orchestre", "plein", 2)));
        var order = await TicketingApp.EnsureAsync(await _app.OrderAsync(office, "lucia@exemple.fr", ("s1", hold.GetProperty("holdId").GetString()!)));
        var orderId = order.GetProperty("orderId").GetString()!;
        await _app.CatchUpAsync();
        var invoice = (await staff.GetFromJsonAsync<JsonElement>("/api/billing/invoices")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("sourceModule").GetString() == "ticketing" && i.GetProperty("sourceReference").GetString() == orderId);
        var amount = invoice.GetProperty("balance").GetInt64();

        var card = await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "card-tk-1", invoice.GetProperty("customerId").GetString()!, new PaymentDetails(PaymentMethod.Card, ProviderReference: "PSP-TEST-0002"), amount,
            DateOnly.FromDateTime(DateTime.UtcNow), [new PaymentAllocationRequest(invoice.GetProperty("invoiceId").GetString()!, amount)]));
        card.StatusCode.Should().Be(HttpStatusCode.Created, await card.Content.ReadAsStringAsync());
        await _app.CatchUpAsync(); // once, with reactors; no job runs (the scheduler is off in TicketingApp)

        var ticketed = await TicketingApp.EnsureAsync(await staff.GetAsync($"/api/ticketing/orders/{orderId}"));
        ticketed.GetProperty("status").GetString().Should().Be("ticketed");
        ticketed.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("number").GetInt64()).Should().BeEquivalentTo([1L, 2L]);
        var log = (await _app.Services.GetRequiredService<IEventStore>().ReadAllAsync(0, 1_000_000)).Where(e => e.Metadata.TenantId == office).ToList();
        var settled = log.Single(e => e.Type == "billing.published-invoice-settled");
        log.Single(e => e.Type == "ticketing.order-paid").Metadata.CausationId.Should().Be(settled.EventId, "the order was paid by the reaction to billing's fact");
    }
}
