using Monolith.BuildingBlocks.Modules;
using Monolith.Modules.Billing;
using Monolith.Modules.Bookings;
using Monolith.Modules.Compliance;
using Monolith.Modules.Marina;
using Monolith.Modules.Membership;
using Monolith.Modules.Offices;
using Monolith.Modules.Subscriptions;
using Monolith.Modules.Ticketing;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform(
    new OfficesModule(),
    new BillingModule(),
    new SubscriptionsModule(),
    new MembershipModule(),
    new BookingsModule(),
    new TicketingModule(),
    new MarinaModule(),
    new ComplianceModule());

var app = builder.Build();
if (await app.TryRunCommandAsync(args))
{
    return; // a maintenance command (e.g. reset-admin-password) ran instead of the web host
}

app.UsePlatform();
app.Run();

public partial class Program;
