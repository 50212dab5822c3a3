using Dapper;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Subscriptions.Subscriptions;
using Monolith.Modules.Subscriptions.Subscriptions.Lists;

namespace Monolith.Modules.Subscriptions.Jobs;

/// <summary>Ids of what the jobs append derive from the business key, so a second fire (or a fire after a restart) appends nothing;
/// the deciders also return [] for a step already done.</summary>
internal static class JobKeys
{
    private static readonly Guid Namespace = new("b0f5b8a4-7d0e-4f57-8a43-0d1c6c2f9e21");

    public static Guid Seed(string key) => DeterministicGuid.Create(Namespace, key);
}

/// <summary>Daily: for each unsettled period of an active subscription whose payment deadline has passed (today &gt; payment-due-by, in
/// the office's time zone), the subscription is cancelled (period 1) or the renewal is cancelled (later periods). The reactor e-mails the
/// manager. A payment is not looked for here: billing's published <c>InvoiceSettled</c> settles the period as it happens
/// (<c>SettlePeriodOnInvoiceSettled</c>).</summary>
internal sealed class PaymentDeadlineJob(IReadModelDatabase connections, CommandHandler handler, TimeProvider time)
    : ScheduledJob(time)
{
    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<Row> rows;
        await using (var connection = await connections.OpenAsync(ct))
        {
            rows = (await connection.QueryAsync<Row>(
                """
                SELECT p.subscription_id AS SubscriptionId, p.period AS Period, p.office_id AS OfficeId, p.payment_due_by AS PaymentDueBy,
                       p.invoice_id AS InvoiceId, s.customer_id AS CustomerId, s.time_zone AS TimeZone
                FROM subscriptions_periods p JOIN subscriptions_subscriptions s ON s.subscription_id = p.subscription_id
                WHERE s.status = 'active' AND p.settled_by IS NULL AND p.cancelled = 0
                ORDER BY p.payment_due_by
                """)).ToList();
        }

        foreach (var row in rows)
        {
            var today = OfficeCalendar.DateOf(now, row.TimeZone);
            var stream = Subscription.StreamId(row.SubscriptionId);
            if (today > SubscriptionsProjection.ParseDate(row.PaymentDueBy))
            {
                await handler.HandleAsync(
                    Subscription.Decider, stream, new CancelForNonPayment(today, now),
                    CommandContexts.ForSystem(row.OfficeId, "subscriptions.payment-deadline-job", null, JobKeys.Seed($"subscriptions/{row.SubscriptionId}/period-{row.Period}/cancel")),
                    CommandOptions.ExistingStream, ct);
            }
        }
    }

    private sealed record Row(string SubscriptionId, long Period, string OfficeId, string PaymentDueBy, string? InvoiceId, string CustomerId, string TimeZone);
}

/// <summary>Daily: the renewal reminder (step 1, manager and users) and then at most three relaunches (steps 2..4, manager) on the days
/// before the end of the last period given by the office's settings (default 30; 21, 14, 7). When a step is due and a later one is
/// due too (the job did not run for days), only the latest due step is sent. Renewing moves the end: nothing is due any more.</summary>
internal sealed class RenewalNoticeJob(IReadModelDatabase connections, CommandHandler handler, TimeProvider time) : ScheduledJob(time)
{
    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<Row> rows;
        await using (var connection = await connections.OpenAsync(ct))
        {
            rows = (await connection.QueryAsync<Row>(
                """
                SELECT s.subscription_id AS SubscriptionId, s.office_id AS OfficeId, s.time_zone AS TimeZone, p.period AS Period,
                       p.end_date AS EndDate, p.notice_days AS NoticeDays, p.last_notice_step AS LastNoticeStep
                FROM subscriptions_subscriptions s
                JOIN subscriptions_periods p ON p.subscription_id = s.subscription_id AND p.period = s.current_period
                WHERE s.status = 'active'
                ORDER BY s.end_date
                """)).ToList();
        }

        foreach (var row in rows)
        {
            var today = OfficeCalendar.DateOf(now, row.TimeZone);
            var step = DueStep(SubscriptionsProjection.ParseDate(row.EndDate), SubscriptionsProjection.ParseDays(row.NoticeDays), (int)row.LastNoticeStep, today);
            if (step is { } k)
            {
                await handler.HandleAsync(
                    Subscription.Decider, Subscription.StreamId(row.SubscriptionId), new RecordRenewalNotice((int)row.Period, k, today, now),
                    CommandContexts.ForSystem(row.OfficeId, "subscriptions.renewal-notice-job", null, JobKeys.Seed($"subscriptions/{row.SubscriptionId}/period-{row.Period}/notice-{k}")),
                    CommandOptions.ExistingStream, ct);
            }
        }
    }

    /// <summary>The latest step (1-based) whose date (end − days) is on or before <paramref name="today"/> and after the last step
    /// done; null when none is due or the period is over.</summary>
    internal static int? DueStep(DateOnly end, IReadOnlyList<int> noticeDays, int lastStep, DateOnly today)
    {
        if (today > end)
        {
            return null;
        }

        int? due = null;
        for (var k = lastStep + 1; k <= noticeDays.Count; k++)
        {
            if (end.AddDays(-noticeDays[k - 1]) <= today)
            {
                due = k;
            }
        }

        return due;
    }

    private sealed record Row(string SubscriptionId, string OfficeId, string TimeZone, long Period, string EndDate, string NoticeDays, long LastNoticeStep);
}

/// <summary>Daily, just after midnight: a subscription whose last period ended (today &gt; end) and was not renewed expires; the reactor
/// sends the satisfaction questionnaire to the manager and the users.</summary>
internal sealed class ExpiryJob(IReadModelDatabase connections, CommandHandler handler, TimeProvider time) : ScheduledJob(time)
{
    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<Row> rows;
        await using (var connection = await connections.OpenAsync(ct))
        {
            rows = (await connection.QueryAsync<Row>(
                """
                SELECT subscription_id AS SubscriptionId, office_id AS OfficeId, time_zone AS TimeZone, end_date AS EndDate
                FROM subscriptions_subscriptions WHERE status = 'active' AND end_date < @horizon ORDER BY end_date
                """,
                new { horizon = SubscriptionsProjection.D(DateOnly.FromDateTime(now.UtcDateTime).AddDays(2)) })).ToList();
        }

        foreach (var row in rows)
        {
            var today = OfficeCalendar.DateOf(now, row.TimeZone);
            if (today > SubscriptionsProjection.ParseDate(row.EndDate))
            {
                await handler.HandleAsync(
                    Subscription.Decider, Subscription.StreamId(row.SubscriptionId), new ExpireSubscription(today, now),
                    CommandContexts.ForSystem(row.OfficeId, "subscriptions.expiry-job", null, JobKeys.Seed($"subscriptions/{row.SubscriptionId}/expire/{row.EndDate}")),
                    CommandOptions.ExistingStream, ct);
            }
        }
    }

    private sealed record Row(string SubscriptionId, string OfficeId, string TimeZone, string EndDate);
}
