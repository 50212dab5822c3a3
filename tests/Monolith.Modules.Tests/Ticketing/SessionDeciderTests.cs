using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Ticketing.Sessions;
using Monolith.Testing;
using static Monolith.Modules.Tests.Ticketing.TicketingFixtures;

namespace Monolith.Modules.Tests.Ticketing;

public sealed class SessionDeciderTests
{
    [Fact]
    public void Holding_the_last_seats_of_a_category_holds_them() =>
        DeciderSpec.For(Session.Decider).Given(Free(10), Held("h1", 8, "k-bob"))
            .When(Hold("h2", 2))
            .Then(Held("h2", 2));

    [Fact]
    public void Holding_one_seat_more_than_is_left_is_refused_as_a_conflict_saying_what_is_left()
    {
        var refused = DeciderSpec.For(Session.Decider).Given(Free(10), Held("h1", 8, "k-bob"))
            .When(Hold("h2", 3))
            .ThenThrows<DomainRuleViolation>("session.sold-out");
        refused.IsConflict.Should().BeTrue();
        refused.Message.Should().Contain("Il ne reste que 2 place(s)");
    }

    [Fact]
    public void A_sold_out_session_says_complet() =>
        DeciderSpec.For(Session.Decider).Given(Free(2), Held("h1", 2, "k-bob"))
            .When(Hold("h2", 1))
            .ThenThrows<DomainRuleViolation>("session.sold-out").Message.Should().StartWith("Complet");

    [Fact]
    public void A_hold_whose_time_is_up_frees_its_seats_for_the_next_buyer_lazily() =>
        DeciderSpec.For(Session.Decider).Given(Free(2), Held("h1", 2, "k-bob"))
            .When(Hold("h2", 2, at: Now.AddMinutes(16)))
            .Then(new HoldExpired("h1", Now.AddMinutes(16)), Held("h2", 2, at: Now.AddMinutes(16)));

    [Fact]
    public void The_same_hold_sent_twice_holds_once() =>
        DeciderSpec.For(Session.Decider).Given(Free(10), Held("h1", 2))
            .When(Hold("h1", 2))
            .Then();

    [Fact]
    public void Fifteen_seats_for_one_person_at_the_default_limit_are_held() =>
        DeciderSpec.For(Session.Decider).Given(Free(100))
            .When(Hold("h1", 15))
            .Then(Held("h1", 15));

    [Fact]
    public void Sixteen_seats_for_one_person_are_refused() =>
        DeciderSpec.For(Session.Decider).Given(Free(100))
            .When(Hold("h1", 16))
            .ThenThrows<DomainRuleViolation>("limit.per-person");

    [Fact]
    public void A_second_hold_of_the_same_person_counts_the_first_one_up_to_the_limit() =>
        DeciderSpec.For(Session.Decider).Given(Free(100), Held("h1", 10))
            .When(Hold("h2", 5))
            .Then(Held("h2", 5));

    [Fact]
    public void A_second_hold_of_the_same_person_one_seat_over_the_limit_is_refused() =>
        DeciderSpec.For(Session.Decider).Given(Free(100), Held("h1", 10))
            .When(Hold("h2", 6))
            .ThenThrows<DomainRuleViolation>("limit.per-person").Message.Should().Contain("vous en avez déjà 10");

    [Fact]
    public void Seats_the_person_bought_in_other_sessions_of_the_show_count_against_the_limit() =>
        DeciderSpec.For(Session.Decider).Given(Free(100))
            .When(Hold("h1", 6, prior: 10))
            .ThenThrows<DomainRuleViolation>("limit.per-person");

    [Fact]
    public void Seats_bought_in_other_sessions_leave_room_up_to_the_limit_exactly() =>
        DeciderSpec.For(Session.Decider).Given(Free(100))
            .When(Hold("h1", 5, prior: 10))
            .Then(Held("h1", 5));

    [Fact]
    public void An_expired_hold_no_longer_counts_against_the_person() =>
        DeciderSpec.For(Session.Decider).Given(Free(100), Held("h1", 15))
            .When(Hold("h2", 15, at: Now.AddMinutes(20)))
            .Then(new HoldExpired("h1", Now.AddMinutes(20)), Held("h2", 15, at: Now.AddMinutes(20)));

    [Fact]
    public void Numbered_seats_are_side_by_side_in_the_first_row_that_has_them() =>
        DeciderSpec.For(Session.Decider).Given(Numbered("s1", new RowPlan("A", 1, 4), new RowPlan("B", 1, 4)), Held("h1", 2, "k-bob", "orchestre", null, "A-2", "A-3"))
            .When(Hold("h2", 3, category: "orchestre"))
            .Then(Held("h2", 3, "k-alice", "orchestre", null, "B-1", "B-2", "B-3"));

    [Fact]
    public void When_no_row_has_enough_adjacent_seats_they_are_separated_and_the_hold_says_so()
    {
        var events = DeciderSpec.For(Session.Decider)
            .Given(Numbered("s1", new RowPlan("A", 1, 3), new RowPlan("B", 1, 3)), Held("h1", 1, "k-bob", "orchestre", null, "A-2"), Held("h2", 1, "k-carl", "orchestre", null, "B-2"))
            .When(Hold("h3", 3, category: "orchestre"))
            .Then(new SeatsHeld("h3", ["k-alice"], [new HeldLine("orchestre", "plein", 3, ["A-1", "A-3", "B-1"])], true, Now.AddMinutes(15), Now));
        ((SeatsHeld)events[0]).Separated.Should().BeTrue();
    }

    [Fact]
    public void Selling_a_live_hold_sells_it_and_selling_it_again_to_the_same_order_changes_nothing()
    {
        DeciderSpec.For(Session.Decider).Given(Free(10), Held("h1", 2)).When(new SellHold("h1", "o1", Now.AddMinutes(5))).Then(new HoldSold("h1", "o1", Now.AddMinutes(5)));
        DeciderSpec.For(Session.Decider).Given(Free(10), Held("h1", 2), new HoldSold("h1", "o1", Now)).When(new SellHold("h1", "o1", Now.AddMinutes(5))).Then();
    }

    [Fact]
    public void A_hold_whose_time_is_up_cannot_be_sold() =>
        DeciderSpec.For(Session.Decider).Given(Free(10), Held("h1", 2))
            .When(new SellHold("h1", "o1", Now.AddMinutes(15)))
            .ThenThrows<DomainRuleViolation>("hold.expired");

    [Fact]
    public void A_cancelled_session_is_no_longer_on_sale() =>
        DeciderSpec.For(Session.Decider).Given(Free(10), new SessionCancelled("Intempéries", false, null, Now))
            .When(Hold("h1", 1))
            .ThenThrows<DomainRuleViolation>("session.cancelled");

    [Fact]
    public void Sold_seats_stay_taken_after_the_hold_time() =>
        DeciderSpec.For(Session.Decider).Given(Free(2), Held("h1", 2, "k-bob"), new HoldSold("h1", "o1", Now))
            .When(Hold("h2", 1, at: Now.AddHours(1)))
            .ThenThrows<DomainRuleViolation>("session.sold-out");

    [Fact]
    public void Only_the_holds_whose_time_is_up_expire_oldest_first_including_two_due_at_the_same_instant() =>
        DeciderSpec.For(Session.Decider)
            .Given(Free(10), Held("h3", 1, "k-c", at: Now.AddMinutes(2)), Held("h1", 1, "k-a"), Held("h2", 1, "k-b"), Held("h4", 1, "k-d", at: Now.AddMinutes(10)))
            .When(new ExpireHolds(Now.AddMinutes(17)))
            .Then(new HoldExpired("h1", Now.AddMinutes(17)), new HoldExpired("h2", Now.AddMinutes(17)), new HoldExpired("h3", Now.AddMinutes(17)));

    [Fact]
    public void A_sold_or_released_hold_no_longer_expires() =>
        DeciderSpec.For(Session.Decider)
            .Given(Free(10), Held("h1", 1, "k-a"), Held("h2", 1, "k-b"), Held("h3", 1, "k-c"), new HoldSold("h1", "o1", Now), new HoldReleased("h2", "abandon", Now))
            .When(new ExpireHolds(Now.AddMinutes(20)))
            .Then(new HoldExpired("h3", Now.AddMinutes(20)));

    [Fact]
    public void A_full_row_is_passed_over_and_seats_freed_by_an_expiry_in_it_are_offered_again() =>
        DeciderSpec.For(Session.Decider)
            .Given(Numbered("s1", new RowPlan("A", 1, 2), new RowPlan("B", 1, 2)), Held("h1", 2, "k-bob", "orchestre", null, "A-1", "A-2"),
                Held("h2", 1, "k-carl", "orchestre", Now.AddMinutes(5), "B-1"))
            .When(Hold("h3", 2, category: "orchestre", at: Now.AddMinutes(16)))
            .Then(new HoldExpired("h1", Now.AddMinutes(16)), Held("h3", 2, "k-alice", "orchestre", Now.AddMinutes(16), "A-1", "A-2"));

    [Fact]
    public void Rows_of_the_same_name_in_two_categories_do_not_hide_each_others_free_seats() =>
        DeciderSpec.For(Session.Decider)
            .Given(new SessionScheduled("s1", "concert", ShowTime, null, Seating.Numbered,
                    [new CategoryPlan("orchestre", "Orchestre", 2, [new RowPlan("A", 1, 2)]), new CategoryPlan("balcon", "Balcon", 2, [new RowPlan("A", 3, 4)])], null, 48, Now),
                Held("h1", 1, "k-bob", "balcon", null, "A-3"), Held("h2", 1, "k-carl", "orchestre", null, "A-1"))
            .When(Hold("h3", 1, category: "orchestre"))
            .Then(Held("h3", 1, "k-alice", "orchestre", null, "A-2"));
}
