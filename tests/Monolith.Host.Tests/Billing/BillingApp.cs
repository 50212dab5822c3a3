using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.Host.Tests.Http;
using Monolith.Modules.Offices.Contracts;
using Monolith.Testing;

namespace Monolith.Host.Tests.Billing;

/// <summary>The real host (Offices + Billing) on its own temporary data folder, a manual clock, in-memory users and offices whose legal
/// identity is set (the Offices module's own API is tested elsewhere).</summary>
public sealed class BillingApp : TempHostApp
{
    public BillingApp()
        : base("billing")
    {
    }

    /// <summary>The test payment provider's signing secret (<c>Billing:TestProvider:Secret</c>), to sign webhook notifications in tests.</summary>
    public const string ProviderSecret = "test-provider-secret-for-the-billing-tests";

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public InMemoryUserDirectory Users { get; } = new();

    /// <summary>The <c>Billing:Chromium</c> setting: null = chromium from PATH, <c>none</c> = as if it were not installed.</summary>
    public string? Chromium { get; init; }

    public static readonly LegalIdentity Legal = new(
        "Port de Sainte Marie la Mer", "SPL", "732829320", "73282932000074", "FR44732829320",
        new PostalAddress("1 quai du Port", "66470", "Sainte-Marie-la-Mer"), "capitainerie@example.fr", null,
        new BankDetails("Port de Sainte Marie", "FR7630006000011234567890189", "AGRIFRPP"), null, null, null);

    /// <summary>A data folder kept by the test (not deleted with the app), so a second host can start on the same database.</summary>
    public string? SharedDataFolder { get; init; }

    /// <summary>More host settings (e.g. <c>Audit:AcceptedLogHead</c>).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        if (SharedDataFolder is not null)
        {
            builder.UseSetting(DataFolder.ConfigurationKey, SharedDataFolder);
        }

        builder.UseSetting("Billing:TestProvider:Secret", ProviderSecret);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        if (Chromium is not null)
        {
            builder.UseSetting("Billing:Chromium", Chromium);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.RemoveAll<IUserDirectory>();
            services.AddSingleton<IUserDirectory>(Users);
            services.RemoveAll<IOfficeDirectory>();
            services.AddSingleton<IOfficeDirectory, Offices>();
        });
    }

    public async Task<HttpClient> ClientAsync(string tenant, string role, string? customerId = null)
    {
        var email = $"{TestIds.Letters()}@office.test";
        Users.Add(tenant, email, Password, [role], customerId: customerId);
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { tenant, email, password = Password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>Every office id is an office in Europe/Paris with a legal identity; none has published terms (defaults apply).</summary>
    private sealed class Offices : IOfficeDirectory
    {
        public Task<OfficeProfile?> GetOfficeAsync(string officeId, CancellationToken ct = default) =>
            Task.FromResult<OfficeProfile?>(new OfficeProfile(officeId, "Port " + officeId, "Europe/Paris", Legal));

        public Task<TermsOfSaleVersion?> GetTermsInForceAsync(string officeId, DateOnly on, CancellationToken ct = default) =>
            Task.FromResult<TermsOfSaleVersion?>(null);

        public Task<TermsOfSaleVersion?> GetTermsVersionAsync(string officeId, int version, CancellationToken ct = default) =>
            Task.FromResult<TermsOfSaleVersion?>(null);
    }
}
