using Dapper;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Subscriptions.Contracts;
using Monolith.Modules.Subscriptions.Numbering;
using Monolith.Modules.Subscriptions.Subscriptions.Lists;

namespace Monolith.Modules.Subscriptions.Subscriptions.SubscriberNumbers;

/// <summary><see cref="ISubscriberDirectory"/> over the read models. A number is active on D when its holder was a registered user on D
/// (added on or before D, not removed on or before D), the subscription was not closed (cancelled or expired) on or before D and one of
/// its standing periods contains D.</summary>
internal sealed class SubscriberDirectory(IReadModelDatabase connections) : ISubscriberDirectory
{
    public async Task<SubscriberCheck> CheckAsync(string tenantId, string subscriberNumber, DateOnly on, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var number = SubscriberNumbering.Normalize(subscriberNumber ?? string.Empty);
        if (number.Length == 0)
        {
            return SubscriberCheck.Unknown(number);
        }

        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            """
            SELECT u.subscription_id AS SubscriptionId, u.from_date AS FromDate, u.removed_on AS RemovedOn, s.customer_id AS CustomerId,
                   s.organisation_name AS OrganisationName, s.closed_on AS ClosedOn
            FROM subscriptions_users u JOIN subscriptions_subscriptions s ON s.subscription_id = u.subscription_id
            WHERE u.office_id = @tenantId AND u.subscriber_number = @number
            """,
            new { tenantId, number });
        if (row is null)
        {
            return SubscriberCheck.Unknown(number);
        }

        var day = SubscriptionsProjection.D(on);
        var period = await connection.QuerySingleOrDefaultAsync<PeriodRow>(
            """
            SELECT start_date AS Start, end_date AS "End" FROM subscriptions_periods
            WHERE subscription_id = @id AND cancelled = 0 AND start_date <= @day AND end_date >= @day
            ORDER BY period LIMIT 1
            """,
            new { id = row.SubscriptionId, day });
        var active = period is not null
            && string.CompareOrdinal(row.FromDate, day) <= 0
            && (row.RemovedOn is null || string.CompareOrdinal(day, row.RemovedOn) < 0)
            && (row.ClosedOn is null || string.CompareOrdinal(day, row.ClosedOn) < 0);
        return new SubscriberCheck(
            number,
            true,
            active,
            row.SubscriptionId,
            row.CustomerId,
            row.OrganisationName,
            period is { } p ? SubscriptionsProjection.ParseDate(p.Start) : null,
            period is { } q ? SubscriptionsProjection.ParseDate(q.End) : null);
    }

    private sealed record PeriodRow(string Start, string End);

    private sealed record Row(string SubscriptionId, string FromDate, string? RemovedOn, string CustomerId, string OrganisationName, string? ClosedOn);
}
