using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Offices.Users;

namespace Monolith.Modules.Offices.Offices.Provisioning;

/// <summary>On the very first start (empty log), creates a demo office ready to use — its administrator, an accountant, a valid legal
/// identity (so invoices can be issued at once) and a first version of its terms of sale — and prints the credentials once.
/// Lost them? <c>dotnet run --project Host/Monolith.Host -- reset-admin-password</c> (<see cref="ResetAdminPasswordCommand"/>).
/// Off with <c>Bootstrap:DemoOffice=false</c>.</summary>
internal sealed partial class DemoOfficeBootstrap(
    IConfiguration configuration, IEventStore store, OfficeProvisioning offices, UserService users, CommandHandler handler, TimeProvider time,
    ILogger<DemoOfficeBootstrap> logger)
    : IHostedService
{
    public const string OfficeId = "demo";
    public const string AdminEmail = "admin@demo.office";
    public const string AccountantEmail = "comptable@demo.office";

    /// <summary>A fictitious but valid identity (SIREN/SIRET check digits, VAT key, IBAN and ICS check digits): invoicing works out of the box.</summary>
    public static readonly LegalIdentity SampleLegalIdentity = new(
        "Office de Tourisme de Démonstration",
        "EPIC",
        "732829320",
        "73282932000074",
        "FR44732829320",
        new PostalAddress("Place Saint-Pierre", "14000", "Caen"),
        "contact@demo.office",
        "02 31 00 00 00",
        new BankDetails("Office de Tourisme de Démonstration", "FR7630006000011234567890189", "AGRIFRPP"),
        "FR72ZZZ123456",
        null,
        "Caen");

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

        var password = configuration["Bootstrap:AdminPassword"] is { Length: >= 10 } configured ? configured : NewPassword();
        var accountantPassword = NewPassword();
        await offices.ProvisionAsync(
            new OfficeProvisioning.NewOffice(OfficeId, "Office de tourisme de démonstration", OfficeCalendar.DefaultTimeZone, AdminEmail, "Administrateur", password),
            "bootstrap",
            cancellationToken,
            platformOperator: true);
        await SeedAsync(accountantPassword, cancellationToken);

        var banner = $$"""

            ================================================================
             Demo office created (shown once — keep these credentials):
               office:     {{OfficeId}}
               admin:      {{AdminEmail}}  /  {{password}}
               accountant: {{AccountantEmail}}  /  {{accountantPassword}}
             Sign in: POST /api/auth/login {"tenant":"{{OfficeId}}","email":"{{AdminEmail}}","password":"…"}
             (or in Swagger UI at /docs). Lost the admin password? Stop the host and run
               dotnet run --project Host/Monolith.Host -- reset-admin-password
            ================================================================

            """;
        Console.WriteLine(banner);
        LogCreated(logger, OfficeId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>16 random characters (96 bits), letters and digits only.</summary>
    internal static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');

    /// <summary>The legal identity, an accountant and the terms of sale v1 — each step idempotent (deterministic ids, "already done").</summary>
    private async Task SeedAsync(string accountantPassword, CancellationToken ct)
    {
        var context = new CommandContext(OfficeId, "bootstrap", Guid.NewGuid());
        var office = Office.StreamId(OfficeId);
        var now = time.GetUtcNow();
        await handler.HandleAsync(Office.Decider, office, new ChangeLegalIdentity(SampleLegalIdentity, now), context, CommandOptions.ExistingStream, ct);

        var accountantId = DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"offices/{OfficeId}/demo-accountant").ToString("N");
        await users.RegisterAsync(
            new UserService.NewUser(accountantId, AccountantEmail, "Comptable", [Roles.Accountant], null, accountantPassword), context, ct);

        var loaded = await handler.LoadAsync(Office.Decider, office, OfficeId, mustExist: true, ct);
        if (loaded.State.LastTermsVersion == 0)
        {
            var today = OfficeCalendar.DateOf(now, OfficeCalendar.DefaultTimeZone);
            await handler.HandleAsync(
                Office.Decider,
                office,
                new PublishTermsOfSale(
                    "Conditions générales de vente",
                    "Conditions générales de vente de démonstration : remplacez ce texte par celui de votre office (Office > Conditions de vente).",
                    new Dictionary<string, string>(),
                    today,
                    now),
                context with { Expected = null },
                CommandOptions.ExistingStream,
                ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo office '{OfficeId}', its administrator, an accountant, a legal identity and terms of sale were created on first start.")]
    private static partial void LogCreated(ILogger logger, string officeId);
}
