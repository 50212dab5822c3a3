using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Templates;
using Monolith.BuildingBlocks.Tests.Jobs;

namespace Monolith.BuildingBlocks.Tests.Email;

/// <summary>Fails the first <paramref name="failures"/> sends, then delegates to the real outbox sender.</summary>
public sealed class FlakySender(IEmailSender inner, int failures) : IEmailSender
{
    private int _remaining = failures;

    public int Calls { get; private set; }

    public Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        Calls++;
        return Interlocked.Decrement(ref _remaining) >= 0
            ? throw new MailKit.Net.Smtp.SmtpCommandException(
                MailKit.Net.Smtp.SmtpErrorCode.MessageNotAccepted, MailKit.Net.Smtp.SmtpStatusCode.ServiceNotAvailable, "relay down for zoe@example.org")
            : inner.SendAsync(message, ct);
    }
}

public sealed class NotifierTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2016, 12, 19, 10, 55, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    internal static ServiceProvider BuildServices(
        TempDataFolder folder, TimeProvider clock, Func<IServiceProvider, IEmailSender>? sender = null, IEmailSenderIdentities? identities = null, Action<EmailOptions>? email = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new SqliteConnectionFactory(folder.DatabasePath));
        services.AddSingleton(clock);
        services.AddSqliteEventStore();
        new ModuleBuilder("tests", services, new ConfigurationBuilder().Build()).Templates(typeof(NotifierTests).Assembly);
        services.AddTemplates();
        if (sender is not null)
        {
            services.AddSingleton(sender);
        }

        if (identities is not null)
        {
            services.AddSingleton(identities);
        }

        services.AddEmail(null, folder.Path, email);
        return services.BuildServiceProvider();
    }

    private string[] OutboxFiles(string tenant) =>
        Directory.Exists(Path.Combine(_folder.Path, "outbox", tenant)) ? Directory.GetFiles(Path.Combine(_folder.Path, "outbox", tenant), "*.eml") : [];

    private static NotificationRequest Reminder(string key, string tenant = "tenant-a") => new(
        tenant,
        key,
        "tests.reminder",
        new { name = "Zoé", year = 2017, amountCents = 169800, dueOn = new DateOnly(2017, 1, 31), note = "-" },
        ["Zoé Martin <zoe@example.org>"],
        [new EmailAttachment("appel-de-cotisation.pdf", "application/pdf", [1, 2, 3])]);

    [Fact]
    public async Task Same_business_key_twice_sends_one_mail_and_records_one_event()
    {
        await using var services = BuildServices(_folder, _clock);
        var notifier = services.GetRequiredService<INotifier>();

        var first = await notifier.SendAsync(Reminder("subscription-42/reminder-2"));
        var second = await notifier.SendAsync(Reminder("subscription-42/reminder-2"));

        first.Outcome.Should().Be(NotificationOutcome.Sent);
        second.Outcome.Should().Be(NotificationOutcome.AlreadySent);
        second.MessageId.Should().Be(first.MessageId);
        first.StreamId.Should().MatchRegex("^email:tenant-a:[0-9a-f]{32}$");

        var file = OutboxFiles("tenant-a").Should().ContainSingle().Subject;
        var mime = await MimeKit.MimeMessage.LoadAsync(file);
        mime.Subject.Should().Be("Rappel : cotisation 2017 de Zoé");
        mime.MessageId.Should().Be(first.MessageId);
        var html = mime.HtmlBody;
        html.Should().StartWith("<!DOCTYPE html>", "the body is wrapped in the shared e-mail layout").And.Contain("1\u202F698,00\u00A0€");

        var events = await services.GetRequiredService<IEventStore>().ReadStreamAsync(first.StreamId);
        var sent = events.Should().ContainSingle().Subject;
        sent.Type.Should().Be(NotificationEvents.EmailSent);
        sent.Metadata.TenantId.Should().Be("tenant-a");
        sent.Data.Should().NotContain("zoe@example.org", "addresses are personal data and stay out of the event");
        var data = JsonSerializer.Deserialize<EmailSent>(sent.Data, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        data.Should().BeEquivalentTo(new
        {
            BusinessKey = "subscription-42/reminder-2",
            Template = "tests.reminder",
            RecipientsCount = 1,
            Subject = "Rappel : cotisation 2017 de Zoé",
            first.MessageId,
            SentAt = _clock.GetUtcNow(),
            Attempt = 1,
        });
        data.RecipientAddressHashes.Should().Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("zoe@example.org"u8)));
    }

    [Fact]
    public async Task An_office_mail_carries_the_office_name_its_reply_to_and_the_auto_submitted_header()
    {
        var offices = new Offices(new Dictionary<string, SenderIdentity>
        {
            ["tenant-a"] = new("Office de Tourisme de Sète", "contact@ot-sete.fr", "EPIC Office de Tourisme de Sète"),
            ["tenant-b"] = new("Port de Sainte Marie", "capitainerie@port-sm.fr", "Régie du port"),
        });
        await using var services = BuildServices(_folder, _clock, identities: offices, email: o =>
        {
            o.From = "Plateforme <no-reply@plateforme.fr>";
            o.OfficeFrom["tenant-b"] = "notifications@port-sm.fr";
        });
        var notifier = services.GetRequiredService<INotifier>();

        await notifier.SendAsync(Reminder("a/1"));
        await notifier.SendAsync(Reminder("b/1", tenant: "tenant-b"));
        await notifier.SendAsync(Reminder("c/1", tenant: "tenant-unknown"));

        var a = await MimeKit.MimeMessage.LoadAsync(OutboxFiles("tenant-a").Single());
        a.From.Mailboxes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = "Office de Tourisme de Sète", Address = "no-reply@plateforme.fr" });
        a.ReplyTo.Mailboxes.Should().ContainSingle().Which.Address.Should().Be("contact@ot-sete.fr");
        a.Headers["Auto-Submitted"].Should().Be("auto-generated");
        var b = await MimeKit.MimeMessage.LoadAsync(OutboxFiles("tenant-b").Single());
        b.From.Mailboxes.Single().Should().BeEquivalentTo(new { Name = "Port de Sainte Marie", Address = "notifications@port-sm.fr" }, "this office has its own sending address");
        b.ReplyTo.Mailboxes.Single().Address.Should().Be("capitainerie@port-sm.fr");
        var unknown = await MimeKit.MimeMessage.LoadAsync(OutboxFiles("tenant-unknown").Single());
        unknown.From.Mailboxes.Single().Should().BeEquivalentTo(new { Name = "Plateforme", Address = "no-reply@plateforme.fr" });
        unknown.ReplyTo.Count.Should().Be(0);
        unknown.Headers["Auto-Submitted"].Should().Be("auto-generated");
    }

    private sealed class Offices(Dictionary<string, SenderIdentity> identities) : IEmailSenderIdentities
    {
        public Task<SenderIdentity?> FindAsync(string tenantId, CancellationToken ct = default) =>
            Task.FromResult(identities.GetValueOrDefault(tenantId));
    }

    [Fact]
    public async Task Other_keys_and_other_tenants_are_other_mails()
    {
        await using var services = BuildServices(_folder, _clock);
        var notifier = services.GetRequiredService<INotifier>();

        await notifier.SendAsync(Reminder("subscription-42/reminder-1"));
        await notifier.SendAsync(Reminder("subscription-42/reminder-2"));
        await notifier.SendAsync(Reminder("subscription-42/reminder-2", tenant: "tenant-b"));

        OutboxFiles("tenant-a").Should().HaveCount(2);
        OutboxFiles("tenant-b").Should().HaveCount(1);
    }

    [Fact]
    public async Task A_failed_send_is_recorded_and_a_retry_sends_it_then_never_again()
    {
        FlakySender? flaky = null;
        await using var services = BuildServices(_folder, _clock, sp => flaky = new FlakySender(
            new EmlOutboxEmailSender(sp.GetRequiredService<EmailOptions>(), sp.GetRequiredService<TimeProvider>(), NullLogger<EmlOutboxEmailSender>.Instance),
            failures: 1));
        var notifier = services.GetRequiredService<INotifier>();
        var store = services.GetRequiredService<IEventStore>();

        var failed = await notifier.SendAsync(Reminder("subscription-7/reminder-1"));
        failed.Outcome.Should().Be(NotificationOutcome.Failed);
        failed.Error.Should().Be("SmtpCommandException (ServiceNotAvailable)");
        OutboxFiles("tenant-a").Should().BeEmpty();
        var afterFailure = await store.ReadStreamAsync(failed.StreamId);
        afterFailure.Select(e => e.Type).Should().Equal(NotificationEvents.EmailSent, NotificationEvents.EmailFailed);
        afterFailure[1].Data.Should().NotContain("zoe@example.org", "the exception message names the recipient: only its type is kept");

        _clock.Advance(TimeSpan.FromHours(1));
        var retried = await notifier.SendAsync(Reminder("subscription-7/reminder-1"));
        retried.Outcome.Should().Be(NotificationOutcome.Sent);
        retried.Attempt.Should().Be(2);
        retried.MessageId.Should().Be(failed.MessageId, "every attempt of one business key carries the same Message-ID");
        OutboxFiles("tenant-a").Should().ContainSingle();

        var again = await notifier.SendAsync(Reminder("subscription-7/reminder-1"));
        again.Outcome.Should().Be(NotificationOutcome.AlreadySent);
        flaky!.Calls.Should().Be(2);
        (await store.ReadStreamAsync(failed.StreamId)).Select(e => e.Type)
            .Should().Equal(NotificationEvents.EmailSent, NotificationEvents.EmailFailed, NotificationEvents.EmailSent);
    }

    [Fact]
    public async Task Simultaneous_sends_of_one_key_send_once()
    {
        await using var services = BuildServices(_folder, _clock);
        var notifier = services.GetRequiredService<INotifier>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => notifier.SendAsync(Reminder("booking-9/quote")))));

        results.Count(r => r.Outcome == NotificationOutcome.Sent).Should().Be(1);
        results.Count(r => r.Outcome == NotificationOutcome.AlreadySent).Should().Be(7);
        OutboxFiles("tenant-a").Should().ContainSingle();
        (await services.GetRequiredService<IEventStore>().ReadStreamAsync(results[0].StreamId)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_template_without_subject_and_no_override_fails_before_anything_is_recorded()
    {
        await using var services = BuildServices(_folder, _clock);
        var notifier = services.GetRequiredService<INotifier>();
        var request = Reminder("x/1") with { Template = "tests.nosubject" };

        var act = () => notifier.SendAsync(request);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*subject*");
        (await services.GetRequiredService<IEventStore>().ReadStreamAsync(Notifier.StreamIdFor("tenant-a", "x/1"))).Should().BeEmpty();
        (await notifier.SendAsync(request with { Subject = "Sujet donné" })).Outcome.Should().Be(NotificationOutcome.Sent);
    }

    [Fact]
    public void Adapter_is_chosen_by_configuration()
    {
        static IEmailSender Resolve(string? adapter)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(adapter is null ? [] : [new("Email:Adapter", adapter), new("Email:Smtp:Password", "s3cret")]).Build();
            var services = new ServiceCollection().AddLogging().AddEmail(configuration, Path.GetTempPath());
            return services.BuildServiceProvider().GetRequiredService<IEmailSender>();
        }

        Resolve(null).Should().BeOfType<EmlOutboxEmailSender>();
        Resolve("smtp").Should().BeOfType<SmtpEmailSender>();
        var act = () => Resolve("pigeon");
        act.Should().Throw<InvalidOperationException>();
        new SmtpOptions { Password = "s3cret" }.ToString().Should().NotContain("s3cret");
    }
}
