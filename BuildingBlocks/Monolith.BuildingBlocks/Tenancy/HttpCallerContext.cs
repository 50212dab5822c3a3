using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Monolith.BuildingBlocks.Http;

namespace Monolith.BuildingBlocks.Tenancy;

/// <summary>The caller of the current HTTP request, read from the bearer token's claims. Scoped. Reading any member of an
/// unauthenticated request (or outside a request) throws <see cref="UnauthenticatedException"/> → 401.</summary>
public sealed class HttpCallerContext(IHttpContextAccessor accessor) : ICallerContext
{
    private ClaimsPrincipal User
    {
        get
        {
            var user = accessor.HttpContext?.User;
            if (user?.Identity?.IsAuthenticated != true || user.FindFirst(PlatformClaims.TenantId) is null)
            {
                throw new UnauthenticatedException();
            }

            return user;
        }
    }

    public string TenantId => User.FindFirst(PlatformClaims.TenantId)!.Value;

    public string UserId => User.FindFirst(PlatformClaims.UserId)?.Value ?? throw new UnauthenticatedException();

    public IReadOnlyCollection<string> Roles => [.. User.FindAll(PlatformClaims.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal)];

    public string? CustomerId => User.FindFirst(PlatformClaims.CustomerId)?.Value;

    public bool IsInRole(string role) => User.HasClaim(PlatformClaims.Role, role);
}
