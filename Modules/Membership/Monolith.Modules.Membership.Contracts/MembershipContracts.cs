namespace Monolith.Modules.Membership.Contracts;

/// <summary>The facts of the Membership module other modules may subscribe to in the event log (wire names are stable).
/// Their payloads are the records below, serialized as JSON (web defaults).</summary>
public static class MembershipEventNames
{
    /// <summary>A member validated an order (final): it has its number; billing is asked for the invoice.</summary>
    public const string OrderValidated = "membership.order-validated";

    /// <summary>The order's invoice is fully paid: the membership is effective.</summary>
    public const string OrderFinalised = "membership.order-finalised";
}

/// <summary>What a reader of another module may ask about memberships (e.g. "is this professional a member this year?").</summary>
public sealed record MembershipStatus(string MemberId, string CompanyName, int CampaignYear, string OrderId, string OrderNumber, bool Finalised);

/// <summary>Query door of the Membership module.</summary>
public interface IMembershipDirectory
{
    /// <summary>The member's orders of a campaign year that are validated (finalised or awaiting payment), newest first.</summary>
    Task<IReadOnlyList<MembershipStatus>> GetMembershipsAsync(string officeId, string memberId, int year, CancellationToken ct = default);
}
