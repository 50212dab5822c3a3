using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.Modules.Billing.Payments;

// One card checkout: "billing-card-{providerReference}". It ties the provider's reference (all the provider's notification carries)
// to the office (the stream's tenant), the customer account and the pending payment, so a notification finds its payment without
// waiting for a read model. The outcome itself (received / failed) is recorded on the customer account.

internal abstract record CardCheckoutCommand;
internal sealed record StartCardCheckout(
    string Provider, string ProviderReference, string CustomerId, string PaymentId, string InvoiceId, string InvoiceNumber, long Amount, DateTimeOffset At)
    : CardCheckoutCommand;

internal abstract record CardCheckoutEvent;
internal sealed record CardCheckoutStarted(
    string Provider, string ProviderReference, string CustomerId, string PaymentId, string InvoiceId, string InvoiceNumber, long Amount, DateTimeOffset StartedAt)
    : CardCheckoutEvent;

internal sealed record CardCheckoutState(CardCheckoutStarted? Started)
{
    public static readonly CardCheckoutState Initial = new((CardCheckoutStarted?)null);
}

internal static class CardCheckout
{
    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(CardCheckoutStarted)] = "billing.card-checkout-started",
    };

    public static readonly Decider<CardCheckoutCommand, CardCheckoutEvent, CardCheckoutState> Decider = new(Decide, Evolve, CardCheckoutState.Initial);

    public static string StreamId(string providerReference) => StreamIds.For("billing-card", providerReference);

    /// <summary>The payment id on the customer account: derived from the provider's reference.</summary>
    public static string PaymentId(string providerReference) => $"card-{providerReference}";

    internal static IReadOnlyList<CardCheckoutEvent> Decide(CardCheckoutCommand command, CardCheckoutState state) => command switch
    {
        StartCardCheckout when state.Started is not null => [],
        StartCardCheckout c when c.Amount <= 0 => throw new DomainRuleViolation("payment.amount-not-positive", "Le montant d'un paiement doit être positif."),
        StartCardCheckout c when string.IsNullOrWhiteSpace(c.ProviderReference) || CardData.ContainsCardNumber(c.ProviderReference) =>
            throw new DomainRuleViolation("payment.provider-reference-required", "Un paiement par carte doit porter la référence du prestataire de paiement."),
        StartCardCheckout c => [new CardCheckoutStarted(c.Provider, c.ProviderReference, c.CustomerId, c.PaymentId, c.InvoiceId, c.InvoiceNumber, c.Amount, c.At)],
        _ => throw new DomainRuleViolation("billing.invalid-command", "This command is not possible on a card checkout."),
    };

    internal static CardCheckoutState Evolve(CardCheckoutState state, CardCheckoutEvent @event) => @event switch
    {
        CardCheckoutStarted e => new CardCheckoutState(e),
        _ => state,
    };
}
