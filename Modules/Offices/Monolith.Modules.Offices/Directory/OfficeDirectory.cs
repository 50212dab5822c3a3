using System.Text.Json;
using Dapper;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Directory;

/// <summary><see cref="IOfficeDirectory"/> over the <c>offices_*</c> read models.</summary>
internal sealed class OfficeDirectory(SqliteConnectionFactory connections) : IOfficeDirectory
{
    public async Task<OfficeProfile?> GetOfficeAsync(string officeId, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string OfficeId, string Name, string TimeZone, string? LegalJson)>(
            "SELECT office_id, name, time_zone, legal_json FROM offices_offices WHERE office_id = @officeId", new { officeId });
        return row.OfficeId is null
            ? null
            : new OfficeProfile(row.OfficeId, row.Name, row.TimeZone,
                row.LegalJson is null ? null : JsonSerializer.Deserialize<LegalIdentity>(row.LegalJson, OfficeDirectoryProjection.Json));
    }

    public Task<TermsOfSaleVersion?> GetTermsInForceAsync(string officeId, DateOnly on, CancellationToken ct = default) =>
        QueryTermsAsync(
            "WHERE office_id = @officeId AND effective_from <= @on ORDER BY effective_from DESC, version DESC LIMIT 1",
            new { officeId, on = on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
            ct);

    public Task<TermsOfSaleVersion?> GetTermsVersionAsync(string officeId, int version, CancellationToken ct = default) =>
        QueryTermsAsync("WHERE office_id = @officeId AND version = @version", new { officeId, version }, ct);

    public async Task<IReadOnlyList<TermsOfSaleVersion>> ListTermsAsync(string officeId, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<TermsRow>(
            $"{TermsSelect} WHERE office_id = @officeId ORDER BY version", new { officeId });
        return rows.Select(r => r.ToContract()).ToList();
    }

    private const string TermsSelect =
        "SELECT version AS Version, title AS Title, text AS Text, settings_json AS SettingsJson, effective_from AS EffectiveFrom, published_at AS PublishedAt FROM offices_terms";

    private async Task<TermsOfSaleVersion?> QueryTermsAsync(string where, object args, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TermsRow>($"{TermsSelect} {where}", args);
        return row?.ToContract();
    }

    private sealed record TermsRow(long Version, string Title, string Text, string SettingsJson, string EffectiveFrom, string PublishedAt)
    {
        public TermsOfSaleVersion ToContract() => new(
            (int)Version,
            Title,
            Text,
            JsonSerializer.Deserialize<Dictionary<string, string>>(SettingsJson, OfficeDirectoryProjection.Json) ?? [],
            DateOnly.ParseExact(EffectiveFrom, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(PublishedAt, System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>Sign-in reads users from <c>offices_users</c>; a rehashed password is appended to the user's stream.</summary>
internal sealed class UserDirectory(SqliteConnectionFactory connections, Users.UserService users, BuildingBlocks.Deciders.CommandHandler handler) : IUserDirectory
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
