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

    public static ClaimsPrincipal CreatePrincipal(
        string tenantId, string userId, string email, IEnumerable<string> roles, string? customerId, string authenticationType)
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

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Email, Role));
    }
}
