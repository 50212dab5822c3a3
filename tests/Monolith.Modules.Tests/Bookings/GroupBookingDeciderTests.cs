using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Bookings;

public class GroupBookingDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Start = new(2026, 7, 15);
    private static readonly BookingCustomer Customer = new("cust-1", true, "Collège de Zonza", "Route de Levie", "20124", "Zonza", "France", "college@zonza.test");
    private static readonly ServiceLine Visit = new("Visite guidée", Start, "2 h", 1000, 2000, true, 0, false, false, null, null, null, false);

    private static QuoteIssued Quoted(BookingTerms? terms = null, DateOnly? end = null) =>
        (QuoteIssued)GroupBooking.Decide(new IssueQuote("b1", Customer, "Sortie", Start, end ?? Start, false, new Party(20, 0, false), [Visit], new DateOnly(2026, 5, 4),
            new DateOnly(2026, 5, 20), terms ?? TermsPresets.Zonza with { Version = 2 }, null, At), GroupBookingState.Initial)[0];

    private static QuoteSigned Signed(BookingTerms? terms = null, DateOnly? end = null)
    {
        var q = Quoted(terms, end);
        return (QuoteSigned)GroupBooking.Decide(new SignQuote("Mme Santoni", new DateOnly(2026, 5, 10), At), GroupBooking.Decider.Fold([q]))[0];
    }

    private static DeciderSpec<GroupBookingCommand, GroupBookingEvent, GroupBookingState> Given(params GroupBookingEvent[] events) =>
        DeciderSpec.For(GroupBooking.Decider).Given(events);

    [Fact]
    public void A_quote_carries_the_terms_version_it_was_issued_under()
    {
        var q = Quoted();
        q.Terms.Version.Should().Be(2);
        q.Total.Should().Be(20 * 1000 + 500, "20 people (no free place below 21), one service: 5 € file fees");
    }

    [Fact]
    public void Signing_on_the_last_valid_day_makes_the_contract_with_the_deposit()
    {
        var q = Quoted();
        var events = Given(q).When(new SignQuote("Mme Santoni", q.ValidUntil, At)).State;
        events.Status.Should().Be(GroupBookingStatus.Signed);
        events.Deposit.Should().Be(5000 + 500, "25 % of 200 € + the file fees");
    }

    [Fact]
    public void Signing_the_day_after_validity_is_refused() =>
        Given(Quoted()).When(new SignQuote("Mme Santoni", new DateOnly(2026, 5, 21), At)).ThenThrows<DomainRuleViolation>("quote.expired");

    [Fact]
    public void The_quote_reminder_is_sent_once_in_the_last_days_of_validity()
    {
        Given(Quoted()).When(new SendQuoteReminder(new DateOnly(2026, 5, 12), At)).Then(); // 8 days before: not yet
        Given(Quoted()).When(new SendQuoteReminder(new DateOnly(2026, 5, 13), At)).Then(new QuoteReminderSent("b1", new DateOnly(2026, 5, 13), At));
        Given(Quoted(), new QuoteReminderSent("b1", new DateOnly(2026, 5, 13), At)).When(new SendQuoteReminder(new DateOnly(2026, 5, 14), At)).Then();
    }

    [Fact]
    public void A_final_count_on_the_deadline_sets_who_is_charged()
    {
        var deadline = Start.AddDays(-7);
        Given(Quoted(), Signed()).When(new RecordParticipantCount(CountKind.Final, new Party(15, 0, false), deadline, At))
            .Then(new ParticipantCountRecorded("b1", CountKind.Final, new Party(15, 0, false), new Party(15, 0, false), false, deadline, At));
    }

    [Fact]
    public void A_final_count_the_day_after_the_deadline_is_late_and_people_removed_stay_charged()
    {
        var late = Start.AddDays(-6);
        Given(Quoted(), Signed()).When(new RecordParticipantCount(CountKind.Final, new Party(15, 0, false), late, At))
            .Then(new ParticipantCountRecorded("b1", CountKind.Final, new Party(15, 0, false), new Party(20, 0, false), true, late, At));
    }

    [Fact]
    public void Additions_after_the_deadline_are_charged()
    {
        var late = Start.AddDays(-2);
        var state = Given(Quoted(), Signed()).When(new RecordParticipantCount(CountKind.Final, new Party(24, 0, false), late, At)).State;
        state.Charged.Should().Be(new Party(24, 0, false));
        state.Price.ServicesTotal.Should().Be(23 * 1000, "24 people: 23 paying + 1 free");
    }

    [Theory]
    [InlineData(1640, false, "schedule")] // total 205,00 € (200 € + 5 € file fees): +8 % exactly = 16,40 €
    [InlineData(1641, true, "price-revision-above-threshold")] // just above
    public void Price_revision_above_eight_percent_opens_a_free_cancellation(long amount, bool free, string rule)
    {
        var revised = Given(Quoted(), Signed()).When(new RevisePrice(amount, 2000, "Hausse du carburant", Start.AddDays(-20), At)).Then(
            new PriceRevised("b1", 20500, 20500 + amount, amount, 2000, "Hausse du carburant", Start.AddDays(-20), free, At));
        var state = GroupBooking.Decider.Fold([Quoted(), Signed(), .. revised]);
        var cancelled = (CancelledByCustomer)GroupBooking.Decide(new CancelByCustomer(Start.AddDays(-10), false, false, null, At), state)[0];
        cancelled.Charge.Rule.Should().Be(rule);
    }

    [Fact]
    public void A_price_increase_notified_less_than_twenty_days_before_is_refused() =>
        Given(Quoted(), Signed()).When(new RevisePrice(500, 2000, "Taxe", Start.AddDays(-19), At)).ThenThrows<DomainRuleViolation>("price-revision.too-late");

    [Theory]
    [InlineData(7, true)]
    [InlineData(6, false)]
    public void Transfer_at_the_deadline_and_a_day_late(int daysBefore, bool allowed)
    {
        var spec = Given(Quoted(), Signed()).When(new TransferBooking(Customer with { CustomerId = "cust-2", Name = "Lycée de Porto-Vecchio" }, Start.AddDays(-daysBefore), 0, At));
        if (allowed)
        {
            spec.State.Customer!.CustomerId.Should().Be("cust-2");
        }
        else
        {
            spec.ThenThrows<DomainRuleViolation>("transfer.too-late");
        }
    }

    [Theory]
    [InlineData(0, 2, true)] // a day trip: 48 hours
    [InlineData(0, 1, false)]
    [InlineData(3, 7, true)] // 4 days: 7 days
    [InlineData(3, 6, false)]
    [InlineData(7, 20, true)] // 8 days: 20 days
    [InlineData(7, 19, false)]
    public void Office_cancellation_for_too_few_participants_within_the_legal_notice(int extraDays, int daysBefore, bool allowed)
    {
        var spec = Given(Quoted(end: Start.AddDays(extraDays)), Signed(end: Start.AddDays(extraDays)))
            .When(new CancelByOffice(OfficeCancellationReason.TooFewParticipants, Start.AddDays(-daysBefore), 0, null, At));
        if (allowed)
        {
            spec.State.Status.Should().Be(GroupBookingStatus.Cancelled);
        }
        else
        {
            spec.ThenThrows<DomainRuleViolation>("office-cancellation.notice");
        }
    }

    [Fact]
    public void Force_majeure_refunds_what_was_paid_for_services_not_yet_performed()
    {
        var signed = Signed();
        var events = Given(Quoted(), signed, new DepositReceived("b1", signed.Deposit, new DateOnly(2026, 5, 11), At))
            .When(new CancelByOffice(OfficeCancellationReason.ForceMajeure, Start, 2000, "Plan Vigipirate", At)).Then(
                new CancelledByOffice("b1", OfficeCancellationReason.ForceMajeure, Start, signed.Deposit, signed.Deposit - 2000, "Plan Vigipirate", At, 2000, null, []));
        events.Should().ContainSingle();
    }

    private static readonly ServiceLine Meal = Visit with { Label = "Déjeuner", UnitPriceTtc = 2000, VatRateBasisPoints = 1000 };

    private static GroupBookingEvent[] AmendmentPending(out QuoteSigned signed)
    {
        signed = Signed();
        return [Quoted(), signed, new DepositReceived("b1", signed.Deposit, new DateOnly(2026, 5, 11), At),
            new AmendmentProposed("b1", 1, "Le déjeuner remplace la visite", [Meal], Start.AddDays(-10), At)];
    }

    [Fact]
    public void A_refused_amendment_cancels_with_a_full_refund()
    {
        var given = AmendmentPending(out var signed);
        Given(given).When(new RefuseAmendment(Start.AddDays(-9), At)).Then(
            new CancelledByOffice("b1", OfficeCancellationReason.AmendmentRefused, Start.AddDays(-9), signed.Deposit, signed.Deposit,
                "Avenant n° 1 refusé : résiliation sans pénalité", At));
    }

    [Fact]
    public void An_accepted_amendment_replaces_the_services() =>
        Given(AmendmentPending(out _)).When(new AcceptAmendment(Start.AddDays(-9), At)).State.Services.Should().Equal(Meal);

    [Fact]
    public void Exceptional_circumstances_are_recorded_with_their_reason_and_refund_everything()
    {
        var signed = Signed();
        var state = GroupBooking.Decider.Fold([Quoted(), signed, new DepositReceived("b1", signed.Deposit, new DateOnly(2026, 5, 11), At)]);
        var cancelled = (CancelledByCustomer)GroupBooking.Decide(new CancelByCustomer(Start.AddDays(-1), false, true, "Incendie à proximité du site", At), state)[0];
        cancelled.Reason.Should().Be("Incendie à proximité du site");
        cancelled.Charge.Refund.Should().Be(signed.Deposit);
    }

    [Fact]
    public void Vouchers_wait_for_the_balance() =>
        Given(Quoted(), Signed()).When(new MarkVouchersSent(Start, At)).Then();

    [Fact]
    public void The_deposit_received_publishes_the_booking_confirmed_once()
    {
        var signed = Signed();
        var before = GroupBooking.Decider.Fold([Quoted(), signed]);
        var command = new RecordDepositReceived(new DateOnly(2026, 5, 11), At);
        var events = GroupBooking.Decide(command, before);
        var after = events.Aggregate(before, GroupBooking.Evolve);
        GroupBooking.Decider.Publish!(command, before, events, after).Should().BeEquivalentTo(
            [new Monolith.Modules.Bookings.Contracts.GroupBookingConfirmed("b1", "DEV-B1", "cust-1", Start, Start, 20500, new DateOnly(2026, 5, 11))]);
        GroupBooking.Decide(command, after).Should().BeEmpty("a second payment notice changes nothing and publishes nothing");
    }

    [Theory]
    [InlineData(0, true)] // the day of the disputed service
    [InlineData(2, true)] // its 3rd day: the last in time
    [InlineData(3, false)] // the day after
    public void Pays_Fertois_claims_within_three_days_from_the_disputed_service(int daysAfter, bool inTime)
    {
        var end = Start.AddDays(2);
        var given = Given(Quoted(TermsPresets.PaysFertois, end), Signed(TermsPresets.PaysFertois, end));
        var disputed = Start.AddDays(1);
        var when = given.When(new RecordClaim(disputed.AddDays(daysAfter), disputed, "Guide absent", At));
        if (inTime)
        {
            when.Then(new ClaimRecorded("b1", 1, disputed.AddDays(daysAfter), disputed, "Guide absent", disputed.AddDays(2), At));
        }
        else
        {
            when.ThenThrows<DomainRuleViolation>("claim.too-late");
        }
    }

    [Fact]
    public void Pays_Fertois_claims_name_the_disputed_service_date() =>
        Given(Quoted(TermsPresets.PaysFertois), Signed(TermsPresets.PaysFertois)).When(new RecordClaim(Start, null, "Repas froid", At))
            .ThenThrows<DomainRuleViolation>("claim.service-date");

    [Theory]
    [InlineData(7, true)] // the 7th day after the end
    [InlineData(8, false)]
    public void Zonza_claims_within_seven_days_after_the_end(int daysAfterEnd, bool inTime)
    {
        var end = Start.AddDays(3);
        var when = Given(Quoted(end: end), Signed(end: end)).When(new RecordClaim(end.AddDays(daysAfterEnd), null, "Chambre non conforme", At));
        if (inTime)
        {
            when.Then(new ClaimRecorded("b1", 1, end.AddDays(daysAfterEnd), null, "Chambre non conforme", end.AddDays(7), At));
        }
        else
        {
            when.ThenThrows<DomainRuleViolation>("claim.too-late");
        }
    }
}
