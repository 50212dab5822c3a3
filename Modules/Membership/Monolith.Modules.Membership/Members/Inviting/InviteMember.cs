using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Orders;
using Monolith.Modules.Offices.Contracts;
using static Monolith.Modules.Membership.Members.MemberApi;

namespace Monolith.Modules.Membership.Members.Inviting;

internal sealed record InvitationView(string MemberId, int Invitation, DateTimeOffset ExpiresAt);

/// <summary>POST <c>/api/membership/members/{memberId}/invitation</c> (staff): the member's portal login (created if needed) and the e-mail with the link to choose a password.</summary>
internal static class InviteMemberEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberApi.Group(app);
        group.MapPost("/{memberId}/invitation", async (string memberId, ICallerContext caller, HttpContext http, CommandHandler handler, ICustomerAccounts accounts,
            INotifier notifier, IOfficeDirectory offices, PortalUrls portal, TimeProvider time, CancellationToken ct) =>
        {
            var member = await handler.LoadAsync(Member.Decider, Member.StreamId(memberId), caller.TenantId, mustExist: true, ct);
            var accountId = AccountId(memberId);
            var account = await accounts.CreateOrInviteAsync(
                new NewCustomerAccount(caller.TenantId, accountId, memberId, member.State.LoginEmail, member.State.CompanyName, caller.UserId), ct);
            var result = await handler.HandleAsync(Member.Decider, Member.StreamId(memberId), new RecordInvitation(accountId, time.GetUtcNow()),
                caller.ForRequest(http) with { Expected = null }, CommandOptions.ExistingStream, ct);
            var office = await offices.GetOfficeAsync(caller.TenantId, ct);
            var link = portal.Link(caller.TenantId, $"/invitation?office={Uri.EscapeDataString(caller.TenantId)}&token={Uri.EscapeDataString(account.InvitationToken)}");
            await notifier.SendAsync(new NotificationRequest(caller.TenantId, $"membership-member-{memberId}/invitation-{result.State.Invitations}",
                "membership.member-invitation",
                new { OfficeName = office?.Name ?? caller.TenantId, result.State.CompanyName, LoginEmail = result.State.LoginEmail, Link = link, account.InvitationExpiresAt },
                [result.State.LoginEmail]), ct);
            http.Response.SetRevision(result.Revision);
            return TypedResults.Accepted($"/api/membership/members/{memberId}", new InvitationView(memberId, result.State.Invitations, account.InvitationExpiresAt));
        }).RequireAuthorization("office-staff").Idempotent()
          .WithSummary("Creates the member's portal login (if needed) and e-mails them a link to choose their password (valid 14 days).");
    }
}
