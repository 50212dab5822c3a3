using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Host.Tests.Offices;

/// <summary>The real host with its real modules on a temporary data folder; offices are provisioned through the API.</summary>
public sealed class OfficesApp : WebApplicationFactory<Program>
{
    public const string ProvisioningKey = "test-provisioning-key";
    public const string Password = "Correct horse battery staple 42";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "monolith-offices-tests", Guid.NewGuid().ToString("N"));
    private string? _connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DataFolder.ConfigurationKey, _folder);
        builder.UseSetting("Bootstrap:DemoOffice", "false");
        builder.UseSetting("Platform:ProvisioningKey", ProvisioningKey);
    }

    /// <summary>Provisions a new office and returns a client signed in as its administrator.</summary>
    public async Task<(HttpClient Client, string OfficeId, string AdminId)> NewOfficeAsync()
    {
        var officeId = $"ot-{Guid.NewGuid():N}"[..20];
        var anonymous = CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Provisioning-Key", ProvisioningKey);
        var response = await anonymous.PostAsJsonAsync("/api/platform/offices", new
        {
            officeId,
            name = "Office de tourisme " + officeId,
            adminEmail = $"admin@{officeId}.test",
            adminName = "Admin",
            adminPassword = Password,
        });
        response.EnsureSuccessStatusCode();
        var adminId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adminUserId").GetString()!;
        var client = await SignInAsync(officeId, $"admin@{officeId}.test", Password);
        return (client, officeId, adminId);
    }

    public async Task<HttpClient> SignInAsync(string officeId, string email, string password)
    {
        await CatchUpAsync();
        var client = CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { tenant = officeId, email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits until every projection has applied what is in the log now.</summary>
    public async Task CatchUpAsync()
    {
        var caughtUp = await Services.GetRequiredService<IProjectionAdmin>().WaitForCatchUpAsync(TimeSpan.FromSeconds(20));
        caughtUp.Should().BeTrue("projections should catch up");
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _connectionString = host.Services.GetRequiredService<SqliteConnectionFactory>().ConnectionString;
        return host;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _connectionString is not null)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }
}
