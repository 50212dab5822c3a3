using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http.Auth;

namespace Monolith.Modules.Compliance.Archives;

internal sealed record ArchiveKeyView(string Algorithm, string PublicKeyPem, string Fingerprint, bool DevelopmentKey);

/// <summary>GET <c>/api/compliance/archive-key</c>: the public key that verifies archive manifests, and its SHA-256 fingerprint
/// (to hand to the accountant or auditor once, out of band).</summary>
internal static class GetArchiveKeyEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/compliance").WithTags("Compliance").MapGet("/archive-key", Handle)
            .RequireAuthorization(PlatformPolicies.Accountant).WithName("GetArchiveKey").WithSummary("The public key that verifies archive signatures.");

    internal static Ok<ArchiveKeyView> Handle(ArchiveSigningKey key) =>
        TypedResults.Ok(new ArchiveKeyView(ArchiveSigningKey.Algorithm, key.PublicKeyPem, key.Fingerprint, key.IsDevelopmentKey));
}
