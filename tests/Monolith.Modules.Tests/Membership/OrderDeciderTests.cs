using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Membership.Orders;
using Monolith.Testing;
using static Monolith.Modules.Tests.Membership.SeedCatalogue;

namespace Monolith.Modules.Tests.Membership;

public sealed class OrderDeciderTests
{
    private static DeciderSpec<OrderCommand, OrderEvent, OrderState> Spec => DeciderSpec.For(Order.Decider);

    private static readonly OrderStarted Started = new("order-1", "member-1", Year, At);

    private static DeciderSpec<OrderCommand, OrderEvent, OrderState> Draft(params OrderEvent[] without)
    {
        var events = CompleteDraft().Where(e => !without.Any(w => w.GetType() == e.GetType() && Equals(w, e))).ToArray();
        return Spec.Given(events);
    }

    [Fact]
    public void Products_are_ticked_per_offer_in_catalogue_order_and_must_exist_and_the_offer_must_be_the_members()
    {
        Spec.Given(Started).When(new SelectProducts("org-2", ["pack-pro", "cotisation", "pack-pro"], Catalogue, At))
            .Then(new OfferProductsSelected("order-1", "org-2", ["cotisation", "pack-pro"], At));
        Spec.Given(Started, new OfferProductsSelected("order-1", "org-2", ["cotisation"], At))
            .When(new SelectProducts("org-2", ["cotisation"], Catalogue, At)).Then();
        Spec.Given(Started).When(new SelectProducts("org-2", ["nope"], Catalogue, At)).ThenThrows<DomainRuleViolation>("product.unknown");
        Spec.Given(Started).When(new SelectProducts("someone-elses-offer", ["cotisation"], Catalogue, At)).ThenThrows<NotFoundException>();
    }

    [Fact]
    public void A_complete_draft_is_submitted_with_its_priced_lines_and_totals()
    {
        var submitted = Spec.Given(CompleteDraft()).When(new SubmitOrder(Catalogue, 1, At)).Then(new OrderSubmitted("order-1", "member-1", Year,
            [
                new OrderLine("org-2", Org2.Name, "cotisation", "Cotisation annuelle", 5000, Cotisation.VatRate),
                new OrderLine("org-2", Org2.Name, "pack-pro", PackPro.Name, 24000, PackPro.VatRate),
                new OrderLine("org-2", Org2.Name, "pack-loisirs", PackLoisirs.Name, 27600, PackLoisirs.VatRate),
                new OrderLine("pcu", Pcu.Name, "referencement", Referencement.Name, 58800, Referencement.VatRate),
                new OrderLine("pcu", Pcu.Name, "pack-pro", PackPro.Name, 24000, PackPro.VatRate),
            ],
            139400, 22400, PaymentChoice.Cheque, Address, 1, At));
        submitted.Should().HaveCount(1);
    }

    [Fact]
    public void Submission_is_refused_in_french_when_the_mandatory_fee_is_missing_on_the_principal_activity()
    {
        var refused = Spec.Given(Started, new OfferProductsSelected("order-1", "pcu", ["cotisation", "pack-pro"], At),
                new PaymentMethodChosen("order-1", PaymentChoice.Card, At), new BillingAddressSet("order-1", Address, At), new TermsAccepted("order-1", 1, At))
            .When(new SubmitOrder(Catalogue, 1, At)).ThenThrows<DomainRuleViolation>("order.mandatory-missing");
        refused.Message.Should().Be("Le produit « Cotisation annuelle » est obligatoire pour votre activité principale « Offre test Romain Carrillo ORG 2 ».",
            "the fee is required on the principal activity, not on another offer");
    }

    [Fact]
    public void Submission_is_refused_when_a_prerequisite_is_missing_anywhere_in_the_order()
    {
        var events = CompleteDraft().Append(new OfferProductsSelected("order-1", "pcu", ["bornes"], At)).ToArray();
        Spec.Given(events).When(new SubmitOrder(Catalogue, 1, At)).State.Status.Should().Be(OrderStatus.Submitted, "the leisure pack is taken on the principal offer");
        var withoutLeisure = CompleteDraft().Append(new OfferProductsSelected("order-1", "org-2", ["cotisation"], At))
            .Append(new OfferProductsSelected("order-1", "pcu", ["bornes"], At)).ToArray();
        Spec.Given(withoutLeisure).When(new SubmitOrder(Catalogue, 1, At)).ThenThrows<DomainRuleViolation>("order.prerequisite-missing")
            .Message.Should().Be("Le produit « Régie publicitaire : Insertion sur les bornes tactiles » (offre « Offre test Romain Carrillo PCU ») nécessite aussi le produit « Pack tourisme de loisirs ».");
    }

    [Fact]
    public void Submission_is_refused_without_payment_method_complete_address_or_accepted_terms_in_force()
    {
        Spec.Given(CompleteDraft().Where(e => e is not PaymentMethodChosen).ToArray()).When(new SubmitOrder(Catalogue, 1, At))
            .ThenThrows<DomainRuleViolation>("order.payment-method-missing");
        Spec.Given(CompleteDraft().Append(new BillingAddressSet("order-1", Address with { CompanyName = "", PostalCode = "140" }, At)).ToArray())
            .When(new SubmitOrder(Catalogue, 1, At)).ThenThrows<DomainRuleViolation>("order.address-incomplete")
            .Message.Should().Be("L'adresse de facturation est incomplète : raison sociale, code postal (5 chiffres).");
        Spec.Given(CompleteDraft().Where(e => e is not TermsAccepted).ToArray()).When(new SubmitOrder(Catalogue, 1, At))
            .ThenThrows<DomainRuleViolation>("order.terms-not-accepted").Message.Should().Contain("conditions générales de vente");
        Spec.Given(CompleteDraft()).When(new SubmitOrder(Catalogue, 2, At)).ThenThrows<DomainRuleViolation>("order.terms-outdated");
        Spec.Given(CompleteDraft()).When(new SubmitOrder(Catalogue, null, At)).ThenThrows<DomainRuleViolation>("order.terms-unavailable");
        Spec.Given(Started).When(new SubmitOrder(Catalogue, 1, At)).ThenThrows<DomainRuleViolation>("order.empty")
            .Message.Should().Contain("Votre commande ne contient aucun produit.").And.Contain("Choisissez un mode de paiement", "every problem is listed at once");
    }

    [Fact]
    public void Terms_acceptance_records_the_version()
    {
        Spec.Given(Started).When(new AcceptTerms(3, At)).Then(new TermsAccepted("order-1", 3, At));
        Spec.Given(Started, new TermsAccepted("order-1", 3, At)).When(new AcceptTerms(3, At)).Then();
    }

    [Fact]
    public void Terms_refused_or_unavailable_are_broken_rules_of_the_order()
    {
        Spec.Given(Started).When(new AcceptTerms(3, At, Accepted: false)).ThenThrows<DomainRuleViolation>("order.terms-not-accepted");
        Spec.Given(Started).When(new AcceptTerms(null, At)).ThenThrows<DomainRuleViolation>("order.terms-unavailable");
    }

    [Fact]
    public void A_submitted_order_is_frozen_then_validated_with_the_campaigns_number_or_back_to_draft_when_refused_for_stock()
    {
        var submitted = Order.Decide(new SubmitOrder(Catalogue, 1, At), Order.Decider.Fold(CompleteDraft())).Single();
        var frozen = Spec.Given([.. CompleteDraft(), submitted]);
        frozen.When(new SelectProducts("org-2", ["cotisation"], Catalogue, At)).ThenThrows<DomainRuleViolation>("order.not-editable");
        frozen.When(new ConfirmOrder("2020-0001", At)).Then(new OrderValidated("order-1", "member-1", Year, "2020-0001",
            ((OrderSubmitted)submitted).Lines, 139400, 22400, PaymentChoice.Cheque, Address, 1, At));

        var refused = frozen.When(new RefuseSubmission("product.out-of-stock", "stock épuisé", At));
        refused.Then(new OrderSubmissionRefused("order-1", "product.out-of-stock", "stock épuisé", At));
        refused.State.Status.Should().Be(OrderStatus.Draft, "an order refused for stock is a draft again, never validated");
        refused.State.Number.Should().BeNull();

        var validated = frozen.Given(new OrderValidated("order-1", "member-1", Year, "2020-0001", [], 0, 0, PaymentChoice.Cheque, Address, 1, At));
        validated.When(new ConfirmOrder("2020-0001", At)).Then();
        validated.When(new RefuseSubmission("x", "y", At)).Then();
        validated.When(new SubmitOrder(Catalogue, 1, At)).ThenThrows<DomainRuleViolation>("order.not-editable");
        Spec.Given(CompleteDraft()).When(new ConfirmOrder("2020-0001", At)).ThenThrows<DomainRuleViolation>("order.not-submitted");
    }

    [Fact]
    public void The_order_is_invoiced_once_finalised_on_payment_then_the_information_check_and_its_reminders_happen_once_each()
    {
        var validated = Spec.Given([.. CompleteDraft(),
            new OrderSubmitted("order-1", "member-1", Year, [], 0, 0, PaymentChoice.Cheque, Address, 1, At),
            new OrderValidated("order-1", "member-1", Year, "2020-0001", [], 0, 0, PaymentChoice.Cheque, Address, 1, At)]);
        validated.When(new FinaliseOrder(new DateOnly(2020, 1, 10), At)).ThenThrows<DomainRuleViolation>("order.not-invoiced");
        validated.When(new AttachInvoice("inv", "F2020-0001", null, null, At)).Then(new InvoiceAttached("order-1", "inv", "F2020-0001", null, null, At));

        var invoiced = validated.Given(new InvoiceAttached("order-1", "inv", "F2020-0001", null, null, At));
        invoiced.When(new AttachInvoice("inv", "F2020-0001", null, null, At)).Then();
        invoiced.When(new RequestInformationCheck(new DateOnly(2020, 2, 1), At)).ThenThrows<DomainRuleViolation>("order.not-finalised");
        invoiced.When(new FinaliseOrder(new DateOnly(2020, 1, 10), At)).Then(new OrderFinalised("order-1", "member-1", Year, "2020-0001", new DateOnly(2020, 1, 10), At));

        var paid = invoiced.Given(new OrderFinalised("order-1", "member-1", Year, "2020-0001", new DateOnly(2020, 1, 10), At));
        paid.When(new FinaliseOrder(new DateOnly(2020, 1, 11), At)).Then();
        paid.When(new SendInformationReminder(1, At)).ThenThrows<DomainRuleViolation>("order.no-information-check");
        paid.When(new ConfirmInformation(At)).ThenThrows<DomainRuleViolation>("order.no-information-check");
        paid.When(new RequestInformationCheck(new DateOnly(2020, 2, 1), At)).Then(new InformationCheckRequested("order-1", new DateOnly(2020, 2, 1), At));

        var asked = paid.Given(new InformationCheckRequested("order-1", new DateOnly(2020, 2, 1), At));
        asked.When(new RequestInformationCheck(new DateOnly(2020, 3, 1), At)).Then();
        asked.When(new SendInformationReminder(1, At)).Then(new InformationReminderSent("order-1", 1, At));
        asked.Given(new InformationReminderSent("order-1", 1, At)).When(new SendInformationReminder(1, At)).Then();
        asked.Given(new InformationReminderSent("order-1", 1, At)).When(new SendInformationReminder(2, At)).Then(new InformationReminderSent("order-1", 2, At));
        asked.When(new ConfirmInformation(At)).Then(new InformationConfirmed("order-1", At));
        asked.Given(new InformationConfirmed("order-1", At)).When(new SendInformationReminder(1, At)).Then();
        asked.Given(new InformationConfirmed("order-1", At)).When(new ConfirmInformation(At)).Then();
    }
}
