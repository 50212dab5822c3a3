namespace Monolith.Modules.Subscriptions.Contracts;

/// <summary>The answer to "is this subscriber number valid and active on this date, and for which organisation?".
/// <paramref name="Known"/>: the number was issued by this office (to a user of some subscription). <paramref name="Active"/>: on the
/// date asked, the number's holder is a registered user of a subscription that is in force (inside a paid-or-pending period, not
/// cancelled, user not removed). Only an active number gives the subscriber discounts.</summary>
public sealed record SubscriberCheck(
    string SubscriberNumber,
    bool Known,
    bool Active,
    string? SubscriptionId,
    string? OrganisationCustomerId,
    string? OrganisationName,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd)
{
    public static SubscriberCheck Unknown(string number) => new(number, false, false, null, null, null, null, null);
}

/// <summary>Public query of the Subscriptions module for Bookings and Ticketing (subscriber discounts). Scoped by tenant: a number of
/// another office is unknown.</summary>
public interface ISubscriberDirectory
{
    /// <summary>Checks <paramref name="subscriberNumber"/> (case and surrounding spaces ignored, e.g. <c>AB-2026-00042</c>) on the
    /// calendar date <paramref name="on"/> (the office's time zone).</summary>
    Task<SubscriberCheck> CheckAsync(string tenantId, string subscriberNumber, DateOnly on, CancellationToken ct = default);
}
