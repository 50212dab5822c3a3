using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Offices;

/// <summary>The caller's office as answered by its use cases; its ETag is the stream revision to send back in If-Match.</summary>
internal sealed record OfficeResponse(string OfficeId, string Name, string TimeZone, LegalIdentity? Legal, int TermsVersion, long Revision);

/// <summary>What the office's use cases share: the route group and the office as answered.</summary>
internal static class OfficeApi
{
    public static RouteGroupBuilder Group(IEndpointRouteBuilder app) => app.MapGroup("/api/office").WithTags("Office");

    internal static OfficeResponse ToResponse(OfficeState state, long revision) =>
        new(state.OfficeId!, state.Name!, state.TimeZone!, state.Legal, state.LastTermsVersion, revision);
}
