using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Users.Deactivating;

/// <summary>POST <c>/api/office/users/{userId}/deactivation</c> (admin): the user can no longer sign in.</summary>
internal static class DeactivateUserEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        UserApi.Group(app).MapPost("/{userId}/deactivation", Handle)
            .RequireAuthorization("office-admin").Idempotent().WithSummary("The user can no longer sign in; their access and refresh tokens stop working at once.");
    }

    internal static async Task<NoContent> Handle(
        string userId, ICallerContext caller, HttpContext http, CommandHandler handler, SecurityStamps stamps, TimeProvider time, CancellationToken ct)
    {
        if (userId == caller.UserId)
        {
            throw new DomainRuleViolation("user.cannot-deactivate-self", "You cannot deactivate your own account.");
        }

        var result = await handler.HandleAsync(
            User.Decider, User.StreamId(userId), new DeactivateUser(time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
        stamps.Invalidate(caller.TenantId, userId);
        http.Response.SetRevision(result.Revision);
        return TypedResults.NoContent();
    }
}
