using System.Net.Http.Json;
using System.Text.Json;

namespace Monolith.Host.Tests.Ticketing;

/// <summary>A show organised by a partner sells its tickets in the organiser's name (ADR 0022): the face value is third-party funds owed
/// to the organiser — in its payout statement and on the FEC's 467 account with the organiser as auxiliary — never the office's revenue;
/// the handling fees stay the office's own.</summary>
public sealed class PartnerTakingsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Evening = DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(19);
    private readonly TicketingApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_partner_shows_ticket_sale_lands_in_the_organisers_payout_statement_and_on_467_not_in_revenue()
    {
        var (staff, office) = await _app.NewOfficeAsync();
        await TicketingApp.CreateConcertAsync(staff); // organised by the partner "Association Voce di Zonza"
        await TicketingApp.ScheduleNumberedAsync(staff, "concert", "s1", Evening, ("A", 4));
        var hold = await TicketingApp.EnsureAsync(await _app.HoldAsync(office, "s1", "lucia@exemple.fr", ("orchestre", "plein", 2)));
        var order = await TicketingApp.EnsureAsync(await _app.OrderAsync(office, "lucia@exemple.fr", ("s1", hold.GetProperty("holdId").GetString()!)));
        var orderId = order.GetProperty("orderId").GetString()!;
        await _app.CatchUpAsync();

        var invoice = (await staff.GetFromJsonAsync<JsonElement>("/api/billing/invoices")).EnumerateArray()
            .Single(i => i.GetProperty("sourceModule").GetString() == "ticketing" && i.GetProperty("sourceReference").GetString() == orderId);
        invoice.GetProperty("totalTtc").GetInt64().Should().Be(2 * 2500 + 2 * 150, "two tickets at face value and their handling fees");
        var providerId = "organiser-association-voce-di-zonza";
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var statement = await TicketingApp.EnsureAsync(await staff.GetAsync(
            $"/api/billing/third-party/providers/{providerId}/statement?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}"));
        statement.GetProperty("name").GetString().Should().Be("Association Voce di Zonza");
        statement.GetProperty("collected").GetInt64().Should().Be(5000, "the face value is the organiser's; the fees are not");
        statement.GetProperty("owed").GetInt64().Should().Be(5000);
        statement.GetProperty("lines").GetProperty("items").EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("number").GetString().Should().Be(invoice.GetProperty("number").GetString());

        var email = $"compta@{office}.test";
        (await staff.PostAsJsonAsync("/api/office/users", new { email, displayName = "Comptable", roles = new[] { "accountant" }, password = TempHostApp.Password }))
            .EnsureSuccessStatusCode();
        var accountant = await _app.SignInAsync(office, email, TempHostApp.Password);
        var fec = await accountant.GetStringAsync($"/api/audit/fec?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
        var sale = fec.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t'))
            .Where(r => r[0] == "VE" && r[8] == invoice.GetProperty("number").GetString()).ToList();
        var organiser = sale.Should().ContainSingle(r => r[4] == "467000").Which;
        (organiser[6], organiser[7], organiser[12]).Should().Be(("TIERS-" + providerId, "Association Voce di Zonza", "50,00"));
        sale.Where(r => r[4] == "706000").Select(r => r[12]).Should().Equal(["2,50"], "only the handling fees (3,00 TTC at 20 %) are revenue");
        sale.Where(r => r[4] == "445710").Select(r => r[12]).Should().Equal(["0,50"], "no VAT of the office on the organiser's tickets");
    }
}
