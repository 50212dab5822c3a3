using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Templates;

namespace Monolith.BuildingBlocks.Email;

/// <summary>Renders a template and e-mails it, at most once per business key (per tenant).</summary>
public interface INotifier
{
    Task<NotificationResult> SendAsync(NotificationRequest request, CancellationToken ct = default);
}

/// <summary>What to send. <paramref name="BusinessKey"/> names the effect (<c>subscription-42/reminder-2</c>): two requests with the
/// same key send one e-mail. <paramref name="Template"/> is <c>{module}.{name}</c>; its subject line is the e-mail subject unless
/// <see cref="Subject"/> is given.</summary>
public sealed record NotificationRequest(
    string TenantId,
    string BusinessKey,
    string Template,
    object Model,
    IReadOnlyList<string> To,
    IReadOnlyList<EmailAttachment>? Attachments = null)
{
    public IReadOnlyList<string>? Cc { get; init; }

    public string? From { get; init; }

    public string? Subject { get; init; }

    public string Language { get; init; } = TemplateRegistry.DefaultLanguage;
}

public enum NotificationOutcome
{
    /// <summary>Claimed and handed to the sender.</summary>
    Sent,

    /// <summary>A previous call with this business key already sent it (or is sending it right now): nothing done.</summary>
    AlreadySent,

    /// <summary>The sender failed; recorded as <c>notifications.email-failed</c>. Calling again with the same key retries.</summary>
    Failed,
}

public sealed record NotificationResult(NotificationOutcome Outcome, string StreamId, string MessageId, int Attempt, string? Error = null);

/// <summary>
/// <para>Idempotent by business key. The stream <c>email-{tenant}-{sha256(businessKey)[..32]}</c> records the sends:</para>
/// <list type="number">
/// <item>Render first (a broken template leaves no trace).</item>
/// <item>Claim: append <c>notifications.email-sent</c> with expected revision NoStream (first attempt) or the revision of the last
/// <c>email-failed</c> (retry), with an event id derived from stream and attempt. A stream whose last event is <c>email-sent</c>,
/// or a lost race for the claim, means "already sent": nothing is sent.</item>
/// <item>Send, with a Message-ID derived from the stream (the same for every attempt, so even a duplicate is recognisable).</item>
/// <item>If the sender throws: append <c>notifications.email-failed</c>; the next call sends again.</item>
/// </list>
/// <para>Trade-off. Claim-then-send means a double fire after a success never sends twice. The price is at the edges: if the process
/// dies between the claim and the hand-over, the claim stands and the mail is not sent (at-most-once; the stream shows an
/// <c>email-sent</c> whose Message-ID is in no outbox/relay log); and if an SMTP relay accepted the mail but the connection failed
/// before its answer, <c>email-failed</c> is recorded and a retry delivers it again (at-least-once there). The reverse order
/// (send, then record) would duplicate on every crash in between, which for customer reminders is the worse failure.</para>
/// <para>Concurrency: claims for one stream are serialised in-process, because an append that repeats an existing event id is an
/// idempotent success in the event store and would otherwise let two simultaneous callers both believe they won. Across
/// processes (a server database with several hosts) the expected revision alone decides.</para>
/// </summary>
public sealed partial class Notifier(
    IEventStore eventStore,
    ITemplateRenderer templates,
    IEmailSender sender,
    EmailOptions options,
    TimeProvider timeProvider,
    ILogger<Notifier> logger,
    IEmailSenderIdentities? senders = null,
    IDataSubjectKeyStore? addressKeys = null) : INotifier
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Claims = new();

    public static string StreamIdFor(string tenantId, string businessKey) =>
        StreamIds.For("email", tenantId, Sha256Hex(businessKey)[..32]);

    public async Task<NotificationResult> SendAsync(NotificationRequest request, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.TenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.BusinessKey);
        ArgumentOutOfRangeException.ThrowIfZero(request.To.Count, nameof(request.To));

        var streamId = StreamIdFor(request.TenantId, request.BusinessKey);
        var messageId = $"{streamId.Replace(StreamIds.Separator, '.')}@{options.MessageIdDomain}"; // a Message-ID has no colon
        var gate = Claims.GetOrAdd(streamId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var history = await eventStore.ReadStreamAsync(streamId, ReadDirection.Backwards, maxCount: 1, ct: ct);
            var last = history.Count == 0 ? null : history[0];
            if (last is { Type: NotificationEvents.EmailSent })
            {
                var previous = JsonSerializer.Deserialize<EmailSent>(last.Data, Json)!;
                LogAlreadySent(request.BusinessKey, streamId);
                return new NotificationResult(NotificationOutcome.AlreadySent, streamId, previous.MessageId, previous.Attempt);
            }

            var attempt = last is null ? 1 : JsonSerializer.Deserialize<EmailFailed>(last.Data, Json)!.Attempt + 1;
            var message = Render(request, messageId, senders is null ? null : await senders.FindAsync(request.TenantId, ct));

            var to = message.To.Concat(message.Cc ?? []).ToList();
            var claim = new EmailSent(
                request.BusinessKey,
                request.Template,
                to.Count,
                [.. to.Select(a => Sha256Hex(a.Address.ToLowerInvariant()))],
                message.Subject,
                messageId,
                timeProvider.GetUtcNow(),
                attempt,
                await SealAsync(request.TenantId, to, ct));
            var expected = last is null ? ExpectedRevision.NoStream : ExpectedRevision.Exact(last.Revision);
            AppendResult claimed;
            try
            {
                claimed = await eventStore.AppendAsync(streamId, expected, [Event(streamId, NotificationEvents.EmailSent, attempt, claim, request.TenantId)], ct);
            }
            catch (WrongExpectedRevisionException)
            {
                LogAlreadySent(request.BusinessKey, streamId);
                return new NotificationResult(NotificationOutcome.AlreadySent, streamId, messageId, attempt);
            }

            try
            {
                await sender.SendAsync(message, ct);
                return new NotificationResult(NotificationOutcome.Sent, streamId, messageId, attempt);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var error = ex is MailKit.Net.Smtp.SmtpCommandException smtp ? $"{ex.GetType().Name} ({smtp.StatusCode})" : ex.GetType().Name;
                var failed = new EmailFailed(request.BusinessKey, messageId, error, timeProvider.GetUtcNow(), attempt);
                await eventStore.AppendAsync(
                    streamId,
                    ExpectedRevision.Exact(claimed.LastRevision),
                    [Event(streamId, NotificationEvents.EmailFailed, attempt, failed, request.TenantId)],
                    CancellationToken.None);
                LogFailed(ex, request.BusinessKey, attempt, error);
                return new NotificationResult(NotificationOutcome.Failed, streamId, messageId, attempt, error);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The sender: the request's From when it names one; else the office's name (display name) on the office's configured
    /// address or the platform's, with Reply-To the office's own address.</summary>
    internal EmailAddress From(string tenantId, SenderIdentity? identity)
    {
        var platform = EmailAddress.Parse(options.From);
        var address = options.OfficeFrom.TryGetValue(tenantId, out var own) && !string.IsNullOrWhiteSpace(own) ? EmailAddress.Parse(own).Address : platform.Address;
        return new EmailAddress(address, identity?.DisplayName ?? platform.DisplayName);
    }

    private static EmailAddress? ReplyTo(SenderIdentity? identity)
    {
        try
        {
            return identity?.ReplyTo is { Length: > 0 } replyTo ? new EmailAddress(replyTo.Trim(), identity.DisplayName) : null;
        }
        catch (ArgumentException)
        {
            return null; // an office address that is not one: no Reply-To rather than no e-mail
        }
    }

    private EmailMessage Render(NotificationRequest request, string messageId, SenderIdentity? identity)
    {
        var sender = new Dictionary<string, object?>
        {
            ["sender_name"] = identity?.DisplayName,
            ["sender_legal_name"] = identity?.LegalName ?? identity?.DisplayName,
        };
        var rendered = templates.Render(request.Template, request.Model, sender, request.Language);
        var subject = request.Subject ?? rendered.Subject
            ?? throw new InvalidOperationException($"Template '{request.Template}' has no subject line ({{{{## subject: … ##}}}}) and the request gives none.");
        var html = Documents.HtmlDocumentRenderer.IsWholeDocument(rendered.Html)
            ? rendered.Html
            : templates.RenderLayout(SharedLayouts.Email, subject, rendered.Html);
        return new EmailMessage(
            request.From is null ? From(request.TenantId, identity) : EmailAddress.Parse(request.From),
            [.. request.To.Select(EmailAddress.Parse)],
            request.Cc?.Select(EmailAddress.Parse).ToList(),
            subject,
            html,
            rendered.Text,
            request.Attachments)
        {
            TenantId = request.TenantId,
            MessageId = messageId,
            ReplyTo = ReplyTo(identity),
        };
    }

    /// <summary>The recipients' addresses sealed each under its own subject key (<see cref="RecipientAddresses"/>); null without a key store.</summary>
    private async Task<IReadOnlyList<string?>?> SealAsync(string tenantId, IReadOnlyList<EmailAddress> to, CancellationToken ct)
    {
        if (addressKeys is null)
        {
            return null;
        }

        var sealedAddresses = new List<string?>(to.Count);
        foreach (var address in to)
        {
            sealedAddresses.Add(await RecipientAddresses.SealAsync(addressKeys, tenantId, address.Address, ct));
        }

        return sealedAddresses;
    }

    private static EventData Event<T>(string streamId, string type, int attempt, T data, string tenantId) =>
        new(DeterministicGuid($"{streamId}/{type}/{attempt}"), type, JsonSerializer.Serialize(data, Json), new EventMetadata(tenantId));

    internal static Guid DeterministicGuid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5-style (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    [LoggerMessage(LogLevel.Information, "Notification {BusinessKey} already sent ({StreamId}): skipped")]
    private partial void LogAlreadySent(string businessKey, string streamId);

    [LoggerMessage(LogLevel.Warning, "Notification {BusinessKey} attempt {Attempt} failed: {Error}; a retry will send it again")]
    private partial void LogFailed(Exception exception, string businessKey, int attempt, string error);
}
