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
using Monolith.Modules.Offices.Users.CustomerAccounts;

namespace Monolith.Modules.Offices.Users.Invitations;

internal sealed record AcceptInvitationRequest(string Tenant, string Token, string Password);

internal sealed class AcceptInvitationValidator : AbstractValidator<AcceptInvitationRequest>
{
    public AcceptInvitationValidator()
    {
        RuleFor(r => r.Tenant).NotEmpty();
        RuleFor(r => r.Token).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Password).AcceptablePassword();
    }
}

/// <summary>POST <c>/api/auth/invitations/acceptance</c> (anonymous): a customer chooses their password from the link in their invitation e-mail.</summary>
internal static class AcceptInvitationEndpoint
{
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
            return TypedResults.NoContent();
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
