using FluentValidation;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Users.Passwords;

internal sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

internal sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordRequest>
{
    public ChangePasswordValidator()
    {
        RuleFor(r => r.CurrentPassword).NotEmpty().WithMessage("Saisissez votre mot de passe actuel.").MaximumLength(1024);
        RuleFor(r => r.NewPassword).AcceptablePassword();
    }
}

/// <summary>PUT <c>/api/auth/me/password</c> (anyone signed in): changes the caller's own password; other sessions are signed out.</summary>
internal static class ChangePasswordEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPut("/api/auth/me/password", Handle).RequireAuthorization().Validate<ChangePasswordRequest>().WithTags("Auth").Produces<AccessTokenResponse>()
            .WithSummary("Changes the caller's own password (the current one is required); other sessions are signed out and new tokens returned.");
    }

    internal static async Task<SignInHttpResult> Handle(
        ChangePasswordRequest request, ICallerContext caller, HttpContext http, UserService users, IUserDirectory directory,
        IPasswordHasher<UserCredentials> hasher, SecurityStamps stamps, CancellationToken ct)
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
        http.Response.SetRevision(revision);
        return AuthEndpoints.SignIn(http, current with { SecurityStamp = stamp ?? string.Empty });
    }
}
