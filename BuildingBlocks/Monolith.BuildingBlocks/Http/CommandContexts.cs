using Microsoft.AspNetCore.Http;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.BuildingBlocks.Http;

/// <summary>Builds the <see cref="CommandContext"/> of a command from the request: the caller's tenant and user, the correlation id
/// (<c>X-Correlation-Id</c> when it is a GUID, else the request's own) and the expected revision from <c>If-Match</c>.</summary>
public static class CommandContexts
{
    public const string CorrelationHeader = "X-Correlation-Id";

    public static CommandContext ForRequest(this ICallerContext caller, HttpContext http) =>
        new(caller.TenantId, caller.UserId, CorrelationId(http), null, IfMatch.Parse(http.Request));

    /// <summary>For jobs, reactors and start-up work: no HTTP caller; <paramref name="deterministicSeed"/> makes a rerun append nothing new.</summary>
    public static CommandContext ForSystem(string tenantId, string actor, Guid? causationId = null, Guid? deterministicSeed = null) =>
        new(tenantId, actor, causationId ?? Guid.NewGuid(), causationId, null, deterministicSeed);

    private static Guid CorrelationId(HttpContext http) =>
        http.Request.Headers.TryGetValue(CorrelationHeader, out var value) && Guid.TryParse(value, out var id) ? id : Guid.NewGuid();
}
