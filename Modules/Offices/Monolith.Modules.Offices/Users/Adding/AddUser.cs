using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Users.Adding;

internal sealed record AddUserRequest(string Email, string DisplayName, IReadOnlyList<string> Roles, string Password);

internal sealed class AddUserValidator : AbstractValidator<AddUserRequest>
{
    public AddUserValidator()
    {
        RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(254);
        RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Roles).NotEmpty().WithMessage("Give the user at least one role.");
        RuleForEach(r => r.Roles).Must(UserApi.StaffRoles.Contains).WithMessage(UserApi.StaffRoleMessage);
        RuleFor(r => r.Password).AcceptablePassword(r => r.Email);
    }
}

/// <summary>POST <c>/api/office/users</c> (admin): a staff user; the e-mail is their login, unique in the office.</summary>
internal static class AddUserEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        UserApi.Group(app).MapPost("/", Handle)
            .RequireAuthorization("office-admin").Validate<AddUserRequest>().Idempotent()
            .WithSummary("Adds a staff user; the e-mail is their login and must be unique in the office (409 otherwise).");
    }

    internal static async Task<Created<UserResponse>> Handle(AddUserRequest request, ICallerContext caller, HttpContext http, UserService users, CancellationToken ct)
    {
        var userId = IdempotencyScope.NewId();
        var revision = await users.RegisterAsync(
            new UserService.NewUser(userId, request.Email, request.DisplayName, request.Roles, null, request.Password), caller.ForRequest(http), ct);
        http.Response.SetRevision(revision);
        return TypedResults.Created($"/api/office/users/{userId}", new UserResponse(userId, request.Email.Trim(), request.DisplayName.Trim(), request.Roles, true));
    }
}
