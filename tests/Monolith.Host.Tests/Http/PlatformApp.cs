using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Testing;

namespace Monolith.Host.Tests.Http;

/// <summary>The real host on its own temporary data folder, with a manual clock, in-memory users and the test endpoints.</summary>
public sealed class PlatformApp : WebApplicationFactory<Program>
{
    public const string Password = "Correct horse battery staple 42";

    private string? _connectionString;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "monolith-host-tests", Guid.NewGuid().ToString("N"));

    public ManualTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public InMemoryUserDirectory Users { get; } = new();

    public Gate Gate { get; } = new();

    public string DataFolderPath => _folder;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DataFolder.ConfigurationKey, _folder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IUserDirectory>(Users);
            services.AddSingleton(Gate);
            services.AddValidator<TestRequest, TestRequestValidator>();
            services.AddPlatformEndpoints(TestEndpoints.Map);
        });
    }

    public Task<long> CountSideEffectsAsync() => TestEndpoints.CountSideEffectsAsync(Services.GetRequiredService<SqliteConnectionFactory>());

    /// <summary>A client signed in as a new user of <paramref name="tenant"/> with <paramref name="roles"/>.</summary>
    public async Task<HttpClient> ClientAsync(string tenant, params string[] roles)
    {
        var email = $"{TestIds.Letters()}@office.test";
        Users.Add(tenant, email, Password, roles, customerId: roles.Contains("customer") ? "customer-1" : null);
        var client = CreateClient();
        var token = await LoginAsync(client, tenant, email, Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    public static async Task<JsonElement> LoginAsync(HttpClient client, string tenant, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { tenant, email, password });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _connectionString = host.Services.GetRequiredService<SqliteConnectionFactory>().ConnectionString;
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteFolder();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteFolder();
        }
    }

    private void DeleteFolder()
    {
        if (_connectionString is not null)
        {
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
