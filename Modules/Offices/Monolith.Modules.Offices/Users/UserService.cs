using Microsoft.AspNetCore.Identity;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http.Auth;

namespace Monolith.Modules.Offices.Users;

/// <summary>Registers users (reserving their login e-mail first) and sets passwords (hashed with ASP.NET Core Identity's hasher).</summary>
internal sealed class UserService(CommandHandler handler, IPasswordHasher<UserCredentials> hasher, TimeProvider time)
{
    public sealed record NewUser(string UserId, string Email, string DisplayName, IReadOnlyList<string> Roles, string? CustomerId, string? Password);

    /// <summary>Reserves the e-mail, registers the user and sets the password, each step idempotent: a retry with the same user id
    /// finishes what a failed attempt started.</summary>
    public async Task<long> RegisterAsync(NewUser user, CommandContext context, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var system = context with { Expected = null };
        await handler.HandleAsync(
            LoginReservation.Decider, LoginReservation.StreamId(context.TenantId, user.Email), new ReserveLogin(user.UserId, now), system, ct: ct);
        var result = await handler.HandleAsync(
            User.Decider,
            User.StreamId(user.UserId),
            new RegisterUser(user.UserId, user.Email, user.DisplayName, user.Roles, user.CustomerId, now),
            system,
            ct: ct);
        if (user.Password is { } password && !result.State.HasPassword)
        {
            result = await handler.HandleAsync(
                User.Decider, User.StreamId(user.UserId), new SetPassword(Hash(user.UserId, context.TenantId, user.Email, password), now), system, ct: ct);
        }

        return result.Revision;
    }

    public async Task<long> ChangePasswordAsync(string userId, string email, string password, CommandContext context, CancellationToken ct = default)
    {
        var result = await handler.HandleAsync(
            User.Decider, User.StreamId(userId), new SetPassword(Hash(userId, context.TenantId, email, password), time.GetUtcNow()), context,
            CommandOptions.ExistingStream, ct);
        return result.Revision;
    }

    public async Task SetPasswordHashAsync(string tenantId, string userId, string passwordHash, string actor, CancellationToken ct)
    {
        await handler.HandleAsync(
            User.Decider, User.StreamId(userId), new SetPassword(passwordHash, time.GetUtcNow()),
            new CommandContext(tenantId, actor, Guid.NewGuid()), CommandOptions.ExistingStream, ct);
    }

    private string Hash(string userId, string tenantId, string email, string password) =>
        hasher.HashPassword(new UserCredentials(userId, tenantId, email, string.Empty, [], null, true), password);
}
