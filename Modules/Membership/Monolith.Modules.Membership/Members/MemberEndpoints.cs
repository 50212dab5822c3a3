using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Orders;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Membership.Members;

/// <summary>Staff: register members with their offers (one principal activity) and invite them to the portal.</summary>
internal static class MemberEndpoints
{
    public sealed record OfferRequest(string? OfferId, string Name, bool Principal);

    public sealed record RegisterMemberRequest(string CompanyName, string LoginEmail, IReadOnlyList<Contact>? Contacts, IReadOnlyList<OfferRequest> Offers);

    public sealed record ChangeOffersRequest(IReadOnlyList<OfferRequest> Offers);

    public sealed record MemberView(string MemberId, string CompanyName, string LoginEmail, IReadOnlyList<Offer> Offers, int Invitations);

    public sealed record InvitationView(string MemberId, int Invitation, DateTimeOffset ExpiresAt);

    public sealed class RegisterMemberValidator : AbstractValidator<RegisterMemberRequest>
    {
        public RegisterMemberValidator()
        {
            RuleFor(r => r.CompanyName).NotEmpty().MaximumLength(200);
            RuleFor(r => r.LoginEmail).NotEmpty().EmailAddress().MaximumLength(254);
            RuleForEach(r => r.Contacts).ChildRules(c =>
            {
                c.RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
                c.RuleFor(x => x.Email).EmailAddress().When(x => x.Email is not null);
            });
            RuleFor(r => r.Offers).NotEmpty().WithMessage("A member needs at least one offer.")
                .Must(o => o is null || o.Count(x => x.Principal) == 1).WithMessage("Exactly one offer must be the principal activity.");
            RuleForEach(r => r.Offers).ChildRules(o => o.RuleFor(x => x.Name).NotEmpty().MaximumLength(200));
        }
    }

    public sealed class ChangeOffersValidator : AbstractValidator<ChangeOffersRequest>
    {
        public ChangeOffersValidator()
        {
            RuleFor(r => r.Offers).NotEmpty().Must(o => o is null || o.Count(x => x.Principal) == 1).WithMessage("Exactly one offer must be the principal activity.");
            RuleForEach(r => r.Offers).ChildRules(o => o.RuleFor(x => x.Name).NotEmpty().MaximumLength(200));
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/membership/members").WithTags("Membership — members");

        group.MapPost("/", async (RegisterMemberRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var memberId = IdempotencyScope.NewId();
            var result = await handler.HandleAsync(Member.Decider, Member.StreamId(memberId),
                new RegisterMember(memberId, request.CompanyName, request.LoginEmail, request.Contacts ?? [], Offers(request.Offers), time.GetUtcNow()),
                caller.ForRequest(http), ct: ct);
            return Results.Created($"/api/membership/members/{memberId}", ToView(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Validate<RegisterMemberRequest>().Idempotent()
          .WithSummary("Registers a member (company, contacts, login e-mail) with its offers, one of them the principal activity.");

        group.MapGet("/", async (ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<(string MemberId, string CompanyName, string LoginEmail, long Invitations)>(
                "SELECT member_id, company_name, login_email, invitations FROM membership_members WHERE office_id = @tenant ORDER BY company_name",
                new { tenant = caller.TenantId });
            return Results.Ok(rows.Select(r => new { r.MemberId, r.CompanyName, r.LoginEmail, r.Invitations }));
        }).RequireAuthorization("office-read");

        group.MapGet("/{memberId}", async (string memberId, ICallerContext caller, CommandHandler handler, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(Member.Decider, Member.StreamId(memberId), caller.TenantId, mustExist: true, ct);
            return Results.Ok(ToView(loaded.State)).WithRevision(loaded.Revision);
        }).RequireAuthorization("office-read");

        group.MapPut("/{memberId}/offers", async (string memberId, ChangeOffersRequest request, ICallerContext caller, HttpContext http, CommandHandler handler,
            TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(Member.Decider, Member.StreamId(memberId), new ChangeOffers(Offers(request.Offers), time.GetUtcNow()),
                caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Results.Ok(ToView(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Validate<ChangeOffersRequest>().Idempotent();

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
            return Results.Accepted($"/api/membership/members/{memberId}", new InvitationView(memberId, result.State.Invitations, account.InvitationExpiresAt))
                .WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Idempotent()
          .WithSummary("Creates the member's portal login (if needed) and e-mails them a link to choose their password (valid 14 days).");
    }

    /// <summary>The member's portal account id: derived from the member id, so inviting again reuses the same login.</summary>
    internal static string AccountId(string memberId) => $"member-{memberId}";

    private static List<Offer> Offers(IReadOnlyList<OfferRequest> offers) =>
        [.. offers.Select(o => new Offer(o.OfferId ?? IdempotencyScope.NewId()[..12], o.Name, o.Principal))];

    private static MemberView ToView(MemberState s) => new(s.MemberId!, s.CompanyName, s.LoginEmail, s.Offers, s.Invitations);
}
