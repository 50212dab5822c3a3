using Monolith.BuildingBlocks.Modules;
using Monolith.Modules.Offices;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform(
    new OfficesModule());

var app = builder.Build();
app.UsePlatform();
app.Run();

public partial class Program;
