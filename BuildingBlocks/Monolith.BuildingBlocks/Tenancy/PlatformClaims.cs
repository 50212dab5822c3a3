using System.Security.Claims;

namespace Monolith.BuildingBlocks.Tenancy;

/// <summary>Claim types carried by the platform's bearer tokens.</summary>
public static class PlatformClaims
{
    public const string TenantId = "tenant_id";
    public const string UserId = ClaimTypes.NameIdentifier;
    public const string Email = ClaimTypes.Email;
    public const string Role = ClaimTypes.Role;
    public const string CustomerId = "customer_id";

    /// <summary>The user's security stamp when the token was issued: a password change, a deactivation or an erasure changes the
    /// stamp, and every token carrying the old one stops working at the next request.</summary>
    public const string SecurityStamp = "security_stamp";

    public static ClaimsPrincipal CreatePrincipal(
        string tenantId, string userId, string email, IEnumerable<string> roles, string? customerId, string authenticationType, string? securityStamp = null)
    {
        var claims = new List<Claim>
        {
            new(TenantId, tenantId),
            new(UserId, userId),
            new(Email, email),
        };
        claims.AddRange(roles.Select(role => new Claim(Role, role)));
        if (!string.IsNullOrEmpty(customerId))
        {
            claims.Add(new Claim(CustomerId, customerId));
        }

        if (!string.IsNullOrEmpty(securityStamp))
        {
            claims.Add(new Claim(SecurityStamp, securityStamp));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Email, Role));
    }
}
