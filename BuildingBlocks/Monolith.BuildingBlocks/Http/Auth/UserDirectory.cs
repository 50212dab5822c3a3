namespace Monolith.BuildingBlocks.Http.Auth;

/// <summary>What sign-in needs to know about a user. <paramref name="PasswordHash"/> is an ASP.NET Core Identity
/// <c>PasswordHasher</c> hash. <paramref name="CustomerId"/> is set for portal (customer) users only.</summary>
public sealed record UserCredentials(
    string UserId,
    string TenantId,
    string Email,
    string PasswordHash,
    IReadOnlyCollection<string> Roles,
    string? CustomerId,
    bool IsActive)
{
    /// <summary>The user's current security stamp (see <see cref="IUserDirectory.GetSecurityStampAsync"/>), copied into the tokens.</summary>
    public string SecurityStamp { get; init; } = string.Empty;
}

/// <summary>Port to the users of the offices (implemented by the Offices module from its read model).</summary>
public interface IUserDirectory
{
    /// <summary>The user of that tenant with that e-mail (compare case-insensitively), or null.</summary>
    Task<UserCredentials?> FindByEmailAsync(string tenantId, string email, CancellationToken ct);

    /// <summary>Called after a successful sign-in whose hash used older hashing parameters: store the new hash
    /// (for an event-sourced user, append an event). Failing here does not fail the sign-in.</summary>
    Task UpdatePasswordHashAsync(string tenantId, string userId, string newPasswordHash, CancellationToken ct);

    /// <summary>The current security stamp of an active user of that tenant, or null when the user is unknown, deactivated or erased.
    /// Read from the source of truth (not a lagging read model): a token whose stamp differs is refused at its next request.</summary>
    Task<string?> GetSecurityStampAsync(string tenantId, string userId, CancellationToken ct);
}

/// <summary>Registered when no module provides users: nobody can sign in.</summary>
internal sealed class EmptyUserDirectory : IUserDirectory
{
    public Task<UserCredentials?> FindByEmailAsync(string tenantId, string email, CancellationToken ct) =>
        Task.FromResult<UserCredentials?>(null);

    public Task UpdatePasswordHashAsync(string tenantId, string userId, string newPasswordHash, CancellationToken ct) =>
        Task.CompletedTask;

    public Task<string?> GetSecurityStampAsync(string tenantId, string userId, CancellationToken ct) => Task.FromResult<string?>(null);
}
