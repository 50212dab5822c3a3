using System.Text.RegularExpressions;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Modules.Membership.Members;

namespace Monolith.Modules.Membership.Orders;

// A member's order in a campaign: products ticked per offer, payment method, billing address, terms accepted; then submitted (frozen,
// every rule checked), accepted by the campaign (stock reserved, number given) and validated — final; finalised when its invoice is
// paid; then the "check your published information" step with its reminders. Stream: "membership-order-{orderId}".
//
// Validation crosses two streams, in this order: (1) SubmitOrder here checks the rules and freezes the order; (2) AcceptOrder on the
// campaign stream reserves the stock and takes the number, or refuses (out of stock); (3) ConfirmOrder here records the number
// (OrderValidated), or RefuseSubmission puts the order back to draft with the reason. Nothing is half-written: an order refused for
// stock is a draft again, and a crash between the steps is completed by OrderFlowReactor from OrderSubmitted.

/// <summary>How the member pays, as stored in the order's events ("transfer" stays in the log). The API speaks billing's
/// <see cref="Billing.Contracts.PaymentMethod"/> (<c>bankTransfer</c>): <see cref="PaymentChoices"/> maps between the two.</summary>
internal enum PaymentChoice
{
    Card,
    Cheque,
    Transfer,
}

/// <summary>The one payment-method vocabulary of the API (billing's <see cref="Billing.Contracts.PaymentMethod"/>) against the
/// order's stored <see cref="PaymentChoice"/>.</summary>
internal static class PaymentChoices
{
    public static Billing.Contracts.PaymentMethod ToMethod(this PaymentChoice choice) => choice switch
    {
        PaymentChoice.Card => Billing.Contracts.PaymentMethod.Card,
        PaymentChoice.Cheque => Billing.Contracts.PaymentMethod.Cheque,
        _ => Billing.Contracts.PaymentMethod.BankTransfer,
    };

    /// <summary>Null for a method an order cannot be paid with (cash, SEPA direct debit).</summary>
    public static PaymentChoice? FromMethod(Billing.Contracts.PaymentMethod method) => method switch
    {
        Billing.Contracts.PaymentMethod.Card => PaymentChoice.Card,
        Billing.Contracts.PaymentMethod.Cheque => PaymentChoice.Cheque,
        Billing.Contracts.PaymentMethod.BankTransfer => PaymentChoice.Transfer,
        _ => null,
    };

    /// <summary>The read model's stored word ("transfer") as the API's (<c>bankTransfer</c>).</summary>
    public static string? ApiWord(string? stored) => stored == "transfer" ? "bankTransfer" : stored;
}

internal enum OrderStatus
{
    None,
    Draft,
    Submitted,
    Validated,
    Finalised,
}

internal sealed record OrderAddress(string CompanyName, string Street, string PostalCode, string City);

/// <summary>A priced line of a submitted order: a product taken for an offer, at the catalogue's price when submitted.</summary>
internal sealed record OrderLine(string OfferId, string OfferName, string ProductId, string ProductName, long PriceTtc, VatRate VatRate)
{
    public long Vat => BuildingBlocks.Money.Vat.PartOfTtc(PriceTtc, VatRate);
}

/// <summary>What the rules need to know besides the order: the campaign's products and the member's offers.</summary>
internal sealed record OrderCatalogue(IReadOnlyList<Product> Products, IReadOnlyList<Offer> Offers);

internal abstract record OrderCommand;
internal sealed record StartOrder(string OrderId, string MemberId, int Year, DateTimeOffset At) : OrderCommand;
internal sealed record SelectProducts(string OfferId, IReadOnlyList<string> ProductIds, OrderCatalogue Catalogue, DateTimeOffset At) : OrderCommand;
internal sealed record ChoosePaymentMethod(PaymentChoice Method, DateTimeOffset At) : OrderCommand;
internal sealed record SetBillingAddress(OrderAddress Address, DateTimeOffset At) : OrderCommand;
/// <summary>The member accepts (or refuses: <paramref name="Accepted"/> false) the terms of sale in force, version <paramref name="Version"/>
/// (null: the office has none in force).</summary>
internal sealed record AcceptTerms(int? Version, DateTimeOffset At, bool Accepted = true) : OrderCommand;
internal sealed record SubmitOrder(OrderCatalogue Catalogue, int? TermsVersionInForce, DateTimeOffset At) : OrderCommand;
internal sealed record RefuseSubmission(string Code, string Reason, DateTimeOffset At) : OrderCommand;
internal sealed record ConfirmOrder(string Number, DateTimeOffset At) : OrderCommand;
internal sealed record AttachInvoice(string InvoiceId, string InvoiceNumber, string? CardPaymentReference, string? CardPaymentUrl, DateTimeOffset At) : OrderCommand;
internal sealed record FinaliseOrder(DateOnly PaidOn, DateTimeOffset At) : OrderCommand;
internal sealed record RequestInformationCheck(DateOnly DueOn, DateTimeOffset At) : OrderCommand;
internal sealed record ConfirmInformation(DateTimeOffset At) : OrderCommand;
internal sealed record SendInformationReminder(int Step, DateTimeOffset At) : OrderCommand;

internal abstract record OrderEvent;
internal sealed record OrderStarted(string OrderId, string MemberId, int Year, DateTimeOffset StartedAt) : OrderEvent;
internal sealed record OfferProductsSelected(string OrderId, string OfferId, IReadOnlyList<string> ProductIds, DateTimeOffset SelectedAt) : OrderEvent;
internal sealed record PaymentMethodChosen(string OrderId, PaymentChoice Method, DateTimeOffset ChosenAt) : OrderEvent;
internal sealed record BillingAddressSet(string OrderId, OrderAddress Address, DateTimeOffset SetAt) : OrderEvent;
internal sealed record TermsAccepted(string OrderId, int Version, DateTimeOffset AcceptedAt) : OrderEvent;
internal sealed record OrderSubmitted(
    string OrderId, string MemberId, int Year, IReadOnlyList<OrderLine> Lines, long TotalTtc, long TotalVat, PaymentChoice Method, OrderAddress Address,
    int TermsVersion, DateTimeOffset SubmittedAt) : OrderEvent;
internal sealed record OrderSubmissionRefused(string OrderId, string Code, string Reason, DateTimeOffset RefusedAt) : OrderEvent;
internal sealed record OrderValidated(
    string OrderId, string MemberId, int Year, string Number, IReadOnlyList<OrderLine> Lines, long TotalTtc, long TotalVat, PaymentChoice Method,
    OrderAddress Address, int TermsVersion, DateTimeOffset ValidatedAt) : OrderEvent;
/// <summary>The order's invoice, and for a card order billing's card payment: the provider's reference and hosted page (never card data).
/// Orders invoiced before billing had card payments hold a reference and a page URL of the former development fake provider.</summary>
internal sealed record InvoiceAttached(string OrderId, string InvoiceId, string InvoiceNumber, string? CardPaymentReference, string? CardPaymentUrl, DateTimeOffset AttachedAt) : OrderEvent;
internal sealed record OrderFinalised(string OrderId, string MemberId, int Year, string Number, DateOnly PaidOn, DateTimeOffset FinalisedAt) : OrderEvent;
internal sealed record InformationCheckRequested(string OrderId, DateOnly DueOn, DateTimeOffset RequestedAt) : OrderEvent;
internal sealed record InformationConfirmed(string OrderId, DateTimeOffset ConfirmedAt) : OrderEvent;
internal sealed record InformationReminderSent(string OrderId, int Step, DateTimeOffset SentAt) : OrderEvent;

internal sealed record OrderState(
    string? OrderId,
    string MemberId,
    int Year,
    OrderStatus Status,
    IReadOnlyList<(string OfferId, IReadOnlyList<string> ProductIds)> Selections,
    PaymentChoice? Method,
    OrderAddress? Address,
    int? TermsVersion,
    IReadOnlyList<OrderLine> Lines,
    long TotalTtc,
    long TotalVat,
    string? Number,
    string? InvoiceId,
    string? InvoiceNumber,
    string? CardPaymentReference,
    string? CardPaymentUrl,
    string? LastRefusal,
    DateOnly? PaidOn,
    DateOnly? InformationDueOn,
    bool InformationConfirmed,
    IReadOnlyList<int> RemindersSent)
{
    public static readonly OrderState Initial = new(null, "", 0, OrderStatus.None, [], null, null, null, [], 0, 0, null, null, null, null, null, null, null, null, false, []);

    public bool Exists => OrderId is not null;

    public IReadOnlyList<string> ProductsOf(string offerId) => Selections.FirstOrDefault(s => s.OfferId == offerId).ProductIds ?? [];
}

internal static partial class Order
{
    public static string StreamId(string orderId) => StreamIds.For("membership-order", orderId);

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(OrderStarted)] = "membership.order-started",
        [typeof(OfferProductsSelected)] = "membership.offer-products-selected",
        [typeof(PaymentMethodChosen)] = "membership.payment-method-chosen",
        [typeof(BillingAddressSet)] = "membership.billing-address-set",
        [typeof(TermsAccepted)] = "membership.terms-accepted",
        [typeof(OrderSubmitted)] = "membership.order-submitted",
        [typeof(OrderSubmissionRefused)] = "membership.order-submission-refused",
        [typeof(OrderValidated)] = "membership.order-validated",
        [typeof(InvoiceAttached)] = "membership.invoice-attached",
        [typeof(OrderFinalised)] = "membership.order-finalised",
        [typeof(InformationCheckRequested)] = "membership.information-check-requested",
        [typeof(InformationConfirmed)] = "membership.information-confirmed",
        [typeof(InformationReminderSent)] = "membership.information-reminder-sent",
    };

    public static readonly Decider<OrderCommand, OrderEvent, OrderState> Decider = new(Decide, Evolve, OrderState.Initial) { Publish = Published };

    /// <summary>The facts other modules may react to, appended with the events that make them true.</summary>
    private static IEnumerable<BuildingBlocks.Facts.IIntegrationEvent> Published(OrderCommand command, OrderState before, IReadOnlyList<OrderEvent> events, OrderState after)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case OrderValidated v:
                    yield return new Contracts.Facts.OrderValidated(v.OrderId, v.MemberId, v.Year, v.Number, v.TotalTtc, v.ValidatedAt);
                    break;
                case OrderFinalised f:
                    yield return new Contracts.Facts.OrderFinalised(f.OrderId, f.MemberId, f.Year, f.Number, f.PaidOn);
                    break;
            }
        }
    }

    /// <summary>The counter takes a payment for an order only once it is invoiced and until it is paid (finalised).</summary>
    public static void RequireAwaitingPayment(OrderState state)
    {
        if (state.Status == OrderStatus.Finalised)
        {
            throw new DomainRuleViolation("order.already-paid", $"Order {state.Number} is already paid and finalised.", isConflict: true);
        }

        if (state.InvoiceId is null)
        {
            throw new DomainRuleViolation("order.not-invoiced", "This order has no invoice yet: nothing to pay.", isConflict: true);
        }
    }

    private static readonly DomainRuleViolation NotEditable =
        new("order.not-editable", "Votre commande est validée : elle ne peut plus être modifiée.", isConflict: true);

    internal static IReadOnlyList<OrderEvent> Decide(OrderCommand command, OrderState state) => (command, state) switch
    {
        (AcceptTerms { Accepted: false }, _) =>
            throw new DomainRuleViolation("order.terms-not-accepted", "Vous devez accepter les conditions générales de vente pour valider votre commande."),
        (AcceptTerms { Version: null }, _) =>
            throw new DomainRuleViolation("order.terms-unavailable", "Les conditions générales de vente de l'office ne sont pas disponibles : contactez l'office."),
        (StartOrder c, { Exists: true }) when c.OrderId == state.OrderId => [],
        (StartOrder, { Exists: true }) => throw new DomainRuleViolation("order.exists", "This order already exists.", isConflict: true),
        (StartOrder c, _) => [new OrderStarted(c.OrderId, c.MemberId, c.Year, c.At)],
        (_, { Exists: false }) => throw new NotFoundException("Order not found."),

        (SelectProducts or ChoosePaymentMethod or SetBillingAddress or AcceptTerms or SubmitOrder, { Status: not OrderStatus.Draft }) => throw NotEditable,
        (SelectProducts c, _) => Select(c, state),
        (ChoosePaymentMethod c, _) when c.Method == state.Method => [],
        (ChoosePaymentMethod c, _) => [new PaymentMethodChosen(state.OrderId!, c.Method, c.At)],
        (SetBillingAddress c, _) when Trimmed(c.Address) == state.Address => [],
        (SetBillingAddress c, _) => [new BillingAddressSet(state.OrderId!, Trimmed(c.Address), c.At)],
        (AcceptTerms c, _) when c.Version == state.TermsVersion => [],
        (AcceptTerms c, _) => [new TermsAccepted(state.OrderId!, c.Version!.Value, c.At)],
        (SubmitOrder c, _) => Submit(c, state),

        (RefuseSubmission, { Status: not OrderStatus.Submitted }) => [],
        (RefuseSubmission c, _) => [new OrderSubmissionRefused(state.OrderId!, c.Code, c.Reason, c.At)],
        (ConfirmOrder c, { Status: OrderStatus.Validated or OrderStatus.Finalised }) when c.Number == state.Number => [],
        (ConfirmOrder, { Status: not OrderStatus.Submitted }) =>
            throw new DomainRuleViolation("order.not-submitted", "The order is not waiting for its confirmation.", isConflict: true),
        (ConfirmOrder c, _) => [new OrderValidated(state.OrderId!, state.MemberId, state.Year, c.Number, state.Lines, state.TotalTtc, state.TotalVat,
            state.Method!.Value, state.Address!, state.TermsVersion!.Value, c.At)],

        (AttachInvoice, { InvoiceId: not null }) => [],
        (AttachInvoice, { Status: not (OrderStatus.Validated or OrderStatus.Finalised) }) =>
            throw new DomainRuleViolation("order.not-validated", "Only a validated order can be invoiced.", isConflict: true),
        (AttachInvoice c, _) => [new InvoiceAttached(state.OrderId!, c.InvoiceId, c.InvoiceNumber, c.CardPaymentReference, c.CardPaymentUrl, c.At)],
        (FinaliseOrder, { Status: OrderStatus.Finalised }) => [],
        (FinaliseOrder, { Status: not OrderStatus.Validated }) or (FinaliseOrder, { InvoiceId: null }) =>
            throw new DomainRuleViolation("order.not-invoiced", "The order has no invoice yet: it cannot be finalised.", isConflict: true),
        (FinaliseOrder c, _) => [new OrderFinalised(state.OrderId!, state.MemberId, state.Year, state.Number!, c.PaidOn, c.At)],

        (RequestInformationCheck, { InformationDueOn: not null }) => [],
        (RequestInformationCheck, { Status: not OrderStatus.Finalised }) =>
            throw new DomainRuleViolation("order.not-finalised", "The information check comes after the payment.", isConflict: true),
        (RequestInformationCheck c, _) => [new InformationCheckRequested(state.OrderId!, c.DueOn, c.At)],
        (ConfirmInformation, { InformationConfirmed: true }) => [],
        (ConfirmInformation, { InformationDueOn: null }) =>
            throw new DomainRuleViolation("order.no-information-check", "Aucune vérification de vos informations n'est demandée pour cette commande.", isConflict: true),
        (ConfirmInformation c, _) => [new InformationConfirmed(state.OrderId!, c.At)],
        (SendInformationReminder, { InformationConfirmed: true }) => [],
        (SendInformationReminder c, _) when state.RemindersSent.Contains(c.Step) => [],
        (SendInformationReminder, { InformationDueOn: null }) =>
            throw new DomainRuleViolation("order.no-information-check", "No information check was requested for this order.", isConflict: true),
        (SendInformationReminder c, _) => [new InformationReminderSent(state.OrderId!, c.Step, c.At)],
        _ => throw new DomainRuleViolation("order.invalid-command", "This change is not possible on the order."),
    };

    private static IReadOnlyList<OrderEvent> Select(SelectProducts c, OrderState state)
    {
        if (c.Catalogue.Offers.All(o => o.OfferId != c.OfferId))
        {
            throw new NotFoundException($"Offer '{c.OfferId}' not found.");
        }

        var ids = c.ProductIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.FirstOrDefault(id => c.Catalogue.Products.All(p => p.ProductId != id)) is { } unknown)
        {
            throw new DomainRuleViolation("product.unknown", $"Le produit « {unknown} » n'existe pas dans le catalogue de la campagne.");
        }

        // Keep the catalogue's order, so the recap reads like the catalogue.
        ids = [.. c.Catalogue.Products.Select(p => p.ProductId).Where(ids.Contains)];
        return ids.SequenceEqual(state.ProductsOf(c.OfferId)) ? [] : [new OfferProductsSelected(state.OrderId!, c.OfferId, ids, c.At)];
    }

    private static IReadOnlyList<OrderEvent> Submit(SubmitOrder c, OrderState state)
    {
        var problems = Problems(state, c.Catalogue, c.TermsVersionInForce);
        if (problems.Count > 0)
        {
            throw new DomainRuleViolation(problems[0].Code, string.Join(" ", problems.Select(p => p.Message)));
        }

        var lines = Lines(state, c.Catalogue);
        return [new OrderSubmitted(state.OrderId!, state.MemberId, state.Year, lines, lines.Sum(l => l.PriceTtc), lines.Sum(l => l.Vat), state.Method!.Value,
            state.Address!, state.TermsVersion!.Value, c.At)];
    }

    /// <summary>The order's lines priced from the catalogue, offer by offer in the member's order of offers.</summary>
    internal static IReadOnlyList<OrderLine> Lines(OrderState state, OrderCatalogue catalogue) =>
    [
        .. from offer in catalogue.Offers
           from productId in state.ProductsOf(offer.OfferId)
           let product = catalogue.Products.First(p => p.ProductId == productId)
           select new OrderLine(offer.OfferId, offer.Name, product.ProductId, product.Name, product.PriceTtc, product.VatRate),
    ];

    /// <summary>Every rule a submission must pass, each with its code and the member's French message; empty = the order can be validated
    /// (stock aside: the campaign decides it when it accepts the order).</summary>
    internal static IReadOnlyList<(string Code, string Message)> Problems(OrderState state, OrderCatalogue catalogue, int? termsVersionInForce)
    {
        var problems = new List<(string, string)>();
        var lines = Lines(state, catalogue);
        if (lines.Count == 0)
        {
            problems.Add(("order.empty", "Votre commande ne contient aucun produit."));
        }

        if (catalogue.Offers.FirstOrDefault(o => o.Principal) is { } principal)
        {
            foreach (var mandatory in catalogue.Products.Where(p => p.MandatoryForPrincipal && !state.ProductsOf(principal.OfferId).Contains(p.ProductId)))
            {
                problems.Add(("order.mandatory-missing",
                    $"Le produit « {mandatory.Name} » est obligatoire pour votre activité principale « {principal.Name} »."));
            }
        }

        var taken = lines.Select(l => l.ProductId).ToHashSet(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var product = catalogue.Products.First(p => p.ProductId == line.ProductId);
            foreach (var missing in product.Prerequisites.Where(p => !taken.Contains(p)))
            {
                var name = catalogue.Products.FirstOrDefault(p => p.ProductId == missing)?.Name ?? missing;
                problems.Add(("order.prerequisite-missing",
                    $"Le produit « {line.ProductName} » (offre « {line.OfferName} ») nécessite aussi le produit « {name} »."));
            }
        }

        if (state.Method is null)
        {
            problems.Add(("order.payment-method-missing", "Choisissez un mode de paiement : carte bancaire, chèque ou virement."));
        }

        if (MissingAddressParts(state.Address) is { Count: > 0 } parts)
        {
            problems.Add(("order.address-incomplete", $"L'adresse de facturation est incomplète : {string.Join(", ", parts)}."));
        }

        if (termsVersionInForce is null)
        {
            problems.Add(("order.terms-unavailable", "Les conditions générales de vente de l'office ne sont pas disponibles : contactez l'office."));
        }
        else if (state.TermsVersion is null)
        {
            problems.Add(("order.terms-not-accepted", "Vous devez accepter les conditions générales de vente pour valider votre commande."));
        }
        else if (state.TermsVersion != termsVersionInForce)
        {
            problems.Add(("order.terms-outdated",
                $"Les conditions générales de vente ont changé (version {termsVersionInForce}) : lisez-les et acceptez-les à nouveau."));
        }

        return problems;
    }

    internal static IReadOnlyList<string> MissingAddressParts(OrderAddress? address)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(address?.CompanyName))
        {
            missing.Add("raison sociale");
        }

        if (string.IsNullOrWhiteSpace(address?.Street))
        {
            missing.Add("numéro et nom de rue");
        }

        if (address?.PostalCode is not { } postcode || !PostalCode().IsMatch(postcode))
        {
            missing.Add("code postal (5 chiffres)");
        }

        if (string.IsNullOrWhiteSpace(address?.City))
        {
            missing.Add("commune");
        }

        return missing;
    }

    private static OrderAddress Trimmed(OrderAddress a) =>
        new((a.CompanyName ?? "").Trim(), (a.Street ?? "").Trim(), (a.PostalCode ?? "").Trim(), (a.City ?? "").Trim());

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex PostalCode();

    internal static OrderState Evolve(OrderState state, OrderEvent @event) => @event switch
    {
        OrderStarted e => state with { OrderId = e.OrderId, MemberId = e.MemberId, Year = e.Year, Status = OrderStatus.Draft },
        OfferProductsSelected e => state with
        {
            Selections = state.Selections.Any(s => s.OfferId == e.OfferId)
                ? [.. state.Selections.Select(s => s.OfferId == e.OfferId ? (e.OfferId, e.ProductIds) : s)]
                : [.. state.Selections, (e.OfferId, e.ProductIds)],
        },
        PaymentMethodChosen e => state with { Method = e.Method },
        BillingAddressSet e => state with { Address = e.Address },
        TermsAccepted e => state with { TermsVersion = e.Version },
        OrderSubmitted e => state with { Status = OrderStatus.Submitted, Lines = e.Lines, TotalTtc = e.TotalTtc, TotalVat = e.TotalVat, LastRefusal = null },
        OrderSubmissionRefused e => state with { Status = OrderStatus.Draft, Lines = [], TotalTtc = 0, TotalVat = 0, LastRefusal = e.Reason },
        OrderValidated e => state with { Status = OrderStatus.Validated, Number = e.Number },
        InvoiceAttached e => state with
        {
            InvoiceId = e.InvoiceId,
            InvoiceNumber = e.InvoiceNumber,
            CardPaymentReference = e.CardPaymentReference,
            CardPaymentUrl = e.CardPaymentUrl,
        },
        OrderFinalised e => state with { Status = OrderStatus.Finalised, PaidOn = e.PaidOn },
        InformationCheckRequested e => state with { InformationDueOn = e.DueOn },
        InformationConfirmed => state with { InformationConfirmed = true },
        InformationReminderSent e => state with { RemindersSent = [.. state.RemindersSent, e.Step] },
        _ => state,
    };
}
