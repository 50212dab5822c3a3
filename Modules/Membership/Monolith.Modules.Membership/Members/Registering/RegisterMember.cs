using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;
using static Monolith.Modules.Membership.Members.MemberApi;

namespace Monolith.Modules.Membership.Members.Registering;

internal sealed record RegisterMemberRequest(string CompanyName, string LoginEmail, IReadOnlyList<Contact>? Contacts, IReadOnlyList<OfferRequest> Offers);

internal sealed class RegisterMemberValidator : AbstractValidator<RegisterMemberRequest>
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

/// <summary>POST <c>/api/membership/members</c> (staff): a member (company, contacts, login e-mail) with its offers, one the principal activity.</summary>
internal static class RegisterMemberEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberApi.Group(app);
        group.MapPost("/", async (RegisterMemberRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var memberId = IdempotencyScope.NewId();
            var result = await handler.HandleAsync(Member.Decider, Member.StreamId(memberId),
                new RegisterMember(memberId, request.CompanyName, request.LoginEmail, request.Contacts ?? [], Offers(request.Offers), time.GetUtcNow()),
                caller.ForRequest(http), ct: ct);
            return Revisioned.Created(http, $"/api/membership/members/{memberId}", ToView(result.State), result.Revision);
        }).RequireAuthorization("office-staff").Validate<RegisterMemberRequest>().Idempotent()
          .WithSummary("Registers a member (company, contacts, login e-mail) with its offers, one of them the principal activity.");
    }
}
