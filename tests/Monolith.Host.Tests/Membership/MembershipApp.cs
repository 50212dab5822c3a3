using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;
using Monolith.Testing;

namespace Monolith.Host.Tests.Membership;

/// <summary>The real host with its real modules (Offices, Billing, Membership) on a temporary data folder. Each test provisions its own
/// office (legal identity and terms of sale published, so billing can invoice and members can accept the terms).</summary>
public sealed partial class MembershipApp : TempHostApp
{
    public MembershipApp()
        : base("membership")
    {
    }

    /// <summary>The app's data folder (the SQLite database files, the outbox...).</summary>

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:BaseUrl", "https://adherents.example.test");

        // The tests run the jobs themselves (JobRunner): the wall-clock scheduler must not fire a job in the middle of a test (a test
        // that says "without any job" must be able to mean it).
        builder.UseSetting("Scheduler:AutoStart", "false");
    }

    /// <summary>One catch-up of every projection and reactor (until the log is quiet): what a published fact sets off is done after it.</summary>
    public async Task CatchUpWithReactorsAsync()
    {
        var caughtUp = await Services.GetRequiredService<IProjectionAdmin>().WaitForCatchUpAsync(EventuallyTimeout, includeReactors: true);
        caughtUp.Should().BeTrue("projections and reactors should catch up");
    }

    /// <summary>Provisions a new office with its legal identity and terms of sale; returns a client signed in as its administrator.</summary>
    public async Task<(HttpClient Client, string OfficeId)> NewOfficeAsync()
    {
        var (officeId, _) = await ProvisionOfficeAsync("ot", "OT Caen la Mer", "Nelly Lima");
        var client = await SignInAsync(officeId, AdminEmail(officeId), Password);
        (await client.PutAsJsonIfMatchAsync("/api/office/legal-identity", new
        {
            legalName = "Office de Tourisme et des Congrès Caen la Mer",
            legalForm = "Association",
            siren = "732829320",
            vatNumber = "FR 44 732829320",
            address = new { street = "Place Saint-Pierre", postalCode = "14000", city = "Caen" },
            bank = new { accountHolder = "OT Caen la Mer", iban = "FR76 3000 6000 0112 3456 7890 189", bic = "AGRIFRPP" },
        })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/office/terms-of-sale", new
        {
            title = "Conditions générales de vente",
            text = "Toute commande validée est ferme et définitive.",
            settings = new Dictionary<string, string>(),
            effectiveFrom = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30),
        })).EnsureSuccessStatusCode();
        await CatchUpAsync();
        return (client, officeId);
    }

    /// <summary>Invites the member, reads the link in the invitation e-mail, sets the password and signs in as the member.</summary>
    public async Task<HttpClient> InviteAndSignInMemberAsync(HttpClient staff, string officeId, string memberId, string loginEmail)
    {
        var invited = await staff.PostAsync($"/api/membership/members/{memberId}/invitation", null);
        invited.EnsureSuccessStatusCode();
        var mail = Emails(officeId, loginEmail).Single(m => m.Contains("mot de passe", StringComparison.Ordinal));
        var token = Uri.UnescapeDataString(TokenInLink().Match(mail).Groups[1].Value);
        token.Should().NotBeEmpty("the invitation e-mail carries the link with its token");
        await CatchUpAsync(); // the invitation is found through the Offices read model
        var anonymous = CreateClient();
        (await anonymous.PostAsJsonAsync("/api/auth/invitations/acceptance", new { tenant = officeId, token, password = Password })).EnsureSuccessStatusCode();
        return await SignInAsync(officeId, loginEmail, Password);
    }

    [GeneratedRegex(@"token=([A-Za-z0-9_%\-]+)")]
    private static partial Regex TokenInLink();
}
