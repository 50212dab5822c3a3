using Monolith.BuildingBlocks.Modules;
using Monolith.Modules.Billing;
using Monolith.Modules.Marina;
using Monolith.Modules.Membership;
using Monolith.Modules.Offices;
using Monolith.Modules.Subscriptions;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform(
    new OfficesModule(),
    new BillingModule(),
    new SubscriptionsModule(),
    new MembershipModule(),
    new MarinaModule());

var app = builder.Build();
app.UsePlatform();
app.Run();

public partial class Program;
