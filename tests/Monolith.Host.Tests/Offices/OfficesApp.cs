using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Host.Tests.Offices;

/// <summary>The real host with its real modules on a temporary data folder; offices are provisioned through the API.</summary>
public sealed class OfficesApp : TempHostApp
{
    public OfficesApp()
        : base("offices")
    {
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
}
