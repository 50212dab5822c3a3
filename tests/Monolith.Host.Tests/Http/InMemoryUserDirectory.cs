using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Monolith.BuildingBlocks.Http.Auth;

namespace Monolith.Host.Tests.Http;

/// <summary>Test users, with passwords hashed by the real Identity hasher.</summary>
public sealed class InMemoryUserDirectory : IUserDirectory
{
    private readonly ConcurrentDictionary<(string Tenant, string Email), UserCredentials> _users = new();

    public ConcurrentDictionary<string, string> RehashedPasswords { get; } = new();

    public UserCredentials Add(
        string tenantId, string email, string password, string[] roles, string? customerId = null, bool active = true,
        PasswordHasherCompatibilityMode mode = PasswordHasherCompatibilityMode.IdentityV3)
    {
        var hasher = new PasswordHasher<UserCredentials>(Options.Create(new PasswordHasherOptions { CompatibilityMode = mode }));
        var userId = "user-" + Guid.NewGuid().ToString("N")[..8];
        var user = new UserCredentials(userId, tenantId, email, hasher.HashPassword(null!, password), roles, customerId, active) { SecurityStamp = userId + ".1" };
        _users[(tenantId, email.ToUpperInvariant())] = user;
        return user;
    }

    public void Deactivate(UserCredentials user) =>
        _users[(user.TenantId, user.Email.ToUpperInvariant())] = user with { IsActive = false };

    public Task<UserCredentials?> FindByEmailAsync(string tenantId, string email, CancellationToken ct) =>
        Task.FromResult(_users.TryGetValue((tenantId, email.ToUpperInvariant()), out var user) ? user : null);

    public Task<string?> GetSecurityStampAsync(string tenantId, string userId, CancellationToken ct) =>
        Task.FromResult(_users.Values.FirstOrDefault(u => u.TenantId == tenantId && u.UserId == userId) is { IsActive: true } user ? user.SecurityStamp : null);

    public Task UpdatePasswordHashAsync(string tenantId, string userId, string newPasswordHash, CancellationToken ct)
    {
        RehashedPasswords[userId] = newPasswordHash;
        var key = _users.First(u => u.Value.UserId == userId).Key;
        _users[key] = _users[key] with { PasswordHash = newPasswordHash };
        return Task.CompletedTask;
    }
}
