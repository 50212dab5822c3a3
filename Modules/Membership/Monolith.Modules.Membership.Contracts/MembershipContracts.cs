namespace Monolith.Modules.Membership.Contracts;

/// <summary>What a reader of another module may ask about memberships (e.g. "is this professional a member this year?").</summary>
public sealed record MembershipStatus(string MemberId, string CompanyName, int CampaignYear, string OrderId, string OrderNumber, bool Finalised);

/// <summary>Query door of the Membership module.</summary>
public interface IMembershipDirectory
{
    /// <summary>The member's orders of a campaign year that are validated (finalised or awaiting payment), newest first.</summary>
    Task<IReadOnlyList<MembershipStatus>> GetMembershipsAsync(string officeId, string memberId, int year, CancellationToken ct = default);
}
