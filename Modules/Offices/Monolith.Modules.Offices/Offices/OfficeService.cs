using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Users;

namespace Monolith.Modules.Offices.Offices;

/// <summary>Creates an office (tenant) with its first administrator.</summary>
internal sealed class OfficeService(CommandHandler handler, UserService users, TimeProvider time)
{
    public sealed record NewOffice(string OfficeId, string Name, string TimeZone, string AdminEmail, string AdminName, string AdminPassword);

    public async Task<(string OfficeId, string AdminUserId)> ProvisionAsync(NewOffice office, string actor, CancellationToken ct = default, bool platformOperator = false)
    {
        var context = new CommandContext(office.OfficeId, actor, Guid.NewGuid());
        await handler.HandleAsync(
            Office.Decider, Office.StreamId(office.OfficeId), new RegisterOffice(office.OfficeId, office.Name, office.TimeZone, time.GetUtcNow()), context, ct: ct);

        // The first admin's id is derived from the office id, so a retried provisioning finds the same user.
        var adminId = DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"offices/{office.OfficeId}/first-admin").ToString("N");
        await users.RegisterAsync(
            new UserService.NewUser(adminId, office.AdminEmail, office.AdminName, platformOperator ? [Roles.OfficeAdmin, Roles.PlatformOperator] : [Roles.OfficeAdmin], null, office.AdminPassword), context, ct);
        return (office.OfficeId, adminId);
    }
}
