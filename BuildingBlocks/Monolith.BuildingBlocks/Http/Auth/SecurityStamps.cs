using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.BuildingBlocks.Http.Auth;

public sealed class SecurityStampOptions
{
    /// <summary>How long a user's stamp is trusted without asking <see cref="IUserDirectory"/> again. Within this process a change
    /// is seen at once (the writer calls <see cref="SecurityStamps.Invalidate"/>); another instance sees it after at most this long.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Checks the security stamp a bearer token carries against the user's current one (cached briefly). A deactivated, erased
/// or re-passworded user's tokens — access and refresh — stop working at their next request.</summary>
public sealed class SecurityStamps(IUserDirectory users, TimeProvider time, SecurityStampOptions options)
{
    private readonly ConcurrentDictionary<(string Tenant, string User), (string? Stamp, DateTimeOffset Until)> _cache = new();

    /// <summary>True when <paramref name="stamp"/> is the active user's current stamp.</summary>
    public async Task<bool> IsCurrentAsync(string tenantId, string userId, string? stamp, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(stamp))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (!_cache.TryGetValue((tenantId, userId), out var cached) || cached.Until <= now)
        {
            cached = (await users.GetSecurityStampAsync(tenantId, userId, ct), now + options.CacheFor);
            _cache[(tenantId, userId)] = cached;
            if (_cache.Count > 50_000)
            {
                Prune(now);
            }
        }

        return cached.Stamp is not null && string.Equals(cached.Stamp, stamp, StringComparison.Ordinal);
    }

    /// <summary>Forget the cached stamp of that user (call it after a change that revokes their tokens).</summary>
    public void Invalidate(string tenantId, string userId) => _cache.TryRemove((tenantId, userId), out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, value) in _cache)
        {
            if (value.Until <= now)
            {
                _cache.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Hooked into the bearer-token handler: a token whose stamp is no longer current fails authentication (401), for
    /// every policy (the result is cached per request by the handler).</summary>
    internal static async Task OnMessageReceivedAsync(MessageReceivedContext context)
    {
        string? token = context.Token;
        if (token is null)
        {
            var header = context.Request.Headers.Authorization.ToString();
            token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        }

        if (string.IsNullOrEmpty(token) || context.Options.BearerTokenProtector.Unprotect(token) is not { } ticket)
        {
            return;
        }

        var principal = ticket.Principal;
        if (principal.FindFirst(PlatformClaims.TenantId)?.Value is { } tenant && principal.FindFirst(PlatformClaims.UserId)?.Value is { } userId)
        {
            var stamps = context.HttpContext.RequestServices.GetRequiredService<SecurityStamps>();
            if (!await stamps.IsCurrentAsync(tenant, userId, principal.FindFirst(PlatformClaims.SecurityStamp)?.Value, context.HttpContext.RequestAborted))
            {
                context.Fail("The token was revoked.");
            }
        }
    }
}
