using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.Modules.Offices.Offices.Provisioning;

/// <summary>On the very first start (empty log), creates a demo office and its administrator and prints the credentials once.
/// Off with <c>Bootstrap:DemoOffice=false</c>.</summary>
internal sealed partial class DemoOfficeBootstrap(IConfiguration configuration, IEventStore store, OfficeProvisioning offices, ILogger<DemoOfficeBootstrap> logger)
    : IHostedService
{
    public const string OfficeId = "demo";
    public const string AdminEmail = "admin@demo.office";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Bootstrap:DemoOffice", true))
        {
            return;
        }

        var existing = await store.ReadStreamAsync(Office.StreamId(OfficeId), maxCount: 1, ct: cancellationToken);
        if (existing.Count > 0)
        {
            return;
        }

        var password = configuration["Bootstrap:AdminPassword"] is { Length: >= 10 } configured
            ? configured
            : Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        await offices.ProvisionAsync(
            new OfficeProvisioning.NewOffice(OfficeId, "Office de tourisme de démonstration", "Europe/Paris", AdminEmail, "Administrateur", password),
            "bootstrap",
            cancellationToken,
            platformOperator: true);

        var banner = $$"""

            ================================================================
             Demo office created (shown once — keep these credentials):
               office:   {{OfficeId}}
               e-mail:   {{AdminEmail}}
               password: {{password}}
             Sign in: POST /api/auth/login {"tenant":"{{OfficeId}}","email":"{{AdminEmail}}","password":"…"}
            ================================================================

            """;
        Console.WriteLine(banner);
        LogCreated(logger, OfficeId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo office '{OfficeId}' and its administrator were created on first start.")]
    private static partial void LogCreated(ILogger logger, string officeId);
}
