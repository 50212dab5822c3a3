using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Schema;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Projections;
using Monolith.Testing;

namespace Monolith.Host.Tests.Marina;

/// <summary>The real host with its real modules on a temporary data folder, a clock the tests move (ManualTimeProvider) and the scheduler
/// off: tests run the marina jobs themselves. Each test provisions its own office ("port") with its legal identity, ICS and terms.</summary>
public sealed partial class MarinaApp : TempHostApp
{
    public const string Ics = "FR72ZZZ123456";

    public MarinaApp()
        : base("marina")
    {
    }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 10, 55, 0, TimeSpan.Zero)); // 11:55 in Paris

    public static TimeSpan MinimumRegistrationDuration => TimeSpan.FromMilliseconds(300);

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Scheduler:AutoStart", "false");
        builder.UseSetting("Portal:BaseUrl", "https://{office}.port.example.test");
        builder.UseSetting("Marina:RegistrationMinimumDuration", MinimumRegistrationDuration.ToString());
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Waits until projections and reactors (invoices, debit follow-ups, e-mails) have handled everything in the log.</summary>
    public override async Task CatchUpAsync()
    {
        var admin = Services.GetRequiredService<IProjectionAdmin>();
        (await admin.WaitForCatchUpAsync(TimeSpan.FromSeconds(30), includeReactors: true)).Should().BeTrue("projections and reactors should catch up");
        (await admin.GetDeadLettersAsync()).Should().BeEmpty("no event should be parked");
    }

    public async Task RunJobAsync<TJob>(DateTimeOffset? asOf = null)
        where TJob : ScheduledJob
    {
        await Services.GetRequiredService<JobRunner>().RunAsync<TJob>(asOf);
        await CatchUpAsync();
    }

    /// <summary>A port with its legal identity (ICS, bank, e-mail), terms of sale, two berths and the 2026 price list; returns its admin client.</summary>
    public async Task<(HttpClient Staff, string OfficeId)> NewPortAsync()
    {
        var (officeId, _) = await ProvisionOfficeAsync("port", "Port de Sainte Marie la Mer");
        var staff = await SignInAsync(officeId, AdminEmail(officeId), Password);
        (await staff.PutAsJsonIfMatchAsync("/api/office/legal-identity", new
        {
            legalName = "Port de Sainte Marie la Mer",
            legalForm = "Régie municipale",
            siren = "732829320",
            vatNumber = "FR44732829320",
            address = new { street = "Capitainerie, quai du Port", postalCode = "66470", city = "Sainte-Marie-la-Mer" },
            email = $"capitainerie@{officeId}.test",
            bank = new { accountHolder = "Port de Sainte Marie", iban = "FR7630006000011234567890189", bic = "AGRIFRPP" },
            sepaCreditorId = Ics,
        })).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync("/api/office/terms-of-sale", new
        {
            title = "Règlement et conditions générales du port",
            text = "Le titulaire d'un contrat annuel dispose d'une place à l'année dans son port d'attache.",
            settings = new Dictionary<string, string>(),
            effectiveFrom = new DateOnly(2025, 1, 1),
        })).EnsureSuccessStatusCode();
        foreach (var (id, number) in new[] { ("A-12", "12"), ("A-14", "14"), ("B-03", "3") })
        {
            (await staff.PostAsJsonAsync("/api/marina/berths", new
            {
                berthId = id,
                pontoon = id[..1],
                number,
                category = "B",
                maxLengthCm = 900,
                maxBeamCm = 320,
            })).EnsureSuccessStatusCode();
        }

        (await staff.PutAsJsonAsync("/api/marina/price-lists/2026", new
        {
            seasonStart = new DateOnly(2026, 1, 1),
            seasonEnd = new DateOnly(2026, 12, 31),
            categories = new[] { new { category = "B", annualPriceTtc = 140000 } },
            options = new[] { new { code = "elec", label = "Électricité (forfait annuel)", annualPriceTtc = 12000 } },
        })).EnsureSuccessStatusCode();
        await CatchUpAsync();
        return (staff, officeId);
    }

    /// <summary>A holder with one boat; returns the holder id.</summary>
    public static async Task<string> NewHolderAsync(HttpClient staff, string name, string? email)
    {
        var created = await staff.PostAsJsonAsync("/api/marina/holders", new
        {
            name,
            email,
            address = new { street = "10, rue du Marché", postalCode = "11000", city = "Carcassonne" },
        });
        created.EnsureSuccessStatusCode();
        var holderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holderId").GetString()!;
        (await staff.PostAsJsonAsync($"/api/marina/holders/{holderId}/boats", new
        {
            boatId = "boat-1",
            name = "Sec Direct",
            registration = "CA-123456",
            lengthCm = 850,
            beamCm = 300,
        })).EnsureSuccessStatusCode();
        return holderId;
    }

    /// <summary>A 2026 contract on <paramref name="berthId"/> with electricity: 1 400 € + 120 € = 1 520 € TTC.</summary>
    public static async Task<string> DraftContractAsync(HttpClient staff, string holderId, string berthId)
    {
        var drafted = await staff.PostAsJsonAsync("/api/marina/contracts", new { holderId, boatId = "boat-1", berthId, season = 2026, options = new[] { "elec" } });
        drafted.EnsureSuccessStatusCode();
        return (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contractId").GetString()!;
    }

    /// <summary>Case 1 of the seed: the holder registers with the e-mail the harbour office knows, follows the link and signs in.</summary>
    public async Task<HttpClient> RegisterAndSignInAsync(string officeId, string email)
    {
        await CatchUpAsync();
        var anonymous = CreateClient();
        (await anonymous.PostAsJsonAsync("/api/marina/portal/registrations", new { tenant = officeId, email })).StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        var mail = Emails(officeId, email).Single(m => m.Contains("portail plaisanciers", StringComparison.Ordinal));
        var token = Uri.UnescapeDataString(TokenInLink().Match(mail).Groups[1].Value);
        token.Should().NotBeEmpty();
        await CatchUpAsync();
        (await anonymous.PostAsJsonAsync("/api/auth/invitations/acceptance", new { tenant = officeId, token, password = Password })).EnsureSuccessStatusCode();
        return await SignInAsync(officeId, email, Password);
    }

    public static List<string> ValidateXml(string xml, params string[] schemaPath)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Monolith.sln")))
        {
            dir = dir.Parent;
        }

        var set = new XmlSchemaSet { XmlResolver = null };
        using (var reader = XmlReader.Create(Path.Combine([dir!.FullName, "..", "shared", "standards", .. schemaPath])))
        {
            set.Add(null, reader);
        }

        set.Compile();
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = set, ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings };
        settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        using var validating = XmlReader.Create(new StringReader(xml), settings);
        while (validating.Read())
        {
        }

        return errors;
    }

    [GeneratedRegex(@"token=([A-Za-z0-9_%\-]+)")]
    private static partial Regex TokenInLink();
}
