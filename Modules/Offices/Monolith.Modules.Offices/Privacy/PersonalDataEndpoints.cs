using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Privacy;

/// <summary>"Forget this person" (GDPR erasure, Zonza CGV art. 12): destroys the person's key, so every personal field of every event
/// about them reads as erased, and the read models drop their data. Amounts, dates and the hash chain stay intact.</summary>
internal static class PersonalDataEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/office/personal-data/{subjectId}/erasure", async (string subjectId, ICallerContext caller, PersonalDataEraser eraser, SecurityStamps stamps, CancellationToken ct) =>
        {
            var forgotten = await eraser.ForgetAsync(caller.TenantId, subjectId, caller.UserId, ct);
            stamps.Invalidate(caller.TenantId, subjectId);
            return Results.Ok(new { forgotten.SubjectId, forgotten.ForgottenAt });
        }).RequireAuthorization("office-admin").WithTags("Personal data")
          .WithSummary("Erases a person's personal data (idempotent). The subject id is the customer's or user's id.");
    }
}
