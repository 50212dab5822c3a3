using Monolith.BuildingBlocks.Facts;

namespace Monolith.Modules.Membership.Contracts.Facts;

/// <summary>A member validated their order (final): it has its number and its total; billing's invoice follows.</summary>
public sealed record OrderValidated(string OrderId, string MemberId, int Year, string Number, long TotalTtc, DateTimeOffset ValidatedAt) : IIntegrationEvent
{
    public const string WireName = "membership.published-order-validated";
}

/// <summary>The order's invoice is settled (billing's <c>InvoiceSettled</c>): the membership of <paramref name="Year"/> is effective.</summary>
public sealed record OrderFinalised(string OrderId, string MemberId, int Year, string Number, DateOnly PaidOn) : IIntegrationEvent
{
    public const string WireName = "membership.published-order-finalised";
}

/// <summary>Every fact Membership publishes (for <c>m.Publishes(MembershipFacts.All)</c>).</summary>
public static class MembershipFacts
{
    public static readonly Type[] All = [typeof(OrderValidated), typeof(OrderFinalised)];
}
