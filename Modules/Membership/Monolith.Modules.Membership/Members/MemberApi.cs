using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Orders;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Membership.Members;

internal sealed record OfferRequest(string? OfferId, string Name, bool Principal);

internal sealed record MemberView(string MemberId, string CompanyName, string LoginEmail, IReadOnlyList<Offer> Offers, int Invitations);

/// <summary>What the member's use cases share: the route group, the offers as entered, the member as answered, the portal account id.</summary>
internal static class MemberApi
{
    public static RouteGroupBuilder Group(IEndpointRouteBuilder app) => app.MapGroup("/api/membership/members").WithTags("Membership — members");

    /// <summary>The member's portal account id: derived from the member id, so inviting again reuses the same login.</summary>
    internal static string AccountId(string memberId) => $"member-{memberId}";

    internal static List<Offer> Offers(IReadOnlyList<OfferRequest> offers) =>
        [.. offers.Select(o => new Offer(o.OfferId ?? IdempotencyScope.NewId()[..12], o.Name, o.Principal))];

    internal static MemberView ToView(MemberState s) => new(s.MemberId!, s.CompanyName, s.LoginEmail, s.Offers, s.Invitations);
}
