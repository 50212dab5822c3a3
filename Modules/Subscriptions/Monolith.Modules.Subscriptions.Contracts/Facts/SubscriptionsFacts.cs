using Monolith.BuildingBlocks.Facts;

namespace Monolith.Modules.Subscriptions.Contracts.Facts;

// The Subscriptions module's published facts (the office is the event's tenant). Whether a subscriber number is active on a date is a
// query: ISubscriberDirectory.

/// <summary>An organisation's subscription started: its first period runs from <paramref name="StartDate"/> to <paramref name="EndDate"/>.</summary>
public sealed record SubscriptionActivated(
    string SubscriptionId, string CustomerId, string OfferId, int MaxUsers, DateOnly StartDate, DateOnly EndDate, DateTimeOffset ActivatedAt) : IIntegrationEvent
{
    public const string WireName = "subscriptions.published-subscription-activated";
}

/// <summary>A subscription was renewed: period <paramref name="Period"/> follows the previous one.</summary>
public sealed record SubscriptionRenewed(
    string SubscriptionId, string CustomerId, int Period, DateOnly StartDate, DateOnly EndDate, DateOnly RenewedOn) : IIntegrationEvent
{
    public const string WireName = "subscriptions.published-subscription-renewed";
}

/// <summary>A subscription was cancelled (e.g. <c>payment-overdue</c>: its first period was not paid by the deadline); its users are no
/// longer subscribers from <paramref name="On"/>.</summary>
public sealed record SubscriptionCancelled(string SubscriptionId, string CustomerId, string Reason, DateOnly On) : IIntegrationEvent
{
    public const string WireName = "subscriptions.published-subscription-cancelled";
}

/// <summary>A renewal was cancelled (e.g. <c>payment-overdue</c>: period <paramref name="Period"/> was not paid by its deadline): the
/// subscription runs to the end of the previous period and stops there; the renewal's invoice is to be cancelled.</summary>
public sealed record SubscriptionRenewalCancelled(string SubscriptionId, string CustomerId, int Period, string Reason, DateOnly On) : IIntegrationEvent
{
    public const string WireName = "subscriptions.published-renewal-cancelled";
}

/// <summary>A subscription ended: its last period is over and it was not renewed (or its renewal was cancelled).</summary>
public sealed record SubscriptionEnded(string SubscriptionId, string CustomerId, DateOnly EndDate) : IIntegrationEvent
{
    public const string WireName = "subscriptions.published-subscription-ended";
}

/// <summary>Every fact Subscriptions publishes (for <c>m.Publishes(SubscriptionsFacts.All)</c>).</summary>
public static class SubscriptionsFacts
{
    public static readonly Type[] All = [typeof(SubscriptionActivated), typeof(SubscriptionRenewed), typeof(SubscriptionCancelled), typeof(SubscriptionRenewalCancelled), typeof(SubscriptionEnded)];
}
