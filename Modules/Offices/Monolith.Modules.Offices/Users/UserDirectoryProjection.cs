using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Modules.Offices.Users;

/// <summary>Read model <c>offices_users</c>: who can log in to which office, with which roles. Login reads it.
/// When a person is forgotten, their row keeps its id and roles but loses e-mail, name and password (a rebuild gives the same).</summary>
internal sealed class UserDirectoryProjection : IProjection
{
    public string Name => "offices.users";

    public bool Handles(string eventType) => eventType.StartsWith("offices.user-", StringComparison.Ordinal)
        || eventType == DataSubjectForgotten.WireName;

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var at = e.RecordedAt.ToString("O");
        switch (await ctx.DecodeAsync(e, ct))
        {
            case UserRegistered r:
                var erased = r.Email == PersonalData.ErasedText;
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO offices_users (user_id, office_id, email, email_normalized, display_name, roles, customer_id, active, erased, registered_at, updated_at)
                    VALUES (@UserId, @OfficeId, @Email, @EmailNormalized, @DisplayName, @Roles, @CustomerId, @Active, @Erased, @At, @At)
                    ON CONFLICT (user_id) DO NOTHING
                    """,
                    new
                    {
                        r.UserId,
                        OfficeId = e.Metadata.TenantId,
                        r.Email,
                        EmailNormalized = erased ? string.Empty : LoginReservation.Normalize(r.Email),
                        r.DisplayName,
                        Roles = string.Join(',', r.Roles),
                        r.CustomerId,
                        Active = erased ? 0 : 1,
                        Erased = erased ? 1 : 0,
                        At = at,
                    },
                    ctx.Transaction);
                break;
            case UserPasswordSet p:
                await Update(ctx, "password_hash = CASE WHEN erased = 1 THEN NULL ELSE @Value END", p.UserId, p.PasswordHash, at);
                break;
            case UserRolesChanged r:
                await Update(ctx, "roles = @Value", r.UserId, string.Join(',', r.Roles), at);
                break;
            case UserDeactivated d:
                await Update(ctx, "active = @Value", d.UserId, 0, at);
                break;
            case UserReactivated r:
                await Update(ctx, "active = CASE WHEN erased = 1 THEN 0 ELSE @Value END", r.UserId, 1, at);
                break;
            case UserInvited i:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO offices_invitations (token_hash, user_id, office_id, expires_at) VALUES (@TokenHash, @UserId, @OfficeId, @ExpiresAt)
                    ON CONFLICT (token_hash) DO NOTHING
                    """,
                    new { i.TokenHash, i.UserId, OfficeId = e.Metadata.TenantId, ExpiresAt = i.ExpiresAt.ToString("O") },
                    ctx.Transaction);
                break;
            case InvitationAccepted a:
                await ctx.Connection.ExecuteAsync("DELETE FROM offices_invitations WHERE user_id = @UserId", new { a.UserId }, ctx.Transaction);
                break;
            case DataSubjectForgotten f:
                await ctx.Connection.ExecuteAsync(
                    "DELETE FROM offices_invitations WHERE user_id = @SubjectId AND office_id = @OfficeId",
                    new { f.SubjectId, OfficeId = e.Metadata.TenantId },
                    ctx.Transaction);
                await ctx.Connection.ExecuteAsync(
                    """
                    UPDATE offices_users SET email = @Erased, email_normalized = '', display_name = @Erased, password_hash = NULL,
                        active = 0, erased = 1, updated_at = @At
                    WHERE user_id = @SubjectId AND office_id = @OfficeId
                    """,
                    new { Erased = PersonalData.ErasedText, f.SubjectId, OfficeId = e.Metadata.TenantId, At = at },
                    ctx.Transaction);
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM offices_invitations; DELETE FROM offices_users;", transaction: ctx.Transaction);

    private static Task Update(ProjectionContext ctx, string set, string userId, object value, string at) =>
        ctx.Connection.ExecuteAsync(
            $"UPDATE offices_users SET {set}, updated_at = @At WHERE user_id = @UserId",
            new { UserId = userId, Value = value, At = at },
            ctx.Transaction);
}
