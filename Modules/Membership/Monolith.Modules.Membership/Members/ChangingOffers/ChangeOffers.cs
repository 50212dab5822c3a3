using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;
using static Monolith.Modules.Membership.Members.MemberApi;

namespace Monolith.Modules.Membership.Members.ChangingOffers;

internal sealed record ChangeOffersRequest(IReadOnlyList<OfferRequest> Offers);

internal sealed class ChangeOffersValidator : AbstractValidator<ChangeOffersRequest>
{
    public ChangeOffersValidator()
    {
        RuleFor(r => r.Offers).NotEmpty().Must(o => o is null || o.Count(x => x.Principal) == 1).WithMessage("Exactly one offer must be the principal activity.");
        RuleForEach(r => r.Offers).ChildRules(o => o.RuleFor(x => x.Name).NotEmpty().MaximumLength(200));
    }
}

/// <summary>PUT <c>/api/membership/members/{memberId}/offers</c> (staff): the member's offers, one the principal activity.</summary>
internal static class ChangeOffersEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberApi.Group(app);
        group.MapPut("/{memberId}/offers", async (string memberId, ChangeOffersRequest request, ICallerContext caller, HttpContext http, CommandHandler handler,
            TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(Member.Decider, Member.StreamId(memberId), new ChangeOffers(Offers(request.Offers), time.GetUtcNow()),
                caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Revisioned.Ok(http, ToView(result.State), result.Revision);
        }).RequireAuthorization("office-staff").Validate<ChangeOffersRequest>().Idempotent().RequireIfMatch();
    }
}
