using System.Text.Json;
using Dapper;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Offices.Offices;

namespace Monolith.Modules.Offices.Directory;

/// <summary><see cref="IOfficeDirectory"/> folded from the office's own stream, not from the <c>offices_*</c> read models: the stream is
/// small (identity, time zone, terms versions) and a module reacting to a fact right after the office was set up must see what the
/// office already decided (read-your-writes) — a lagging read model made billing refuse invoices for an office whose legal identity
/// was recorded a moment before.</summary>
internal sealed class OfficeDirectory(BuildingBlocks.Deciders.CommandHandler handler) : IOfficeDirectory
{
    public async Task<OfficeProfile?> GetOfficeAsync(string officeId, CancellationToken ct = default)
    {
        var view = await LoadAsync(officeId, ct);
        return view?.OfficeId is null ? null : new OfficeProfile(view.OfficeId, view.Name!, view.TimeZone!, view.Legal);
    }

    public async Task<TermsOfSaleVersion?> GetTermsInForceAsync(string officeId, DateOnly on, CancellationToken ct = default) =>
        (await LoadAsync(officeId, ct))?.Terms
            .Where(t => t.EffectiveFrom <= on)
            .OrderByDescending(t => t.EffectiveFrom)
            .ThenByDescending(t => t.Version)
            .FirstOrDefault();

    public async Task<TermsOfSaleVersion?> GetTermsVersionAsync(string officeId, int version, CancellationToken ct = default) =>
        (await LoadAsync(officeId, ct))?.Terms.FirstOrDefault(t => t.Version == version);

    public async Task<IReadOnlyList<TermsOfSaleVersion>> ListTermsAsync(string officeId, CancellationToken ct = default) =>
        (await LoadAsync(officeId, ct))?.Terms ?? [];

    private async Task<OfficeView?> LoadAsync(string officeId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(officeId))
        {
            return null;
        }

        try
        {
            var loaded = await handler.LoadAsync(View, Office.StreamId(officeId), officeId, ct: ct);
            return loaded.Revision < 0 ? null : loaded.State;
        }
        catch (BuildingBlocks.Deciders.NotFoundException)
        {
            return null;
        }
    }

    private sealed record OfficeView(string? OfficeId, string? Name, string? TimeZone, LegalIdentity? Legal, IReadOnlyList<TermsOfSaleVersion> Terms);

    private static readonly BuildingBlocks.Deciders.Decider<OfficeCommand, OfficeEvent, OfficeView> View = new(
        (_, _) => throw new InvalidOperationException("The office directory only reads."),
        (view, e) => e switch
        {
            OfficeRegistered r => view with { OfficeId = r.OfficeId, Name = r.Name, TimeZone = r.TimeZone },
            OfficeRenamed r => view with { Name = r.Name },
            LegalIdentityChanged l => view with { Legal = l.Identity },
            TimeZoneChanged t => view with { TimeZone = t.TimeZone },
            TermsOfSalePublished t => view with
            {
                Terms = [.. view.Terms, new TermsOfSaleVersion(t.Version, t.Title, t.Text, t.Settings, t.EffectiveFrom, t.PublishedAt)],
            },
            _ => view,
        },
        new OfficeView(null, null, null, null, []));
}

/// <summary>Sign-in reads users from <c>offices_users</c>; a rehashed password is appended to the user's stream.</summary>
internal sealed class UserDirectory(IReadModelDatabase connections, Users.UserService users, BuildingBlocks.Deciders.CommandHandler handler) : IUserDirectory
{
    public async Task<UserCredentials?> FindByEmailAsync(string tenantId, string email, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(
            """
            SELECT user_id AS UserId, office_id AS OfficeId, email AS Email, password_hash AS PasswordHash, roles AS Roles,
                   customer_id AS CustomerId, active AS Active
            FROM offices_users WHERE office_id = @tenantId AND email_normalized = @email AND erased = 0
            """,
            new { tenantId, email = Users.LoginReservation.Normalize(email) });
        if (row?.PasswordHash is null)
        {
            return null;
        }

        var stamp = await GetSecurityStampAsync(row.OfficeId, row.UserId, ct);
        return new UserCredentials(row.UserId, row.OfficeId, row.Email, row.PasswordHash,
            row.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), row.CustomerId, row.Active != 0 && stamp is not null)
        {
            SecurityStamp = stamp ?? string.Empty,
        };
    }

    /// <summary>From the user's stream (not the read model, which may lag behind a deactivation).</summary>
    public async Task<string?> GetSecurityStampAsync(string tenantId, string userId, CancellationToken ct)
    {
        try
        {
            var user = await handler.LoadAsync(Users.User.Decider, Users.User.StreamId(userId), tenantId, ct: ct);
            return user.State.SecurityStamp;
        }
        catch (BuildingBlocks.Deciders.NotFoundException)
        {
            return null; // another office's user
        }
    }

    public Task UpdatePasswordHashAsync(string tenantId, string userId, string newPasswordHash, CancellationToken ct) =>
        users.SetPasswordHashAsync(tenantId, userId, newPasswordHash, userId, ct);

    private sealed record UserRow(string UserId, string OfficeId, string Email, string? PasswordHash, string Roles, string? CustomerId, long Active);
}
