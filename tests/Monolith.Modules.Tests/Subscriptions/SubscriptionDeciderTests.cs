using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Subscriptions.Jobs;
using Monolith.Modules.Subscriptions.Numbering;
using Monolith.Modules.Subscriptions.Offers;
using Monolith.Modules.Subscriptions.Subscriptions;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Subscriptions;

public class SubscriptionDeciderTests
{
    private const string Id = "s1";
    private static readonly DateTimeOffset At = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day0 = new(2026, 3, 10);
    private static readonly Organisation Org = new("Ville de Caen", "1 place de l'Hôtel de ville", "14000", "Caen", "France", null, null);
    private static readonly OfferTerms Tier3 = new("o3", "Cap Plus 3", 3, 60000, 2000);
    private static readonly PeriodSettings Settings = new(15, [30, 21, 14, 7]);

    private static readonly SubscriptionActivated Activated = new(
        Id, "org-1", Org, Tier3, "mgr", Day0, new DateOnly(2027, 3, 9), new DateOnly(2026, 3, 25), [30, 21, 14, 7], "Europe/Paris", At);

    private static readonly ManagerNamed Manager = new(Id, "mgr", "Marie Gestion", "marie@caen.fr", At);
    private static readonly UserAdded Anne = new(Id, "u1", "Anne", "anne@caen.fr", "AB-2026-00001", Day0, At);
    private static readonly UserAdded Bruno = new(Id, "u2", "Bruno", "bruno@caen.fr", "AB-2026-00002", Day0, At);
    private static readonly UserAdded Chloe = new(Id, "u3", "Chloé", "chloe@caen.fr", "AB-2026-00003", Day0, At);

    private static SubscriptionEvent[] Active(params UserAdded[] users) => [Activated, Manager, .. users];

    private static ActivateSubscription Activate(params NewUser[] users) =>
        new(Id, "org-1", Org, Tier3, new Person("mgr", " Marie Gestion ", "marie@caen.fr"), users, Day0, Settings, "Europe/Paris", At);

    private static NewUser User(string id, string number) => new(id, $"User {id}", $"{id}@caen.fr", number);

    // ---- Calendar --------------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("2026-03-10", "2027-03-09")]
    [InlineData("2026-01-01", "2026-12-31")]
    [InlineData("2027-03-01", "2028-02-29")] // the year ends on a leap day
    [InlineData("2028-02-29", "2029-02-28")] // a 29 February start ends on 28 February
    [InlineData("2027-02-28", "2028-02-27")]
    public void A_year_ends_on_start_plus_one_year_minus_one_day(string start, string end) =>
        SubscriptionPeriods.EndOf(DateOnly.Parse(start)).Should().Be(DateOnly.Parse(end));

    [Fact]
    public void Renewals_across_leap_years_lose_no_day()
    {
        var first = SubscriptionPeriods.RenewalAfter(new DateOnly(2028, 2, 28));
        first.Should().Be((new DateOnly(2028, 2, 29), new DateOnly(2029, 2, 28)));
        var second = SubscriptionPeriods.RenewalAfter(first.End);
        second.Should().Be((new DateOnly(2029, 3, 1), new DateOnly(2030, 2, 28)));
    }

    [Fact]
    public void The_local_date_is_the_office_calendar_date() =>
        Monolith.Modules.Offices.Contracts.OfficeCalendar.DateOf(new DateTimeOffset(2026, 3, 9, 23, 30, 0, TimeSpan.Zero), "Europe/Paris").Should().Be(new DateOnly(2026, 3, 10));

    // ---- Activation ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Activation_starts_a_year_at_once_with_its_payment_deadline_manager_and_users() =>
        DeciderSpec.For(Subscription.Decider)
            .When(Activate(User("u1", "AB-2026-00001"), User("u2", "AB-2026-00002")))
            .Then(
                Activated,
                Manager,
                new UserAdded(Id, "u1", "User u1", "u1@caen.fr", "AB-2026-00001", Day0, At),
                new UserAdded(Id, "u2", "User u2", "u2@caen.fr", "AB-2026-00002", Day0, At));

    [Fact]
    public void Activation_above_the_tier_limit_is_refused() =>
        DeciderSpec.For(Subscription.Decider)
            .When(Activate(User("u1", "1"), User("u2", "2"), User("u3", "3"), User("u4", "4")))
            .ThenThrows<DomainRuleViolation>("subscription.user-limit");

    [Fact]
    public void Activation_needs_a_user() =>
        DeciderSpec.For(Subscription.Decider).When(Activate()).ThenThrows<DomainRuleViolation>("subscription.users-required");

    [Fact]
    public void Activation_refuses_the_same_user_twice() =>
        DeciderSpec.For(Subscription.Decider).When(Activate(User("u1", "1"), User("u1", "2"))).ThenThrows<DomainRuleViolation>("subscription.duplicate-user");

    [Fact]
    public void Activating_again_is_already_done() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne)).When(Activate(User("u1", "AB-2026-00001"))).Then();

    // ---- Users -----------------------------------------------------------------------------------------------------------------

    [Fact]
    public void The_manager_adds_a_user_within_the_limit() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne, Bruno))
            .When(new AddUser(User("u3", "AB-2026-00003"), Day0.AddDays(40), At))
            .Then(new UserAdded(Id, "u3", "User u3", "u3@caen.fr", "AB-2026-00003", Day0.AddDays(40), At));

    [Fact]
    public void Never_above_the_tier_limit() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne, Bruno, Chloe))
            .When(new AddUser(User("u4", "AB-2026-00004"), Day0.AddDays(40), At))
            .ThenThrows<DomainRuleViolation>("subscription.user-limit");

    [Fact]
    public void A_removed_place_can_be_given_again() =>
        DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne, Bruno, Chloe), new UserRemoved(Id, "u2", "AB-2026-00002", Day0.AddDays(5), At)])
            .When(new AddUser(User("u4", "AB-2026-00004"), Day0.AddDays(40), At))
            .Then(new UserAdded(Id, "u4", "User u4", "u4@caen.fr", "AB-2026-00004", Day0.AddDays(40), At));

    [Fact]
    public void Adding_a_registered_user_again_is_already_done() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne)).When(new AddUser(new NewUser("u1", "Anne", "anne@caen.fr", "X"), Day0, At)).Then();

    [Fact]
    public void Removing_a_user_stops_their_number() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne, Bruno))
            .When(new RemoveUser("u2", Day0.AddDays(3), At))
            .Then(new UserRemoved(Id, "u2", "AB-2026-00002", Day0.AddDays(3), At));

    [Fact]
    public void Removing_twice_is_already_done() =>
        DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne, Bruno), new UserRemoved(Id, "u2", "AB-2026-00002", Day0, At)])
            .When(new RemoveUser("u2", Day0, At)).Then();

    [Fact]
    public void The_last_user_cannot_be_removed_only_replaced() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne)).When(new RemoveUser("u1", Day0, At)).ThenThrows<DomainRuleViolation>("subscription.last-user");

    [Fact]
    public void Replacing_a_user_at_the_limit_keeps_the_count() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne, Bruno, Chloe))
            .When(new ReplaceUser("u2", User("u9", "AB-2026-00009"), Day0.AddDays(100), At))
            .Then(
                new UserRemoved(Id, "u2", "AB-2026-00002", Day0.AddDays(100), At),
                new UserAdded(Id, "u9", "User u9", "u9@caen.fr", "AB-2026-00009", Day0.AddDays(100), At));

    [Fact]
    public void Replacing_an_unknown_user_is_not_found() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne)).When(new ReplaceUser("nobody", User("u9", "9"), Day0, At)).ThenThrows<NotFoundException>();

    [Fact]
    public void Users_cannot_change_after_the_end() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne))
            .When(new AddUser(User("u2", "2"), new DateOnly(2027, 3, 10), At))
            .ThenThrows<DomainRuleViolation>("subscription.not-active");

    // ---- Payment deadline ------------------------------------------------------------------------------------------------------

    [Fact]
    public void Nothing_is_cancelled_up_to_the_deadline_day_included() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne)).When(new CancelForNonPayment(new DateOnly(2026, 3, 25), At)).Then();

    [Fact]
    public void Unpaid_after_the_deadline_the_subscription_is_cancelled() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne))
            .When(new CancelForNonPayment(new DateOnly(2026, 3, 26), At))
            .Then(new SubscriptionCancelled(Id, Subscription.NonPaymentReason, new DateOnly(2026, 3, 26), At));

    [Fact]
    public void Cancelling_twice_is_already_done() =>
        DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne), new SubscriptionCancelled(Id, "payment-overdue", new DateOnly(2026, 3, 26), At)])
            .When(new CancelForNonPayment(new DateOnly(2026, 3, 27), At)).Then();

    [Fact]
    public void A_purchase_order_stops_the_cancellation()
    {
        var spec = DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne), new PurchaseOrderRecorded(Id, 1, "BC-2026-17", Day0.AddDays(3), At)]);
        spec.When(new CancelForNonPayment(new DateOnly(2026, 4, 30), At)).Then();
        spec.When(new RecordPurchaseOrder(1, "BC-again", Day0, At)).Then();
    }

    [Fact]
    public void Recording_a_purchase_order_settles_the_period() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne))
            .When(new RecordPurchaseOrder(1, " BC-2026-17 ", Day0.AddDays(3), At))
            .Then(new PurchaseOrderRecorded(Id, 1, "BC-2026-17", Day0.AddDays(3), At));

    [Fact]
    public void A_payment_recorded_in_billing_stops_the_cancellation()
    {
        var spec = DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne), new PaymentConfirmed(Id, 1, "inv-1", At)]);
        spec.When(new CancelForNonPayment(new DateOnly(2026, 4, 30), At)).Then();
        spec.When(new RecordPayment(1, "inv-1", At)).Then();
    }

    [Fact]
    public void A_purchase_order_after_cancellation_is_refused() =>
        DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne), new SubscriptionCancelled(Id, "payment-overdue", new DateOnly(2026, 3, 26), At)])
            .When(new RecordPurchaseOrder(1, "BC", Day0, At)).ThenThrows<DomainRuleViolation>("subscription.cancelled");

    [Fact]
    public void An_unpaid_renewal_is_cancelled_and_the_current_year_stays()
    {
        var renewed = new SubscriptionRenewed(Id, 2, new DateOnly(2027, 3, 10), new DateOnly(2028, 3, 9), new DateOnly(2027, 2, 20), new DateOnly(2027, 3, 7),
            60000, 2000, [30, 21, 14, 7], At);
        var spec = DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne), new PaymentConfirmed(Id, 1, "inv-1", At), renewed]);
        spec.When(new CancelForNonPayment(new DateOnly(2027, 3, 7), At)).Then();
        var cancelled = spec.When(new CancelForNonPayment(new DateOnly(2027, 3, 8), At))
            .Then(new RenewalCancelled(Id, 2, Subscription.NonPaymentReason, new DateOnly(2027, 3, 8), At));
        spec.Given([.. cancelled]).State.EndDate.Should().Be(new DateOnly(2027, 3, 9));
    }

    [Fact]
    public void Attaching_the_invoice_twice_is_already_done()
    {
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne)).When(new AttachInvoice(1, "inv-1", "2026/00001", 60000, At))
            .Then(new InvoiceAttached(Id, 1, "inv-1", "2026/00001", 60000, At));
        DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne), new InvoiceAttached(Id, 1, "inv-1", "2026/00001", 60000, At)])
            .When(new AttachInvoice(1, "inv-2", "2026/00002", 60000, At)).Then();
    }

    // ---- Renewal notices -------------------------------------------------------------------------------------------------------

    [Fact]
    public void Each_renewal_notice_happens_once()
    {
        var end = new DateOnly(2027, 3, 9);
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne))
            .When(new RecordRenewalNotice(1, 1, end.AddDays(-30), At))
            .Then(new RenewalNoticeIssued(Id, 1, 1, end, end.AddDays(-30), At));
        var sent = DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne), new RenewalNoticeIssued(Id, 1, 2, end, end.AddDays(-21), At)]);
        sent.When(new RecordRenewalNotice(1, 2, end.AddDays(-21), At)).Then();
        sent.When(new RecordRenewalNotice(1, 1, end.AddDays(-21), At)).Then();
        sent.When(new RecordRenewalNotice(1, 5, end.AddDays(-1), At)).Then(); // there are at most three relaunches
    }

    [Fact]
    public void No_notice_for_a_period_that_was_renewed()
    {
        var renewed = new SubscriptionRenewed(Id, 2, new DateOnly(2027, 3, 10), new DateOnly(2028, 3, 9), new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 16),
            60000, 2000, [30, 21, 14, 7], At);
        DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne), renewed])
            .When(new RecordRenewalNotice(1, 2, new DateOnly(2027, 2, 16), At)).Then();
    }

    [Theory]
    [InlineData("2027-02-06", 0, null)]
    [InlineData("2027-02-07", 0, 1)] // J-30
    [InlineData("2027-02-07", 1, null)]
    [InlineData("2027-02-16", 1, 2)] // J-21
    [InlineData("2027-02-23", 2, 3)] // J-14
    [InlineData("2027-03-02", 3, 4)] // J-7
    [InlineData("2027-03-09", 4, null)]
    [InlineData("2027-03-02", 1, 4)] // the job did not run for days: only the latest due step
    [InlineData("2027-03-10", 1, null)] // over
    public void The_due_notice_step(string today, int lastStep, int? expected) =>
        RenewalNoticeJob.DueStep(new DateOnly(2027, 3, 9), [30, 21, 14, 7], lastStep, DateOnly.Parse(today)).Should().Be(expected);

    // ---- Renewal and expiry ----------------------------------------------------------------------------------------------------

    [Fact]
    public void Renewing_early_starts_the_new_year_the_day_after_the_end() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne))
            .When(new RenewSubscription(65000, 2000, new DateOnly(2027, 2, 10), Settings, At))
            .Then(new SubscriptionRenewed(Id, 2, new DateOnly(2027, 3, 10), new DateOnly(2028, 3, 9), new DateOnly(2027, 2, 10), new DateOnly(2027, 2, 25),
                65000, 2000, [30, 21, 14, 7], At));

    [Fact]
    public void A_renewal_over_a_leap_day_keeps_every_day()
    {
        var activated = Activated with { StartDate = new DateOnly(2027, 3, 1), EndDate = new DateOnly(2028, 2, 29), PaymentDueBy = new DateOnly(2027, 3, 16) };
        DeciderSpec.For(Subscription.Decider).Given(activated, Manager, Anne)
            .When(new RenewSubscription(60000, 2000, new DateOnly(2028, 1, 15), Settings, At))
            .Then(new SubscriptionRenewed(Id, 2, new DateOnly(2028, 3, 1), new DateOnly(2029, 2, 28), new DateOnly(2028, 1, 15), new DateOnly(2028, 1, 30),
                60000, 2000, [30, 21, 14, 7], At));

        var endingFeb28 = Activated with { StartDate = new DateOnly(2027, 2, 28), EndDate = new DateOnly(2028, 2, 28), PaymentDueBy = new DateOnly(2027, 3, 15) };
        DeciderSpec.For(Subscription.Decider).Given(endingFeb28, Manager, Anne)
            .When(new RenewSubscription(60000, 2000, new DateOnly(2028, 2, 1), Settings, At))
            .Then(new SubscriptionRenewed(Id, 2, new DateOnly(2028, 2, 29), new DateOnly(2029, 2, 28), new DateOnly(2028, 2, 1), new DateOnly(2028, 2, 16),
                60000, 2000, [30, 21, 14, 7], At));
    }

    [Fact]
    public void Renewing_twice_ahead_is_refused() =>
        DeciderSpec.For(Subscription.Decider)
            .Given([.. Active(Anne), new SubscriptionRenewed(Id, 2, new DateOnly(2027, 3, 10), new DateOnly(2028, 3, 9), new DateOnly(2027, 2, 10), new DateOnly(2027, 2, 25), 60000, 2000, [30], At)])
            .When(new RenewSubscription(60000, 2000, new DateOnly(2027, 2, 11), Settings, At))
            .ThenThrows<DomainRuleViolation>("subscription.already-renewed");

    [Fact]
    public void Renewing_is_possible_on_the_last_day_not_after() =>
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne))
            .When(new RenewSubscription(60000, 2000, new DateOnly(2027, 3, 10), Settings, At))
            .ThenThrows<DomainRuleViolation>("subscription.not-renewable");

    [Fact]
    public void A_cancelled_subscription_cannot_be_renewed() =>
        DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne), new SubscriptionCancelled(Id, "payment-overdue", new DateOnly(2026, 3, 26), At)])
            .When(new RenewSubscription(60000, 2000, new DateOnly(2026, 4, 1), Settings, At))
            .ThenThrows<DomainRuleViolation>("subscription.not-renewable");

    [Fact]
    public void The_subscription_ends_after_its_twelve_months_once()
    {
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne)).When(new ExpireSubscription(new DateOnly(2027, 3, 9), At)).Then();
        DeciderSpec.For(Subscription.Decider).Given(Active(Anne)).When(new ExpireSubscription(new DateOnly(2027, 3, 10), At))
            .Then(new SubscriptionExpired(Id, new DateOnly(2027, 3, 9), At));
        DeciderSpec.For(Subscription.Decider).Given([.. Active(Anne), new SubscriptionExpired(Id, new DateOnly(2027, 3, 9), At)])
            .When(new ExpireSubscription(new DateOnly(2027, 3, 11), At)).Then();
    }

    [Fact]
    public void Commands_on_a_missing_subscription_are_not_found() =>
        DeciderSpec.For(Subscription.Decider).When(new RemoveUser("u1", Day0, At)).ThenThrows<NotFoundException>();

    // ---- Offers, numbers, settings ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(2)]
    [InlineData(11)]
    public void An_offer_allows_three_to_ten_users(int maxUsers) =>
        DeciderSpec.For(Offer.Decider).When(new DefineOffer("o1", "Tier", maxUsers, 50000, 2000, At)).ThenThrows<DomainRuleViolation>("offer.max-users");

    [Fact]
    public void Offers_are_defined_changed_and_withdrawn_once()
    {
        var defined = new OfferDefined("o1", "Cap Plus 10", 10, 150000, 2000, At);
        DeciderSpec.For(Offer.Decider).When(new DefineOffer("o1", " Cap Plus 10 ", 10, 150000, 2000, At)).Then(defined);
        DeciderSpec.For(Offer.Decider).Given(defined).When(new ChangeOffer("Cap Plus 10", 10, 160000, 2000, At))
            .Then(new OfferChanged("o1", "Cap Plus 10", 10, 160000, 2000, At));
        DeciderSpec.For(Offer.Decider).Given(defined, new OfferWithdrawn("o1", At)).When(new WithdrawOffer(At)).Then();
    }

    [Fact]
    public void Subscriber_numbers_are_continuous_and_stable_per_key()
    {
        var first = DeciderSpec.For(SubscriberNumbering.Decider).When(new AllocateNumbers(["s1/a", "s1/b"], "AB", 2026, At))
            .Then(new SubscriberNumberAllocated("s1/a", 1, "AB-2026-00001", At), new SubscriberNumberAllocated("s1/b", 2, "AB-2026-00002", At));
        var spec = DeciderSpec.For(SubscriberNumbering.Decider).Given([.. first]);
        spec.When(new AllocateNumbers(["s1/a"], "AB", 2027, At)).Then();
        spec.When(new AllocateNumbers(["s2/c", "s1/b"], "AB", 2027, At)).Then(new SubscriberNumberAllocated("s2/c", 3, "AB-2027-00003", At));
    }

    [Fact]
    public void Settings_default_to_the_seed_and_read_the_terms_of_sale()
    {
        SubscriptionSettings.From(null).NoticeDays.Should().Equal(30, 21, 14, 7);
        SubscriptionSettings.From(null).PaymentDeadlineDays.Should().Be(15);
        var custom = SubscriptionSettings.From(new Dictionary<string, string>
        {
            [SubscriptionSettings.PaymentDeadlineKey] = "30",
            [SubscriptionSettings.ReminderKey] = "45",
            [SubscriptionSettings.RelaunchKey] = "30, 10",
            [SubscriptionSettings.PrefixKey] = "cp",
        });
        custom.PaymentDeadlineDays.Should().Be(30);
        custom.NoticeDays.Should().Equal(45, 30, 10);
        custom.NumberPrefix.Should().Be("CP");
        SubscriptionSettings.From(new Dictionary<string, string> { [SubscriptionSettings.RelaunchKey] = "21,14,7,3" }).RelaunchDays
            .Should().Equal([21, 14, 7], "more than three relaunches is not allowed: the default applies");
    }
}
