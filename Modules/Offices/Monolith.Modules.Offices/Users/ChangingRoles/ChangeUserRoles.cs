using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Users.ChangingRoles;

internal sealed record ChangeRolesRequest(IReadOnlyList<string> Roles);

internal sealed class ChangeRolesValidator : AbstractValidator<ChangeRolesRequest>
{
    public ChangeRolesValidator()
    {
        RuleFor(r => r.Roles).NotEmpty().WithMessage("Give the user at least one role.");
        RuleForEach(r => r.Roles).Must(UserApi.StaffRoles.Contains).WithMessage(UserApi.StaffRoleMessage);
    }
}

/// <summary>PUT <c>/api/office/users/{userId}/roles</c> (admin): the user's roles; their tokens stop working at once (new security stamp).</summary>
internal static class ChangeUserRolesEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        UserApi.Group(app).MapPut("/{userId}/roles", Handle).RequireAuthorization("office-admin").Validate<ChangeRolesRequest>().Idempotent();
    }

    internal static async Task<NoContent> Handle(
        string userId, ChangeRolesRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, SecurityStamps stamps, TimeProvider time,
        CancellationToken ct)
    {
        if (userId == caller.UserId && !request.Roles.Contains(Roles.OfficeAdmin))
        {
            throw new DomainRuleViolation("user.cannot-demote-self", "You cannot remove your own administrator role; ask another administrator.");
        }

        var result = await handler.HandleAsync(
            User.Decider, User.StreamId(userId), new ChangeRoles(request.Roles, time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
        stamps.Invalidate(caller.TenantId, userId);
        http.Response.SetRevision(result.Revision);
        return TypedResults.NoContent();
    }
}
