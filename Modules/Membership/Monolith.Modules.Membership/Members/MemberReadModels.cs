using System.Text.Json;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Membership.Members;

namespace Monolith.Modules.Membership;

/// <summary>The member stream's events (and erasures) in <c>membership_members</c>.</summary>
internal sealed partial class MembershipProjection
{
    private static async Task<bool> ApplyMemberAsync(object? decoded, ProjectionContext ctx, string office, string at)
    {
        switch (decoded)
        {
            case MemberRegistered m:
                await Execute(ctx, """
                    INSERT INTO membership_members (member_id, office_id, company_name, login_email, offers_json, registered_at)
                    VALUES (@MemberId, @office, @CompanyName, @LoginEmail, @Offers, @at)
                    ON CONFLICT (member_id) DO NOTHING
                    """, new { m.MemberId, office, m.CompanyName, m.LoginEmail, Offers = JsonSerializer.Serialize(m.Offers, Json), at });
                break;
            case BuildingBlocks.EventStore.Privacy.DataSubjectForgotten f:
                await Execute(ctx, "UPDATE membership_members SET login_email = @erased WHERE member_id = @SubjectId AND office_id = @office",
                    new { f.SubjectId, office, erased = BuildingBlocks.EventStore.Privacy.PersonalData.ErasedText });
                break;
            case MemberOffersChanged m:
                await Execute(ctx, "UPDATE membership_members SET offers_json = @Offers WHERE member_id = @MemberId",
                    new { m.MemberId, Offers = JsonSerializer.Serialize(m.Offers, Json) });
                break;
            case MemberInvited m:
                await Execute(ctx, "UPDATE membership_members SET invitations = @Invitation WHERE member_id = @MemberId", new { m.MemberId, m.Invitation });
                break;
            default:
                return false;
        }

        return true;
    }
}
