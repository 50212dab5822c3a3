using Monolith.BuildingBlocks.Modules;
using Monolith.Modules.Billing;
using Monolith.Modules.Offices;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform(
    new OfficesModule(),
    new BillingModule());

var app = builder.Build();
app.UsePlatform();
app.Run();

public partial class Program;
