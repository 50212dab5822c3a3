using System.Security.Cryptography;
using System.Text;
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
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Users;

/// <summary>Customers' portal logins, created by the selling modules through <see cref="ICustomerAccounts"/>, and the anonymous
/// endpoint where a customer accepts an invitation by choosing a password.</summary>
internal sealed class CustomerAccountService(CommandHandler handler, UserService users, TimeProvider time) : ICustomerAccounts
{
    public static readonly TimeSpan InvitationValidity = TimeSpan.FromDays(14);

    public async Task<CustomerAccount> CreateOrInviteAsync(NewCustomerAccount account, CancellationToken ct = default)
    {
        if (account.Email == BuildingBlocks.EventStore.Privacy.PersonalData.ErasedText || !System.Net.Mail.MailAddress.TryCreate(account.Email, out _))
        {
            throw new DomainRuleViolation("user.email-unusable", "Cette personne n'a pas d'adresse e-mail utilisable (ses données ont peut-être été effacées) : elle ne peut pas être invitée.");
        }

        var context = new CommandContext(account.TenantId, account.CreatedBy, Guid.NewGuid());
        var existing = await handler.LoadAsync(User.Decider, User.StreamId(account.AccountId), account.TenantId, ct: ct);
        if (!existing.Exists)
        {
            await users.RegisterAsync(
                new UserService.NewUser(account.AccountId, account.Email, account.DisplayName, [Roles.Customer], account.CustomerId, null), context, ct);
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var expires = now + InvitationValidity;
        await handler.HandleAsync(User.Decider, User.StreamId(account.AccountId), new InviteUser(HashToken(token), expires, now), context, CommandOptions.ExistingStream, ct);
        return new CustomerAccount(account.AccountId, token, expires, !existing.Exists);
    }

    internal static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal static class InvitationEndpoints
{
    public sealed record AcceptInvitationRequest(string Tenant, string Token, string Password);

    public sealed class AcceptInvitationValidator : AbstractValidator<AcceptInvitationRequest>
    {
        public AcceptInvitationValidator()
        {
            RuleFor(r => r.Tenant).NotEmpty();
            RuleFor(r => r.Token).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Password).AcceptablePassword();
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/invitations/acceptance", async (
            AcceptInvitationRequest request,
            IReadModelDatabase connections,
            CommandHandler handler,
            IPasswordHasher<UserCredentials> hasher,
            IProjectionAdmin projections,
            TimeProvider time,
            CancellationToken ct) =>
        {
            var tokenHash = CustomerAccountService.HashToken(request.Token);
            var row = await FindInvitationAsync(connections, tokenHash, request.Tenant, ct);
            if (row.UserId is null && await projections.WaitForCatchUpAsync(TimeSpan.FromSeconds(3), ct: ct))
            {
                // A link clicked the instant it was sent may beat the read model: look again once it has caught up.
                row = await FindInvitationAsync(connections, tokenHash, request.Tenant, ct);
            }

            if (row.UserId is null)
            {
                throw new DomainRuleViolation("user.invitation-invalid", "This invitation link is invalid or has expired. Ask the office for a new one.");
            }

            var hash = hasher.HashPassword(new UserCredentials(row.UserId, request.Tenant, row.Email, string.Empty, [], null, true), request.Password);
            await handler.HandleAsync(
                User.Decider,
                User.StreamId(row.UserId),
                new AcceptInvitation(tokenHash, hash, time.GetUtcNow()),
                new CommandContext(request.Tenant, row.UserId, Guid.NewGuid()),
                CommandOptions.ExistingStream,
                ct);
            return Results.NoContent();
        }).AllowAnonymous().Validate<AcceptInvitationRequest>().Idempotent().WithTags("Auth")
          .WithSummary("A customer chooses their password from the link in their invitation e-mail; then they sign in with /api/auth/login.");
    }

    private static async Task<(string? UserId, string Email)> FindInvitationAsync(IReadModelDatabase connections, string tokenHash, string tenant, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<(string? UserId, string Email)>(
            """
            SELECT i.user_id, u.email FROM offices_invitations i JOIN offices_users u ON u.user_id = i.user_id
            WHERE i.token_hash = @tokenHash AND i.office_id = @tenant
            """,
            new { tokenHash, tenant });
    }
}
