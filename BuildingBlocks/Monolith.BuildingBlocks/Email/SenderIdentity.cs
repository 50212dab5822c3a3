namespace Monolith.BuildingBlocks.Email;

/// <summary>Who an office's e-mails come from: <paramref name="DisplayName"/> is the office's name as its customers know it (the From
/// display name and the signature), <paramref name="ReplyTo"/> the office's own address (its legal identity's e-mail), where answers
/// go; <paramref name="LegalName"/> is what legal mentions use (cheque payee, invoices).</summary>
public sealed record SenderIdentity(string DisplayName, string? ReplyTo, string? LegalName);

/// <summary>Port the <see cref="Notifier"/> asks for an office's sender identity (provided by the Offices module). Without it, or for
/// an unknown office, e-mails go out under <see cref="EmailOptions.From"/> with no Reply-To.</summary>
public interface IEmailSenderIdentities
{
    Task<SenderIdentity?> FindAsync(string tenantId, CancellationToken ct = default);
}
