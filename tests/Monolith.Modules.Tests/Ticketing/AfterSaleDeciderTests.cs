using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Ticketing.Buyers;
using Monolith.Modules.Ticketing.Orders;
using Monolith.Modules.Ticketing.Orders.Exceptions;
using Monolith.Modules.Ticketing.Sessions;
using Monolith.Modules.Ticketing.Shows;
using Monolith.Testing;
using static Monolith.Modules.Tests.Ticketing.TicketingFixtures;

namespace Monolith.Modules.Tests.Ticketing;

/// <summary>An order after its sale: a postponement offered before any refund, nominative transfers at no more than face value.</summary>
public sealed class OrderAfterSaleTests
{
    private static readonly DateOnly Deadline = new(2026, 7, 28);

    private static OrderLine Line(string session = "s1") =>
        new(session, "kayak", "Kayak de mer", ShowTime, "libre", "Participants", "plein", "Plein tarif", RateKind.Full, null, 3500, 2000, null, 150);

    private static readonly OrderPlaced Placed = new("o1", "ticket-buyer-o1", new Buyer("Lucia", "lucia@exemple.fr", null, "1 rue", "20137", "Porto-Vecchio"),
        ["k"], [new HoldRef("s1", "h1")], [Line(), Line()], ["Lucia Rossi", "Paolo Rossi"], 7000, 300, "online", Now);

    private static readonly OrderPaid Paid = new(new DateOnly(2026, 6, 1), "espèces", Now);

    private static readonly TicketsIssued Issued = new("o1",
        [new IssuedTicket("o1-0", 0, "s1", "kayak", "libre", "plein", "libre.plein", 1, 3500, 2000, null),
         new IssuedTicket("o1-1", 1, "s1", "kayak", "libre", "plein", "libre.plein", 2, 3500, 2000, null)], new DateOnly(2026, 6, 1), Now);

    private static readonly PostponementOffered Offered = new("s1", "s2", ["h2"], Deadline, Now);

    [Fact]
    public void A_postponement_is_offered_once_per_session() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued, Offered)
            .When(new OfferPostponement("s1", "s2", ["h2"], Deadline, Now))
            .Then();

    [Fact]
    public void A_postponed_session_is_not_refunded_while_the_buyer_has_not_declined() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued, Offered)
            .When(new RefundCancelledSession("s1", "Intempéries", "AV-1", 7000, Now))
            .ThenThrows<DomainRuleViolation>("order.postponed");

    [Fact]
    public void The_buyer_asks_the_refund_on_the_last_day_of_the_deadline() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued, Offered)
            .When(new DeclinePostponement("s1", Deadline, Now))
            .Then(new PostponementDeclined("s1", Deadline, Now));

    [Fact]
    public void A_refund_asked_the_day_after_the_deadline_is_refused_and_the_tickets_stay_valid() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued, Offered)
            .When(new DeclinePostponement("s1", Deadline.AddDays(1), Now))
            .ThenThrows<DomainRuleViolation>("postponement.deadline").Message.Should().Contain("28/07/2026");

    [Fact]
    public void After_declining_the_session_is_refunded() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued, Offered, new PostponementDeclined("s1", Deadline, Now))
            .When(new RefundCancelledSession("s1", "Intempéries", "AV-1", 7000, Now))
            .Then(new SessionTicketsRefunded("s1", "Intempéries", "AV-1", 7000, Now));

    [Fact]
    public void Tickets_kept_cannot_be_refunded_later() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued, Offered, new PostponementKept("s1", Now))
            .When(new RefundCancelledSession("s1", "Intempéries", "AV-1", 7000, Now))
            .ThenThrows<DomainRuleViolation>("order.postponed");

    [Fact]
    public void A_declined_postponement_cannot_be_kept_afterwards() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued, Offered, new PostponementDeclined("s1", Deadline, Now))
            .When(new KeepPostponedTickets("s1", Now))
            .ThenThrows<DomainRuleViolation>("postponement.declined");

    [Fact]
    public void A_postponed_ticket_admits_to_the_new_session_unless_declined()
    {
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued, Offered).State.AdmitsTo("s1").Should().Be("s2");
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued, Offered, new PostponementDeclined("s1", Deadline, Now)).State.AdmitsTo("s1").Should().Be("s1");
    }

    [Fact]
    public void A_nominative_ticket_is_transferred_at_its_face_value() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued)
            .When(new TransferTicket("o1-1", " Marco Bianchi ", 3500, true, false, Now))
            .Then(new TicketTransferred("o1-1", 1, "ticket-buyer-o1", "Paolo Rossi", "Marco Bianchi", 3500, Now));

    [Fact]
    public void A_transfer_one_cent_above_the_face_value_is_refused() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued)
            .When(new TransferTicket("o1-1", "Marco Bianchi", 3501, true, false, Now))
            .ThenThrows<DomainRuleViolation>("ticket.transfer-above-face-value").Message.Should().Contain("35,00");

    [Fact]
    public void A_transfer_is_refused_where_the_organiser_does_not_allow_it() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued)
            .When(new TransferTicket("o1-1", "Marco Bianchi", 0, false, false, Now))
            .ThenThrows<DomainRuleViolation>("ticket.transfer-not-allowed");

    [Fact]
    public void A_ticket_already_scanned_is_not_transferred() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued)
            .When(new TransferTicket("o1-1", "Marco Bianchi", 3000, true, true, Now))
            .ThenThrows<DomainRuleViolation>("ticket.transfer-used");

    [Fact]
    public void The_new_holder_is_the_ticket_s_holder() =>
        DeciderSpec.For(TicketOrder.Decider).Given(Placed, Paid, Issued, new TicketTransferred("o1-1", 1, "ticket-buyer-o1", "Paolo Rossi", "Marco Bianchi", 3000, Now))
            .State.HolderOf(1).Should().Be("Marco Bianchi");
}

public sealed class SessionPostponementTests
{
    [Fact]
    public void A_postponement_names_the_new_session_and_the_refund_deadline() =>
        DeciderSpec.For(Session.Decider).Given(Free(10))
            .When(new CancelSession("Vent trop fort", false, "s2", Now, new DateOnly(2026, 6, 15)))
            .Then(new SessionCancelled("Vent trop fort", false, "s2", Now, new DateOnly(2026, 6, 15)));

    [Fact]
    public void A_postponement_without_a_refund_deadline_is_refused() =>
        DeciderSpec.For(Session.Decider).Given(Free(10))
            .When(new CancelSession("Vent trop fort", false, "s2", Now))
            .ThenThrows<DomainRuleViolation>("session.postponement");
}

public sealed class ExceptionalRequestTests
{
    private static readonly DateOnly SessionDay = new(2026, 7, 14);

    private static RecordExceptionalRequest Record(DateOnly receivedOn) =>
        new("r1", "o1", "s1", ExceptionalReason.Illness, "Certificat médical reçu", receivedOn, SessionDay, "u-clerk", Now, "ticket-buyer-o1");

    private static readonly ExceptionalRequestRecorded Recorded =
        new("r1", "o1", "ticket-buyer-o1", "s1", ExceptionalReason.Illness, "Certificat médical reçu", SessionDay, SessionDay, "u-clerk", Now);

    [Fact]
    public void A_request_received_seven_days_after_the_session_is_recorded() =>
        DeciderSpec.For(ExceptionalRequests.Decider)
            .When(Record(SessionDay.AddDays(7)))
            .Then(Recorded with { ReceivedOn = SessionDay.AddDays(7) });

    [Fact]
    public void A_request_received_eight_days_after_the_session_is_refused() =>
        DeciderSpec.For(ExceptionalRequests.Decider)
            .When(Record(SessionDay.AddDays(8)))
            .ThenThrows<DomainRuleViolation>("exception.late").Message.Should().Contain("21/07/2026");

    [Fact]
    public void The_first_approval_alone_refunds_nothing() =>
        DeciderSpec.For(ExceptionalRequests.Decider).Given(Recorded)
            .When(new ApproveExceptionalRequest(ApprovingParty.Office, "u-anna", Now))
            .Then(new ExceptionalRequestApprovalGiven(ApprovingParty.Office, "u-anna", Now));

    [Fact]
    public void The_other_party_s_approval_by_another_person_accepts_the_request() =>
        DeciderSpec.For(ExceptionalRequests.Decider).Given(Recorded, new ExceptionalRequestApprovalGiven(ApprovingParty.Office, "u-anna", Now))
            .When(new ApproveExceptionalRequest(ApprovingParty.Organiser, "u-marc", Now))
            .Then(new ExceptionalRequestApprovalGiven(ApprovingParty.Organiser, "u-marc", Now), new ExceptionalRequestApproved(Now));

    [Fact]
    public void The_same_person_cannot_give_both_approvals() =>
        DeciderSpec.For(ExceptionalRequests.Decider).Given(Recorded, new ExceptionalRequestApprovalGiven(ApprovingParty.Office, "u-anna", Now))
            .When(new ApproveExceptionalRequest(ApprovingParty.Organiser, "u-anna", Now))
            .ThenThrows<DomainRuleViolation>("exception.same-approver");

    [Fact]
    public void One_party_cannot_approve_twice() =>
        DeciderSpec.For(ExceptionalRequests.Decider).Given(Recorded, new ExceptionalRequestApprovalGiven(ApprovingParty.Office, "u-anna", Now))
            .When(new ApproveExceptionalRequest(ApprovingParty.Office, "u-marc", Now))
            .ThenThrows<DomainRuleViolation>("exception.party-approved");

    [Fact]
    public void A_rejected_request_cannot_be_approved() =>
        DeciderSpec.For(ExceptionalRequests.Decider).Given(Recorded, new ExceptionalRequestRejected("u-anna", "Pas de justificatif", Now))
            .When(new ApproveExceptionalRequest(ApprovingParty.Organiser, "u-marc", Now))
            .ThenThrows<DomainRuleViolation>("exception.decided");
}

public sealed class PaymentReferenceTests
{
    [Fact]
    public void A_payment_reference_is_bound_to_the_first_order() =>
        DeciderSpec.For(PaymentReferences.Decider)
            .When(new ClaimPaymentReference("o1", Now))
            .Then(new PaymentReferenceClaimed("o1", Now));

    [Fact]
    public void The_same_order_with_the_same_reference_changes_nothing() =>
        DeciderSpec.For(PaymentReferences.Decider).Given(new PaymentReferenceClaimed("o1", Now))
            .When(new ClaimPaymentReference("o1", Now))
            .Then();

    [Fact]
    public void Another_order_with_the_same_reference_is_refused() =>
        DeciderSpec.For(PaymentReferences.Decider).Given(new PaymentReferenceClaimed("o1", Now))
            .When(new ClaimPaymentReference("o2", Now))
            .ThenThrows<DomainRuleViolation>("order.payment-reference");

    [Fact]
    public void A_released_reference_can_pay_another_order() =>
        DeciderSpec.For(PaymentReferences.Decider).Given(new PaymentReferenceClaimed("o1", Now), new PaymentReferenceReleased("o1", Now))
            .When(new ClaimPaymentReference("o2", Now))
            .Then(new PaymentReferenceClaimed("o2", Now));

    [Fact]
    public void The_payment_reference_is_one_more_identity_key_of_the_buyer() =>
        BuyerKeys.For("ot", null, "a@exemple.fr", " pi_123 ").Should().HaveCount(2).And.Contain(BuyerKeys.For("ot", null, null, "PI_123"));
}
