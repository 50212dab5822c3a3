using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.BuildingBlocks.Http.Auth;

/// <summary>Sign-in body: the office (tenant) id, the user's e-mail and password.</summary>
public sealed record LoginRequest(string Tenant, string Email, string Password);

public sealed record RefreshRequest(string RefreshToken);

/// <summary>Who the bearer token says the caller is.</summary>
public sealed record CallerResponse(string TenantId, string UserId, IReadOnlyCollection<string> Roles, string? CustomerId);

public sealed class LoginRequestValidator : AbstractValidator<LoginRequest>
{
    public LoginRequestValidator()
    {
        RuleFor(r => r.Tenant).NotEmpty().WithMessage("Saisissez l'identifiant de votre office.").MaximumLength(100);
        RuleFor(r => r.Email).NotEmpty().WithMessage("Saisissez votre adresse e-mail.").MaximumLength(254);
        RuleFor(r => r.Password).NotEmpty().WithMessage("Saisissez votre mot de passe.").MaximumLength(1024);
    }
}

public sealed class RefreshRequestValidator : AbstractValidator<RefreshRequest>
{
    public RefreshRequestValidator() =>
        RuleFor(r => r.RefreshToken).NotEmpty().WithMessage("The refresh token is required.");
}

/// <summary><c>POST /api/auth/login</c>, <c>POST /api/auth/refresh</c>, <c>GET /api/auth/me</c>.</summary>
public static partial class AuthEndpoints
{
    /// <summary>A valid hash of a random password, verified when the e-mail is unknown so both failures take the same time.</summary>
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<UserCredentials>().HashPassword(null!, Guid.NewGuid().ToString("N")));

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Authentication");

        group.MapPost("/login", LoginAsync)
            .Validate<LoginRequest>()
            .AllowAnonymous()
            .WithName("Login")
            .WithSummary("Sign in with office, e-mail and password; returns a bearer access token and a refresh token.")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/refresh", RefreshAsync)
            .Validate<RefreshRequest>()
            .AllowAnonymous()
            .WithName("RefreshToken")
            .WithSummary("Exchange a refresh token for a new access token (the user must still be active).")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/me", (ICallerContext caller) =>
                TypedResults.Ok(new CallerResponse(caller.TenantId, caller.UserId, caller.Roles, caller.CustomerId)))
            .RequireAuthorization()
            .WithName("WhoAmI")
            .WithSummary("The caller as the bearer token describes them.");

        return app;
    }

    private static async Task<IResult> LoginAsync(
        LoginRequest request,
        HttpContext http,
        IUserDirectory users,
        IPasswordHasher<UserCredentials> hasher,
        LoginThrottle throttle,
        SecurityStamps stamps,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        NoStore(http);
        var tenant = request.Tenant.Trim();
        var email = request.Email.Trim();
        var address = http.Connection.RemoteIpAddress?.ToString();

        if (throttle.RetryAfter(tenant, email, address) is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(PlatformProblems.TooManyRequests(wait));
        }

        var user = await users.FindByEmailAsync(tenant, email, ct);
        var verdict = user is { IsActive: true } && string.Equals(user.TenantId, tenant, StringComparison.Ordinal)
            ? hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password)
            : Unknown(hasher, request.Password);

        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            throttle.RecordFailure(tenant, email, address);
            return TypedResults.Problem(PlatformProblems.InvalidCredentials());
        }

        throttle.RecordSuccess(tenant, email);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            try
            {
                await users.UpdatePasswordHashAsync(user.TenantId, user.UserId, hasher.HashPassword(user, request.Password), ct);
            }
#pragma warning disable CA1031 // a failed rehash must not fail the sign-in; it is retried at the next one
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogRehashFailed(loggers.CreateLogger(typeof(AuthEndpoints)), exception, user.UserId);
            }

            // Storing the new hash is a password change for the stamp: issue the token with the stamp that follows it.
            stamps.Invalidate(user.TenantId, user.UserId);
            user = user with { SecurityStamp = await users.GetSecurityStampAsync(user.TenantId, user.UserId, ct) ?? user.SecurityStamp };
        }

        return SignIn(http, user);
    }

    private static async Task<IResult> RefreshAsync(
        RefreshRequest request,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        IUserDirectory users,
        SecurityStamps stamps,
        HttpContext http,
        TimeProvider time,
        CancellationToken ct)
    {
        NoStore(http);
        var protector = bearerOptions.Get(BearerTokenDefaults.AuthenticationScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(request.RefreshToken);
        var tenant = ticket?.Principal.FindFirst(PlatformClaims.TenantId)?.Value;
        var email = ticket?.Principal.FindFirst(PlatformClaims.Email)?.Value;
        var userId = ticket?.Principal.FindFirst(PlatformClaims.UserId)?.Value;
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires <= time.GetUtcNow() || tenant is null || email is null)
        {
            return TypedResults.Problem(PlatformProblems.Unauthenticated("The refresh token is invalid or has expired. Sign in again."));
        }

        var user = await users.FindByEmailAsync(tenant, email, ct);
        if (user is not { IsActive: true } || user.UserId != userId || user.TenantId != tenant
            || !await stamps.IsCurrentAsync(tenant, user.UserId, ticket.Principal.FindFirst(PlatformClaims.SecurityStamp)?.Value, ct))
        {
            return TypedResults.Problem(PlatformProblems.Unauthenticated("This account can no longer sign in. Contact your office administrator."));
        }

        // Roles and customer are read again: a change made since the first sign-in applies from now on.
        return SignIn(http, user);
    }

    /// <summary>The bearer access and refresh tokens of that user (with its current security stamp), never cached by a proxy or browser.</summary>
    public static SignInHttpResult SignIn(HttpContext http, UserCredentials user)
    {
        ArgumentNullException.ThrowIfNull(user);
        NoStore(http);
        return TypedResults.SignIn(
            PlatformClaims.CreatePrincipal(
                user.TenantId, user.UserId, user.Email, user.Roles, user.CustomerId, BearerTokenDefaults.AuthenticationScheme, user.SecurityStamp),
            authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
    }

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
    }

    private static PasswordVerificationResult Unknown(IPasswordHasher<UserCredentials> hasher, string password)
    {
        _ = hasher.VerifyHashedPassword(null!, DummyHash.Value, password);
        return PasswordVerificationResult.Failed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the rehashed password of user {UserId}")]
    private static partial void LogRehashFailed(ILogger logger, Exception exception, string userId);
}
