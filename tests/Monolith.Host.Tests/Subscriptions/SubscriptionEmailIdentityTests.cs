using System.Net.Http.Json;
using Monolith.Modules.Offices.Contracts;
using Monolith.Testing;

namespace Monolith.Host.Tests.Subscriptions;

/// <summary>What a subscriber receives: one e-mail per person per event, under the office's name, answers going to the office.</summary>
public sealed class SubscriptionEmailIdentityTests
{
    [Fact]
    public async Task A_manager_who_is_also_a_user_gets_one_activation_email_from_the_office_with_its_reply_to()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        app.Clock.SetParisMorning(new DateOnly(2026, 5, 4));
        var (admin, office) = await app.NewOfficeAsync();
        (await admin.PutAsJsonIfMatchAsync("/api/office/legal-identity", new
        {
            legalName = "Office de tourisme " + office,
            legalForm = "EPIC",
            siren = "732829320",
            vatNumber = "FR44732829320",
            address = new { street = "1 quai du Port", postalCode = "14000", city = "Caen" },
            email = "accueil@ot-caen.test",
        })).EnsureSuccessStatusCode();
        var offer = await app.CreateOfferAsync(admin, 3);
        var manager = $"user1.{office}@ville.test";

        var subscribed = await app.CreateClient().PostAsJsonAsync(
            $"/api/public/offices/{office}/subscriptions", SubscriptionsApp.SubscribeBody(offer, office, 3, managerEmail: manager));
        subscribed.EnsureSuccessStatusCode();
        await app.CatchUpAsync();

        // Billing also e-mails the subscription's invoice to the manager (its own message, from billing): not an activation e-mail.
        var mails = (await SubscriptionsAppMails(app, office)).Where(m => m.Subject?.StartsWith("Votre facture", StringComparison.Ordinal) != true).ToList();
        var activation = mails.Where(m => m.To.Mailboxes.Any(a => a.Address == manager)).Should()
            .ContainSingle("the manager, also the first user, gets one e-mail with one set-password link").Subject;
        activation.Subject.Should().Contain("activé");
        mails.Should().HaveCount(3, "the activation e-mail to the manager and a welcome to each of the two other users");
        var name = (await app.Get<IOfficeDirectory>().GetOfficeAsync(office))!.Name;
        mails.Should().OnlyContain(m => m.From.Mailboxes.Single().Name == name, "the sender is the office, by its name");
        mails.Should().OnlyContain(m => m.ReplyTo.Mailboxes.Single().Address == "accueil@ot-caen.test", "answers go to the office's own address");
        mails.Should().OnlyContain(m => m.Headers["Auto-Submitted"] == "auto-generated");
        activation.HtmlBody.Should().Contain($"à l'ordre de Office de tourisme {office}", "the cheque payee is the legal name")
            .And.Contain($"Cordialement,<br>{name}", "the signature is the office's name");
    }

    private static Task<List<MimeKit.MimeMessage>> SubscriptionsAppMails(SubscriptionsApp app, string office) =>
        Task.FromResult(app.OutboxFiles(office).Select(OutboxMail.Load).ToList());
}
