using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Users;

/// <summary>The office's users: staff (admin, staff, accountant). Customers' portal accounts are created by the selling modules.</summary>
internal static class UserEndpoints
{
    private static readonly string[] StaffRoles = [Roles.OfficeAdmin, Roles.OfficeStaff, Roles.Accountant, Roles.Scanner];

    public sealed record AddUserRequest(string Email, string DisplayName, IReadOnlyList<string> Roles, string Password);

    public sealed record ChangeRolesRequest(IReadOnlyList<string> Roles);

    public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

    public sealed record UserResponse(string UserId, string Email, string DisplayName, IReadOnlyList<string> Roles, bool Active);

    public sealed class AddUserValidator : AbstractValidator<AddUserRequest>
    {
        public AddUserValidator()
        {
            RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(254);
            RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Roles).NotEmpty().WithMessage("Give the user at least one role.");
            RuleForEach(r => r.Roles).Must(StaffRoles.Contains).WithMessage("Role must be one of: office-admin, office-staff, accountant, scanner.");
            RuleFor(r => r.Password).AcceptablePassword(r => r.Email);
        }
    }

    public sealed class ChangeRolesValidator : AbstractValidator<ChangeRolesRequest>
    {
        public ChangeRolesValidator()
        {
            RuleFor(r => r.Roles).NotEmpty().WithMessage("Give the user at least one role.");
            RuleForEach(r => r.Roles).Must(StaffRoles.Contains).WithMessage("Role must be one of: office-admin, office-staff, accountant, scanner.");
        }
    }

    public sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordRequest>
    {
        public ChangePasswordValidator()
        {
            RuleFor(r => r.CurrentPassword).NotEmpty().WithMessage("Saisissez votre mot de passe actuel.").MaximumLength(1024);
            RuleFor(r => r.NewPassword).AcceptablePassword();
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/office/users").WithTags("Office users");

        group.MapPost("/", async (AddUserRequest request, ICallerContext caller, HttpContext http, UserService users, CancellationToken ct) =>
        {
            var userId = IdempotencyScope.NewId();
            var revision = await users.RegisterAsync(
                new UserService.NewUser(userId, request.Email, request.DisplayName, request.Roles, null, request.Password), caller.ForRequest(http), ct);
            return Results.Created($"/api/office/users/{userId}", new UserResponse(userId, request.Email.Trim(), request.DisplayName.Trim(), request.Roles, true))
                .WithRevision(revision);
        }).RequireAuthorization("office-admin").Validate<AddUserRequest>().Idempotent()
          .WithSummary("Adds a staff user; the e-mail is their login and must be unique in the office (409 otherwise).");

        group.MapGet("/", async (ICallerContext caller, IReadModelDatabase connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<(string UserId, string Email, string DisplayName, string Roles, long Active)>(
                "SELECT user_id, email, display_name, roles, active FROM offices_users WHERE office_id = @tenant AND customer_id IS NULL ORDER BY display_name",
                new { tenant = caller.TenantId });
            return Results.Ok(rows.Select(r => new UserResponse(r.UserId, r.Email, r.DisplayName, r.Roles.Split(','), r.Active != 0)));
        }).RequireAuthorization("office-admin");

        group.MapPut("/{userId}/roles", async (string userId, ChangeRolesRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, SecurityStamps stamps, TimeProvider time, CancellationToken ct) =>
        {
            if (userId == caller.UserId && !request.Roles.Contains(Roles.OfficeAdmin))
            {
                throw new DomainRuleViolation("user.cannot-demote-self", "You cannot remove your own administrator role; ask another administrator.");
            }

            var result = await handler.HandleAsync(
                User.Decider, User.StreamId(userId), new ChangeRoles(request.Roles, time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            stamps.Invalidate(caller.TenantId, userId);
            return Results.NoContent().WithRevision(result.Revision);
        }).RequireAuthorization("office-admin").Validate<ChangeRolesRequest>().Idempotent();

        group.MapPost("/{userId}/deactivation", async (string userId, ICallerContext caller, HttpContext http, CommandHandler handler, SecurityStamps stamps, TimeProvider time, CancellationToken ct) =>
        {
            if (userId == caller.UserId)
            {
                throw new DomainRuleViolation("user.cannot-deactivate-self", "You cannot deactivate your own account.");
            }

            var result = await handler.HandleAsync(
                User.Decider, User.StreamId(userId), new DeactivateUser(time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            stamps.Invalidate(caller.TenantId, userId);
            return Results.NoContent().WithRevision(result.Revision);
        }).RequireAuthorization("office-admin").Idempotent().WithSummary("The user can no longer sign in; their access and refresh tokens stop working at once.");

        app.MapPut("/api/auth/me/password", async (
            ChangePasswordRequest request, ICallerContext caller, HttpContext http, UserService users, IUserDirectory directory,
            IPasswordHasher<UserCredentials> hasher, SecurityStamps stamps, CancellationToken ct) =>
        {
            var email = http.User.FindFirst(PlatformClaims.Email)?.Value ?? string.Empty;
            var current = await directory.FindByEmailAsync(caller.TenantId, email, ct);
            if (current is not { IsActive: true } || current.UserId != caller.UserId
                || hasher.VerifyHashedPassword(current, current.PasswordHash, request.CurrentPassword) == PasswordVerificationResult.Failed)
            {
                throw new RequestValidationException("currentPassword", "Le mot de passe actuel est incorrect.");
            }

            if (PasswordPolicy.Check(request.NewPassword, email) is { } refused)
            {
                throw new RequestValidationException("newPassword", refused);
            }

            var revision = await users.ChangePasswordAsync(caller.UserId, email, request.NewPassword, caller.ForRequest(http), ct);
            stamps.Invalidate(caller.TenantId, caller.UserId);

            // Every other session (access and refresh tokens) is signed out by the new stamp; this one gets fresh tokens.
            var stamp = await directory.GetSecurityStampAsync(caller.TenantId, caller.UserId, ct);
            http.Response.Headers.ETag = $"\"{revision.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";
            return AuthEndpoints.SignIn(http, current with { SecurityStamp = stamp ?? string.Empty });
        }).RequireAuthorization().Validate<ChangePasswordRequest>().WithTags("Auth")
          .WithSummary("Changes the caller's own password (the current one is required); other sessions are signed out and new tokens returned.");
    }
}
