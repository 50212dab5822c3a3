using System.Globalization;
using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Subscriptions.Offers;

namespace Monolith.Modules.Subscriptions.Subscriptions.Lists;

/// <summary>Read models (one projection, one checkpoint: the offers' table rides along with the subscriptions' so existing checkpoints
/// stay valid) <c>subscriptions_offers</c>, <c>subscriptions_subscriptions</c> (by state and end date),
/// <c>subscriptions_periods</c> (payment deadlines, invoices, renewal notices) and <c>subscriptions_users</c> (users and subscriber
/// numbers).</summary>
internal sealed class SubscriptionsProjection : IProjection
{
    public string Name => "subscriptions.read-models";

    public bool Handles(string eventType) =>
        (eventType.StartsWith("subscriptions.", StringComparison.Ordinal) && eventType != "subscriptions.subscriber-number-allocated")
        || eventType == BuildingBlocks.EventStore.Privacy.DataSubjectForgotten.WireName;

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        var at = e.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
        var db = ctx.Connection;
        var tx = ctx.Transaction;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case OfferDefined o:
                await db.ExecuteAsync(
                    """
                    INSERT INTO subscriptions_offers (office_id, offer_id, name, max_users, price_ttc, vat_rate_bp, available, updated_at)
                    VALUES (@office, @OfferId, @Name, @MaxUsers, @PriceTtc, @VatRateBasisPoints, 1, @at)
                    ON CONFLICT (office_id, offer_id) DO UPDATE SET name = excluded.name, max_users = excluded.max_users,
                        price_ttc = excluded.price_ttc, vat_rate_bp = excluded.vat_rate_bp, available = 1, updated_at = excluded.updated_at
                    """,
                    new { office, o.OfferId, o.Name, o.MaxUsers, o.PriceTtc, o.VatRateBasisPoints, at },
                    tx);
                break;
            case OfferChanged o:
                await db.ExecuteAsync(
                    """
                    UPDATE subscriptions_offers SET name = @Name, max_users = @MaxUsers, price_ttc = @PriceTtc, vat_rate_bp = @VatRateBasisPoints,
                        updated_at = @at WHERE office_id = @office AND offer_id = @OfferId
                    """,
                    new { office, o.OfferId, o.Name, o.MaxUsers, o.PriceTtc, o.VatRateBasisPoints, at },
                    tx);
                break;
            case OfferWithdrawn o:
                await db.ExecuteAsync(
                    "UPDATE subscriptions_offers SET available = 0, updated_at = @at WHERE office_id = @office AND offer_id = @OfferId",
                    new { office, o.OfferId, at },
                    tx);
                break;
            case SubscriptionActivated a:
                await db.ExecuteAsync(
                    """
                    INSERT INTO subscriptions_subscriptions (subscription_id, office_id, customer_id, organisation_name, offer_id, offer_name, max_users,
                        manager_account_id, status, start_date, end_date, current_period, time_zone, activated_at, updated_at)
                    VALUES (@SubscriptionId, @office, @CustomerId, @OrganisationName, @OfferId, @OfferName, @MaxUsers,
                        @ManagerAccountId, 'active', @Start, @End, 1, @TimeZone, @ActivatedAt, @at)
                    ON CONFLICT (subscription_id) DO NOTHING
                    """,
                    new
                    {
                        a.SubscriptionId,
                        office,
                        a.CustomerId,
                        OrganisationName = a.Organisation.Name,
                        a.Offer.OfferId,
                        a.Offer.OfferName,
                        a.Offer.MaxUsers,
                        a.ManagerAccountId,
                        Start = D(a.StartDate),
                        End = D(a.EndDate),
                        a.TimeZone,
                        ActivatedAt = a.ActivatedAt.ToString("O", CultureInfo.InvariantCulture),
                        at,
                    },
                    tx);
                await InsertPeriodAsync(ctx, office, a.SubscriptionId, 1, a.StartDate, a.EndDate, a.PaymentDueBy, a.Offer.PriceTtc, a.Offer.VatRateBasisPoints, a.NoticeDays);
                break;
            case BuildingBlocks.EventStore.Privacy.DataSubjectForgotten f:
                await db.ExecuteAsync(
                    """
                    UPDATE subscriptions_users SET name = @erased, email = @erased WHERE account_id = @SubjectId AND office_id = @office;
                    UPDATE subscriptions_subscriptions SET manager_name = @erased, manager_email = @erased
                    WHERE manager_account_id = @SubjectId AND office_id = @office;
                    """,
                    new { f.SubjectId, office, erased = BuildingBlocks.EventStore.Privacy.PersonalData.ErasedText },
                    tx);
                break;
            case ManagerNamed m:
                await db.ExecuteAsync(
                    "UPDATE subscriptions_subscriptions SET manager_name = @Name, manager_email = @Email, updated_at = @at WHERE subscription_id = @SubscriptionId",
                    new { m.SubscriptionId, m.Name, m.Email, at },
                    tx);
                break;
            case UserAdded u:
                await db.ExecuteAsync(
                    """
                    INSERT INTO subscriptions_users (subscription_id, account_id, office_id, name, email, subscriber_number, from_date, removed_on)
                    VALUES (@SubscriptionId, @AccountId, @office, @Name, @Email, @SubscriberNumber, @From, NULL)
                    ON CONFLICT (subscription_id, account_id) DO UPDATE SET name = excluded.name, email = excluded.email,
                        subscriber_number = excluded.subscriber_number, from_date = excluded.from_date, removed_on = NULL
                    """,
                    new { u.SubscriptionId, u.AccountId, office, u.Name, u.Email, u.SubscriberNumber, From = D(u.From) },
                    tx);
                await CountUsersAsync(ctx, u.SubscriptionId, at);
                break;
            case UserRemoved r:
                await db.ExecuteAsync(
                    "UPDATE subscriptions_users SET removed_on = @On WHERE subscription_id = @SubscriptionId AND account_id = @AccountId",
                    new { r.SubscriptionId, r.AccountId, On = D(r.On) },
                    tx);
                await CountUsersAsync(ctx, r.SubscriptionId, at);
                break;
            case PurchaseOrderRecorded p:
                await SetPeriodAsync(ctx, p.SubscriptionId, p.Period, "settled_by = 'purchase-order'");
                break;
            case PaymentConfirmed p:
                await SetPeriodAsync(ctx, p.SubscriptionId, p.Period, "settled_by = 'payment'");
                break;
            case InvoiceAttached i:
                await db.ExecuteAsync(
                    "UPDATE subscriptions_periods SET invoice_id = @InvoiceId, invoice_number = @InvoiceNumber WHERE subscription_id = @SubscriptionId AND period = @Period",
                    new { i.SubscriptionId, i.Period, i.InvoiceId, i.InvoiceNumber },
                    tx);
                break;
            case RenewalNoticeIssued n:
                await db.ExecuteAsync(
                    "UPDATE subscriptions_periods SET last_notice_step = CASE WHEN last_notice_step > @Step THEN last_notice_step ELSE @Step END WHERE subscription_id = @SubscriptionId AND period = @Period",
                    new { n.SubscriptionId, n.Period, n.Step },
                    tx);
                break;
            case SubscriptionRenewed r:
                await InsertPeriodAsync(ctx, office, r.SubscriptionId, r.Period, r.StartDate, r.EndDate, r.PaymentDueBy, r.PriceTtc, r.VatRateBasisPoints, r.NoticeDays);
                await RefreshEndAsync(ctx, r.SubscriptionId, at);
                break;
            case RenewalCancelled r:
                await SetPeriodAsync(ctx, r.SubscriptionId, r.Period, "cancelled = 1");
                await RefreshEndAsync(ctx, r.SubscriptionId, at);
                break;
            case SubscriptionCancelled c:
                await db.ExecuteAsync(
                    "UPDATE subscriptions_subscriptions SET status = 'cancelled', closed_on = @On, updated_at = @at WHERE subscription_id = @SubscriptionId",
                    new { c.SubscriptionId, On = D(c.On), at },
                    tx);
                break;
            case SubscriptionExpired x:
                await db.ExecuteAsync(
                    "UPDATE subscriptions_subscriptions SET status = 'expired', closed_on = @On, updated_at = @at WHERE subscription_id = @SubscriptionId",
                    new { x.SubscriptionId, On = D(x.EndDate.AddDays(1)), at },
                    tx);
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync(
            "DELETE FROM subscriptions_users; DELETE FROM subscriptions_periods; DELETE FROM subscriptions_subscriptions; DELETE FROM subscriptions_offers;",
            transaction: ctx.Transaction);

    internal static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static DateOnly ParseDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static IReadOnlyList<int> ParseDays(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];

    private static Task InsertPeriodAsync(
        ProjectionContext ctx, string office, string subscriptionId, int period, DateOnly start, DateOnly end, DateOnly dueBy, long price, int vat, IReadOnlyList<int> noticeDays) =>
        ctx.Connection.ExecuteAsync(
            """
            INSERT INTO subscriptions_periods (subscription_id, period, office_id, start_date, end_date, payment_due_by, price_ttc, vat_rate_bp, notice_days)
            VALUES (@subscriptionId, @period, @office, @Start, @End, @DueBy, @price, @vat, @Notice)
            ON CONFLICT (subscription_id, period) DO NOTHING
            """,
            new
            {
                subscriptionId,
                period,
                office,
                Start = D(start),
                End = D(end),
                DueBy = D(dueBy),
                price,
                vat,
                Notice = string.Join(',', noticeDays.Select(d => d.ToString(CultureInfo.InvariantCulture))),
            },
            ctx.Transaction);

    private static Task SetPeriodAsync(ProjectionContext ctx, string subscriptionId, int period, string set) =>
        ctx.Connection.ExecuteAsync(
            $"UPDATE subscriptions_periods SET {set} WHERE subscription_id = @subscriptionId AND period = @period",
            new { subscriptionId, period },
            ctx.Transaction);

    private static Task RefreshEndAsync(ProjectionContext ctx, string subscriptionId, string at) =>
        ctx.Connection.ExecuteAsync(
            """
            UPDATE subscriptions_subscriptions SET
                end_date = (SELECT end_date FROM subscriptions_periods WHERE subscription_id = @subscriptionId AND cancelled = 0 ORDER BY period DESC LIMIT 1),
                current_period = (SELECT period FROM subscriptions_periods WHERE subscription_id = @subscriptionId AND cancelled = 0 ORDER BY period DESC LIMIT 1),
                updated_at = @at
            WHERE subscription_id = @subscriptionId
            """,
            new { subscriptionId, at },
            ctx.Transaction);

    private static Task CountUsersAsync(ProjectionContext ctx, string subscriptionId, string at) =>
        ctx.Connection.ExecuteAsync(
            """
            UPDATE subscriptions_subscriptions SET updated_at = @at,
                user_count = (SELECT COUNT(*) FROM subscriptions_users WHERE subscription_id = @subscriptionId AND removed_on IS NULL)
            WHERE subscription_id = @subscriptionId
            """,
            new { subscriptionId, at },
            ctx.Transaction);
}
