using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Jobs;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Ticketing;

public sealed class CancellationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Evening = DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(19);
    private readonly TicketingApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_organiser_cancels_the_original_buyer_gets_a_credit_note_for_the_face_value_and_the_fees_are_kept()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff);
        await TicketingApp.ScheduleFreeAsync(staff, "concert", "s1", Evening, 100);
        var hold = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, "s1", "lucia@exemple.fr", ("libre", "plein", 2), ("libre", "reduit", 1)));
        var order = await TicketingApp.EnsureAsync(await _app.OrderAsync(office, "lucia@exemple.fr", ("s1", hold.GetProperty("holdId").GetString()!)));
        var orderId = order.GetProperty("orderId").GetString()!;
        await _app.CatchUpAsync();
        await TicketingApp.EnsureAsync(await staff.PostAsJsonAsync($"/api/ticketing/orders/{orderId}/payments", new { method = "Cash" }));
        await _app.CatchUpAsync();

        (await staff.PostAsJsonAsync("/api/ticketing/sessions/s1/cancellation", new { reason = "Intempéries : scène inondée" })).EnsureSuccessStatusCode();
        await _app.CatchUpAsync();

        var refunded = await TicketingApp.EnsureAsync(await staff.GetAsync($"/api/ticketing/orders/{orderId}"));
        refunded.GetProperty("refunded").GetInt64().Should().Be(2000 + 2000 + 1500, "the face value only");
        var account = await _app.Services.GetRequiredService<IBillingService>().GetCustomerAccountAsync(office, "ticket-buyer-" + orderId);
        account.TotalInvoices.Should().Be(5500 + (3 * 150));
        account.TotalCreditNotes.Should().Be(5500, "a credit note refers to the buyer's invoice; the 4.50 € fees are not refunded");

        var again = await _app.HoldAsync(office, "s1", "paolo@exemple.fr", ("libre", "plein", 1));
        again.StatusCode.Should().Be(System.Net.HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).Should().Contain("annulée");
    }

    [Fact]
    public async Task A_leisure_activity_below_its_minimum_at_the_check_time_is_cancelled_by_the_office()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff, "kayak");
        var response = await staff.PostAsJsonAsync("/api/ticketing/shows/kayak/sessions", new
        {
            sessionId = "k1",
            startsAt = DateTimeOffset.UtcNow.AddHours(12),
            seating = "Free",
            categories = new[] { new { code = "libre", label = "Participants", capacity = 12 } },
            minParticipants = 4,
            minimumCheckHours = 24,
        });
        await TicketingApp.EnsureAsync(response);
        var hold = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, "k1", "a@exemple.fr", ("libre", "plein", 2)));
        await TicketingApp.EnsureAsync(await _app.OrderAsync(office, "a@exemple.fr", ("k1", hold.GetProperty("holdId").GetString()!)));
        await _app.CatchUpAsync();

        await _app.Services.GetRequiredService<JobRunner>().RunAsync<Modules.Ticketing.Sessions.Cancelling.MinimumParticipantsJob>();
        await _app.CatchUpAsync();

        var session = await TicketingApp.EnsureAsync(await staff.GetAsync("/api/ticketing/sessions/k1"));
        session.GetProperty("status").GetString().Should().Be("cancelled");
        session.GetProperty("cancelReason").GetString().Should().Contain("minimum");
    }
}
