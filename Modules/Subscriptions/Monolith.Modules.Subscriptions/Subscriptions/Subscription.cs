using System.Collections.Immutable;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.Modules.Subscriptions.Subscriptions;

// An organisation's annual multi-user subscription. Stream: "subscription-{subscriptionId}".
// Periods: period 1 starts on the activation date; each renewal adds the next period, starting the day after the previous end.
// Each period has its own invoice and payment deadline (purchase order or payment recorded by then, else it is cancelled).

internal sealed record Organisation(string Name, string Street, string PostalCode, string City, string Country, string? Siren, string? VatNumber);

internal sealed record OfferTerms(string OfferId, string OfferName, int MaxUsers, long PriceTtc, int VatRateBasisPoints);

internal sealed record Person(string AccountId, string Name, string Email);

internal sealed record NewUser(string AccountId, string Name, string Email, string SubscriberNumber);

/// <summary>Per-period settings snapshotted from the office's terms when the period is created.
/// <paramref name="NoticeDays"/>: days before the end for the renewal reminder (first) and then at most three relaunches.</summary>
internal sealed record PeriodSettings(int PaymentDeadlineDays, IReadOnlyList<int> NoticeDays);

internal abstract record SubscriptionCommand;
internal sealed record ActivateSubscription(
    string SubscriptionId,
    string CustomerId,
    Organisation Organisation,
    OfferTerms Offer,
    Person Manager,
    IReadOnlyList<NewUser> Users,
    DateOnly Today,
    PeriodSettings Settings,
    string TimeZone,
    DateTimeOffset At) : SubscriptionCommand;
internal sealed record AddUser(NewUser User, DateOnly Today, DateTimeOffset At) : SubscriptionCommand;
internal sealed record RemoveUser(string AccountId, DateOnly Today, DateTimeOffset At) : SubscriptionCommand;
internal sealed record ReplaceUser(string OldAccountId, NewUser NewUser, DateOnly Today, DateTimeOffset At) : SubscriptionCommand;
internal sealed record RecordPurchaseOrder(int Period, string Reference, DateOnly ReceivedOn, DateTimeOffset At) : SubscriptionCommand;
internal sealed record RecordPayment(int Period, string InvoiceId, DateTimeOffset At) : SubscriptionCommand;
internal sealed record AttachInvoice(int Period, string InvoiceId, string InvoiceNumber, long TotalTtc, DateTimeOffset At) : SubscriptionCommand;
internal sealed record CancelForNonPayment(DateOnly Today, DateTimeOffset At) : SubscriptionCommand;
internal sealed record RecordRenewalNotice(int Period, int Step, DateOnly Today, DateTimeOffset At) : SubscriptionCommand;
internal sealed record RenewSubscription(long PriceTtc, int VatRateBasisPoints, DateOnly Today, PeriodSettings Settings, DateTimeOffset At) : SubscriptionCommand;
internal sealed record ExpireSubscription(DateOnly Today, DateTimeOffset At) : SubscriptionCommand;

internal abstract record SubscriptionEvent(string SubscriptionId);

/// <summary>The organisation is a legal entity (a local authority, a company): its name and billing address are not personal data.
/// The manager's and users' details are, in events of their own (one data subject per event).</summary>
internal sealed record SubscriptionActivated(
    string SubscriptionId,
    string CustomerId,
    Organisation Organisation,
    OfferTerms Offer,
    string ManagerAccountId,
    DateOnly StartDate,
    DateOnly EndDate,
    DateOnly PaymentDueBy,
    IReadOnlyList<int> NoticeDays,
    string TimeZone,
    DateTimeOffset ActivatedAt) : SubscriptionEvent(SubscriptionId);
internal sealed record ManagerNamed(string SubscriptionId, [DataSubject] string AccountId, [PersonalData] string Name, [PersonalData] string Email, DateTimeOffset At)
    : SubscriptionEvent(SubscriptionId);
internal sealed record UserAdded(
    string SubscriptionId,
    [DataSubject] string AccountId,
    [PersonalData] string Name,
    [PersonalData] string Email,
    string SubscriberNumber,
    DateOnly From,
    DateTimeOffset At) : SubscriptionEvent(SubscriptionId);
internal sealed record UserRemoved(string SubscriptionId, string AccountId, string SubscriberNumber, DateOnly On, DateTimeOffset At) : SubscriptionEvent(SubscriptionId);
internal sealed record PurchaseOrderRecorded(string SubscriptionId, int Period, string Reference, DateOnly ReceivedOn, DateTimeOffset At) : SubscriptionEvent(SubscriptionId);
internal sealed record PaymentConfirmed(string SubscriptionId, int Period, string InvoiceId, DateTimeOffset At) : SubscriptionEvent(SubscriptionId);
internal sealed record InvoiceAttached(string SubscriptionId, int Period, string InvoiceId, string InvoiceNumber, long TotalTtc, DateTimeOffset At) : SubscriptionEvent(SubscriptionId);
internal sealed record SubscriptionCancelled(string SubscriptionId, string Reason, DateOnly On, DateTimeOffset At) : SubscriptionEvent(SubscriptionId);
internal sealed record RenewalCancelled(string SubscriptionId, int Period, string Reason, DateOnly On, DateTimeOffset At) : SubscriptionEvent(SubscriptionId);
internal sealed record RenewalNoticeIssued(string SubscriptionId, int Period, int Step, DateOnly PeriodEnd, DateOnly On, DateTimeOffset At) : SubscriptionEvent(SubscriptionId);
internal sealed record SubscriptionRenewed(
    string SubscriptionId,
    int Period,
    DateOnly StartDate,
    DateOnly EndDate,
    DateOnly RenewedOn,
    DateOnly PaymentDueBy,
    long PriceTtc,
    int VatRateBasisPoints,
    IReadOnlyList<int> NoticeDays,
    DateTimeOffset At) : SubscriptionEvent(SubscriptionId);
internal sealed record SubscriptionExpired(string SubscriptionId, DateOnly EndDate, DateTimeOffset At) : SubscriptionEvent(SubscriptionId);

internal enum SubscriptionStatus
{
    None,
    Active,
    Cancelled,
    Expired,
}

internal sealed record SubscriptionPeriod(
    int Number,
    DateOnly Start,
    DateOnly End,
    DateOnly PaymentDueBy,
    long PriceTtc,
    int VatRateBasisPoints,
    IReadOnlyList<int> NoticeDays,
    bool Settled,
    bool Cancelled,
    string? InvoiceId,
    string? InvoiceNumber,
    int LastNoticeStep);

internal sealed record SubscriptionUser(string AccountId, string Name, string Email, string SubscriberNumber, DateOnly From);

internal sealed record SubscriptionState(
    string? SubscriptionId,
    SubscriptionStatus Status,
    string? CustomerId,
    Organisation? Organisation,
    OfferTerms? Offer,
    Person? Manager,
    ImmutableList<SubscriptionUser> Users,
    ImmutableList<SubscriptionPeriod> Periods,
    string TimeZone,
    DateOnly? ClosedOn)
{
    public static readonly SubscriptionState Initial =
        new(null, SubscriptionStatus.None, null, null, null, null, [], [], Offices.Contracts.OfficeCalendar.DefaultTimeZone, null);

    public bool Exists => SubscriptionId is not null;

    /// <summary>Periods still standing (a renewal cancelled for non-payment is dropped).</summary>
    public IEnumerable<SubscriptionPeriod> LivePeriods => Periods.Where(p => !p.Cancelled);

    public SubscriptionPeriod? LastPeriod => LivePeriods.LastOrDefault();

    public DateOnly? EndDate => LastPeriod?.End;

    public SubscriptionUser? User(string accountId) => Users.FirstOrDefault(u => u.AccountId == accountId);
}

internal static class Subscription
{
    public const string NonPaymentReason = "payment-overdue";

    public static string StreamId(string subscriptionId) => StreamIds.For("subscription", subscriptionId);

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(SubscriptionActivated)] = "subscriptions.subscription-activated",
        [typeof(ManagerNamed)] = "subscriptions.manager-named",
        [typeof(UserAdded)] = "subscriptions.user-added",
        [typeof(UserRemoved)] = "subscriptions.user-removed",
        [typeof(PurchaseOrderRecorded)] = "subscriptions.purchase-order-recorded",
        [typeof(PaymentConfirmed)] = "subscriptions.payment-confirmed",
        [typeof(InvoiceAttached)] = "subscriptions.invoice-attached",
        [typeof(SubscriptionCancelled)] = "subscriptions.subscription-cancelled",
        [typeof(RenewalCancelled)] = "subscriptions.renewal-cancelled",
        [typeof(RenewalNoticeIssued)] = "subscriptions.renewal-notice-issued",
        [typeof(SubscriptionRenewed)] = "subscriptions.subscription-renewed",
        [typeof(SubscriptionExpired)] = "subscriptions.subscription-expired",
    };

    public static readonly Decider<SubscriptionCommand, SubscriptionEvent, SubscriptionState> Decider = new(Decide, Evolve, SubscriptionState.Initial)
    {
        Publish = Published,
    };

    /// <summary>The facts other modules may react to, appended with the events that make them true.</summary>
    private static IEnumerable<BuildingBlocks.Facts.IIntegrationEvent> Published(
        SubscriptionCommand command, SubscriptionState before, IReadOnlyList<SubscriptionEvent> events, SubscriptionState after)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case SubscriptionActivated a:
                    yield return new Contracts.Facts.SubscriptionActivated(a.SubscriptionId, a.CustomerId, a.Offer.OfferId, a.Offer.MaxUsers, a.StartDate, a.EndDate, a.ActivatedAt);
                    break;
                case SubscriptionRenewed r:
                    yield return new Contracts.Facts.SubscriptionRenewed(r.SubscriptionId, after.CustomerId!, r.Period, r.StartDate, r.EndDate, r.RenewedOn);
                    break;
                case SubscriptionCancelled c:
                    yield return new Contracts.Facts.SubscriptionCancelled(c.SubscriptionId, after.CustomerId!, c.Reason, c.On);
                    break;
                case RenewalCancelled r:
                    yield return new Contracts.Facts.SubscriptionRenewalCancelled(r.SubscriptionId, after.CustomerId!, r.Period, r.Reason, r.On);
                    break;
                case SubscriptionExpired x:
                    yield return new Contracts.Facts.SubscriptionEnded(x.SubscriptionId, after.CustomerId!, x.EndDate);
                    break;
            }
        }
    }

    internal static IReadOnlyList<SubscriptionEvent> Decide(SubscriptionCommand command, SubscriptionState state) => command switch
    {
        ActivateSubscription c => Activate(c, state),
        _ when !state.Exists => throw new NotFoundException("Subscription not found."),
        AddUser c => Add(c, state),
        RemoveUser c => Remove(c, state),
        ReplaceUser c => Replace(c, state),
        RecordPurchaseOrder c => Settle(state, c.Period, p => new PurchaseOrderRecorded(state.SubscriptionId!, p.Number, c.Reference.Trim(), c.ReceivedOn, c.At)),
        RecordPayment c => Settle(state, c.Period, p => new PaymentConfirmed(state.SubscriptionId!, p.Number, c.InvoiceId, c.At)),
        AttachInvoice c => Attach(c, state),
        CancelForNonPayment c => Cancel(c, state),
        RecordRenewalNotice c => Notice(c, state),
        RenewSubscription c => Renew(c, state),
        ExpireSubscription c => Expire(c, state),
        _ => throw new DomainRuleViolation("subscription.invalid-command", "This change is not possible on the subscription."),
    };

    private static IReadOnlyList<SubscriptionEvent> Activate(ActivateSubscription c, SubscriptionState state)
    {
        if (state.Exists)
        {
            return state.SubscriptionId == c.SubscriptionId
                ? []
                : throw new DomainRuleViolation("subscription.already-exists", "This subscription already exists.", isConflict: true);
        }

        if (c.Offer.MaxUsers is < Offers.Offer.MinUsers or > Offers.Offer.MaxUsersLimit)
        {
            throw new DomainRuleViolation("subscription.invalid-offer", $"An offer allows {Offers.Offer.MinUsers} to {Offers.Offer.MaxUsersLimit} users.");
        }

        if (c.Users.Count == 0)
        {
            throw new DomainRuleViolation("subscription.users-required", "Indiquez au moins un utilisateur.");
        }

        RequireWithinLimit(c.Users.Count, c.Offer.MaxUsers);
        if (c.Users.Select(u => u.AccountId).Distinct().Count() != c.Users.Count)
        {
            throw new DomainRuleViolation("subscription.duplicate-user", "Un même utilisateur est indiqué deux fois.");
        }

        var end = SubscriptionPeriods.EndOf(c.Today);
        var id = c.SubscriptionId;
        return
        [
            new SubscriptionActivated(id, c.CustomerId, c.Organisation, c.Offer, c.Manager.AccountId, c.Today, end,
                c.Today.AddDays(c.Settings.PaymentDeadlineDays), c.Settings.NoticeDays, c.TimeZone, c.At),
            new ManagerNamed(id, c.Manager.AccountId, c.Manager.Name.Trim(), c.Manager.Email.Trim(), c.At),
            .. c.Users.Select(u => new UserAdded(id, u.AccountId, u.Name.Trim(), u.Email.Trim(), u.SubscriberNumber, c.Today, c.At)),
        ];
    }

    private static IReadOnlyList<SubscriptionEvent> Add(AddUser c, SubscriptionState state)
    {
        if (state.User(c.User.AccountId) is not null)
        {
            return [];
        }

        RequireInForce(state, c.Today);
        RequireWithinLimit(state.Users.Count + 1, state.Offer!.MaxUsers);
        return [new UserAdded(state.SubscriptionId!, c.User.AccountId, c.User.Name.Trim(), c.User.Email.Trim(), c.User.SubscriberNumber, c.Today, c.At)];
    }

    private static IReadOnlyList<SubscriptionEvent> Remove(RemoveUser c, SubscriptionState state)
    {
        if (state.User(c.AccountId) is not { } user)
        {
            return [];
        }

        RequireInForce(state, c.Today);
        if (state.Users.Count == 1)
        {
            throw new DomainRuleViolation("subscription.last-user", "L'abonnement doit garder au moins un utilisateur : remplacez-le plutôt.");
        }

        return [new UserRemoved(state.SubscriptionId!, user.AccountId, user.SubscriberNumber, c.Today, c.At)];
    }

    private static IReadOnlyList<SubscriptionEvent> Replace(ReplaceUser c, SubscriptionState state)
    {
        if (state.User(c.OldAccountId) is not { } old)
        {
            // Already replaced (a retry) when the new user is there; otherwise the user to replace does not exist.
            return state.User(c.NewUser.AccountId) is not null ? [] : throw new NotFoundException("Utilisateur introuvable dans cet abonnement.");
        }

        if (state.User(c.NewUser.AccountId) is not null)
        {
            throw new DomainRuleViolation("subscription.duplicate-user", "Cette personne est déjà utilisatrice de l'abonnement.", isConflict: true);
        }

        RequireInForce(state, c.Today);
        return
        [
            new UserRemoved(state.SubscriptionId!, old.AccountId, old.SubscriberNumber, c.Today, c.At),
            new UserAdded(state.SubscriptionId!, c.NewUser.AccountId, c.NewUser.Name.Trim(), c.NewUser.Email.Trim(), c.NewUser.SubscriberNumber, c.Today, c.At),
        ];
    }

    private static IReadOnlyList<SubscriptionEvent> Settle(SubscriptionState state, int period, Func<SubscriptionPeriod, SubscriptionEvent> settled)
    {
        var p = state.Periods.FirstOrDefault(x => x.Number == period) ?? throw new NotFoundException($"Période {period} introuvable.");
        if (p.Settled)
        {
            return [];
        }

        if (p.Cancelled || state.Status == SubscriptionStatus.Cancelled)
        {
            throw new DomainRuleViolation("subscription.cancelled", "Cet abonnement (ou ce renouvellement) a été annulé faute de règlement.", isConflict: true);
        }

        return [settled(p)];
    }

    private static IReadOnlyList<SubscriptionEvent> Attach(AttachInvoice c, SubscriptionState state)
    {
        var p = state.Periods.FirstOrDefault(x => x.Number == c.Period) ?? throw new NotFoundException($"Période {c.Period} introuvable.");
        return p.InvoiceId is not null ? [] : [new InvoiceAttached(state.SubscriptionId!, p.Number, c.InvoiceId, c.InvoiceNumber, c.TotalTtc, c.At)];
    }

    private static IReadOnlyList<SubscriptionEvent> Cancel(CancelForNonPayment c, SubscriptionState state)
    {
        if (state.Status != SubscriptionStatus.Active || state.LastPeriod is not { } p || p.Settled || c.Today <= p.PaymentDueBy)
        {
            return []; // nothing due: settled in time, already cancelled, or the deadline has not passed
        }

        return p.Number == 1
            ? [new SubscriptionCancelled(state.SubscriptionId!, NonPaymentReason, c.Today, c.At)]
            : [new RenewalCancelled(state.SubscriptionId!, p.Number, NonPaymentReason, c.Today, c.At)];
    }

    private static IReadOnlyList<SubscriptionEvent> Notice(RecordRenewalNotice c, SubscriptionState state)
    {
        if (state.Status != SubscriptionStatus.Active || state.LastPeriod is not { } p || p.Number != c.Period
            || c.Step <= p.LastNoticeStep || c.Step > p.NoticeDays.Count || c.Today > p.End)
        {
            return []; // renewed since, already sent (or a later step was), or over
        }

        return [new RenewalNoticeIssued(state.SubscriptionId!, p.Number, c.Step, p.End, c.Today, c.At)];
    }

    private static IReadOnlyList<SubscriptionEvent> Renew(RenewSubscription c, SubscriptionState state)
    {
        if (state.Status != SubscriptionStatus.Active || state.LastPeriod is not { } last || c.Today > last.End)
        {
            throw new DomainRuleViolation("subscription.not-renewable", "Cet abonnement n'est plus en cours : souscrivez un nouvel abonnement.", isConflict: true);
        }

        if (last.Start > c.Today)
        {
            throw new DomainRuleViolation("subscription.already-renewed", $"L'abonnement est déjà renouvelé jusqu'au {last.End:dd/MM/yyyy}.", isConflict: true);
        }

        var (start, end) = SubscriptionPeriods.RenewalAfter(last.End);
        return
        [
            new SubscriptionRenewed(state.SubscriptionId!, state.Periods.Count + 1, start, end, c.Today, c.Today.AddDays(c.Settings.PaymentDeadlineDays),
                c.PriceTtc, c.VatRateBasisPoints, c.Settings.NoticeDays, c.At),
        ];
    }

    private static IReadOnlyList<SubscriptionEvent> Expire(ExpireSubscription c, SubscriptionState state) =>
        state.Status == SubscriptionStatus.Active && state.EndDate is { } end && c.Today > end
            ? [new SubscriptionExpired(state.SubscriptionId!, end, c.At)]
            : [];

    private static void RequireInForce(SubscriptionState state, DateOnly today)
    {
        if (state.Status != SubscriptionStatus.Active || state.EndDate < today)
        {
            throw new DomainRuleViolation("subscription.not-active", "Cet abonnement n'est plus en cours.", isConflict: true);
        }
    }

    private static void RequireWithinLimit(int count, int maxUsers)
    {
        if (count > maxUsers)
        {
            throw new DomainRuleViolation("subscription.user-limit", $"Cet abonnement permet au plus {maxUsers} utilisateurs.", isConflict: true);
        }
    }

    internal static SubscriptionState Evolve(SubscriptionState state, SubscriptionEvent @event) => @event switch
    {
        SubscriptionActivated e => state with
        {
            SubscriptionId = e.SubscriptionId,
            Status = SubscriptionStatus.Active,
            CustomerId = e.CustomerId,
            Organisation = e.Organisation,
            Offer = e.Offer,
            TimeZone = e.TimeZone,
            Periods = [new SubscriptionPeriod(1, e.StartDate, e.EndDate, e.PaymentDueBy, e.Offer.PriceTtc, e.Offer.VatRateBasisPoints, e.NoticeDays, false, false, null, null, 0)],
        },
        ManagerNamed e => state with { Manager = new Person(e.AccountId, e.Name, e.Email) },
        UserAdded e => state with { Users = state.Users.Add(new SubscriptionUser(e.AccountId, e.Name, e.Email, e.SubscriberNumber, e.From)) },
        UserRemoved e => state with { Users = state.Users.RemoveAll(u => u.AccountId == e.AccountId) },
        PurchaseOrderRecorded e => WithPeriod(state, e.Period, p => p with { Settled = true }),
        PaymentConfirmed e => WithPeriod(state, e.Period, p => p with { Settled = true }),
        InvoiceAttached e => WithPeriod(state, e.Period, p => p with { InvoiceId = e.InvoiceId, InvoiceNumber = e.InvoiceNumber }),
        SubscriptionCancelled e => state with { Status = SubscriptionStatus.Cancelled, ClosedOn = e.On },
        RenewalCancelled e => WithPeriod(state, e.Period, p => p with { Cancelled = true }),
        RenewalNoticeIssued e => WithPeriod(state, e.Period, p => p with { LastNoticeStep = Math.Max(p.LastNoticeStep, e.Step) }),
        SubscriptionRenewed e => state with
        {
            Periods = state.Periods.Add(new SubscriptionPeriod(e.Period, e.StartDate, e.EndDate, e.PaymentDueBy, e.PriceTtc, e.VatRateBasisPoints, e.NoticeDays, false, false, null, null, 0)),
        },
        SubscriptionExpired e => state with { Status = SubscriptionStatus.Expired, ClosedOn = e.EndDate.AddDays(1) },
        _ => state,
    };

    private static SubscriptionState WithPeriod(SubscriptionState state, int number, Func<SubscriptionPeriod, SubscriptionPeriod> change) =>
        state with { Periods = state.Periods.Select(p => p.Number == number ? change(p) : p).ToImmutableList() };
}
