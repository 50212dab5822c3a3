using Dapper;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.Modules.Offices.Users;

/// <summary>Sign-in reads users from <c>offices_users</c>; a rehashed password is appended to the user's stream.</summary>
internal sealed class UserDirectory(IReadModelDatabase connections, UserService users, BuildingBlocks.Deciders.CommandHandler handler) : IUserDirectory
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
            new { tenantId, email = LoginReservation.Normalize(email) });
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
            var user = await handler.LoadAsync(User.Decider, User.StreamId(userId), tenantId, ct: ct);
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
