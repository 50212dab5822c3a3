using Monolith.BuildingBlocks.Email;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Offices;

/// <summary>An office's e-mail identity for the platform's notifier: its name (From display name and signature), its legal identity's
/// e-mail (Reply-To) and legal name (legal mentions such as the cheque payee).</summary>
internal sealed class OfficeEmailSenders(IOfficeDirectory offices) : IEmailSenderIdentities
{
    public async Task<SenderIdentity?> FindAsync(string tenantId, CancellationToken ct = default) =>
        await offices.GetOfficeAsync(tenantId, ct) is { } office
            ? new SenderIdentity(office.Name, office.Legal?.Email, office.Legal?.LegalName)
            : null;
}
