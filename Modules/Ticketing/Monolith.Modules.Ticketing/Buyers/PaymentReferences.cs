using System.Security.Cryptography;
using System.Text;
using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Ticketing.Buyers;

internal abstract record PaymentReferenceCommand;

/// <summary>Binds a payment reference (the provider's payment or card reference the checkout got before placing the order) to an order.</summary>
internal sealed record ClaimPaymentReference(string OrderId, DateTimeOffset At) : PaymentReferenceCommand;

/// <summary>The order did not go through (a hold expired meanwhile): the reference is free again.</summary>
internal sealed record ReleasePaymentReference(string OrderId, DateTimeOffset At) : PaymentReferenceCommand;

internal abstract record PaymentReferenceEvent;

internal sealed record PaymentReferenceClaimed(string OrderId, DateTimeOffset At) : PaymentReferenceEvent;

internal sealed record PaymentReferenceReleased(string OrderId, DateTimeOffset At) : PaymentReferenceEvent;

internal sealed record PaymentReferenceState(string? OrderId)
{
    public static readonly PaymentReferenceState Initial = new((string?)null);
}

/// <summary>Stream <c>ticketing-payment-reference-{hash}</c>: one payment reference pays one order. Placing the same order again with it
/// changes nothing (idempotent); another order with the same reference is refused (409) — the reference is also one of the buyer's
/// identity keys for the per-person limits (<see cref="BuyerKeys"/>). The reference is stored hashed with the office id.</summary>
internal static class PaymentReferences
{
    public static string StreamId(string officeId, string reference) =>
        "ticketing-payment-reference-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(officeId + "|" + Normalise(reference))))[..32];

    public static string Normalise(string reference) => reference.Trim().ToUpperInvariant();

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(PaymentReferenceClaimed)] = "ticketing.payment-reference-claimed",
        [typeof(PaymentReferenceReleased)] = "ticketing.payment-reference-released",
    };

    public static readonly Decider<PaymentReferenceCommand, PaymentReferenceEvent, PaymentReferenceState> Decider = new(Decide, Evolve, PaymentReferenceState.Initial);

    internal static IReadOnlyList<PaymentReferenceEvent> Decide(PaymentReferenceCommand command, PaymentReferenceState state) => command switch
    {
        ClaimPaymentReference c when state.OrderId == c.OrderId => [],
        ClaimPaymentReference when state.OrderId is not null => throw new DomainRuleViolation("order.payment-reference",
            "Cette référence de paiement est déjà celle d'une autre commande : une référence de paiement ne règle qu'une commande.", isConflict: true),
        ClaimPaymentReference c => [new PaymentReferenceClaimed(c.OrderId, c.At)],
        ReleasePaymentReference c when state.OrderId == c.OrderId => [new PaymentReferenceReleased(c.OrderId, c.At)],
        ReleasePaymentReference => [],
        _ => throw new DomainRuleViolation("payment-reference.invalid-step", "Opération impossible."),
    };

    internal static PaymentReferenceState Evolve(PaymentReferenceState state, PaymentReferenceEvent e) => e switch
    {
        PaymentReferenceClaimed c => new PaymentReferenceState(c.OrderId),
        PaymentReferenceReleased => PaymentReferenceState.Initial,
        _ => state,
    };
}
