using Monolith.BuildingBlocks.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddHttpPlatform();

var app = builder.Build();
app.UseHttpPlatform();
app.Run();

public partial class Program;
