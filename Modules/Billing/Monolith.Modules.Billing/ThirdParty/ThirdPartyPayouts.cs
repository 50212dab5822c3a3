using System.Collections.Immutable;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Modules.Billing.ThirdParty;

// The payouts of third-party funds to one provider ("billing-third-party:{office}:{provider}", ADR 0022): a few events a year per
// provider (one per payout), so the stream stays small without being closed per period. What the office collected for the provider is
// on the invoices and credit notes (their lines carry the provider); the command brings the net collected amount read at the edge and
// the decider refuses to pay out more than that net less what this stream already paid out — concurrent payouts conflict on the
// stream's revision, so two of them can never both spend the same balance.

internal abstract record PayoutCommand;

/// <summary>Pays <paramref name="Amount"/> (cents) to the provider on <paramref name="PaidOn"/>. <paramref name="NetCollected"/>: the
/// provider's invoiced lines less credited lines, all time (from the read model).</summary>
internal sealed record RecordThirdPartyPayout(
    string PayoutId, ThirdPartyProvider Provider, long Amount, DateOnly PaidOn, PaymentMethod Method, string? Reference, long NetCollected, DateTimeOffset At)
    : PayoutCommand;

internal abstract record PayoutEvent;

/// <summary>Third-party funds paid out to the provider (FEC: 467 provider's auxiliary debited, bank 512 or cash 530 credited).</summary>
internal sealed record ThirdPartyPayoutRecorded(
    string PayoutId, string OfficeId, ThirdPartyProvider Provider, long Amount, DateOnly PaidOn, PaymentMethod Method, string? Reference, DateTimeOffset At)
    : PayoutEvent;

internal sealed record PayoutsState(string? OfficeId, long PaidOut, ImmutableHashSet<string> PayoutIds)
{
    public static readonly PayoutsState Initial = new(null, 0, ImmutableHashSet<string>.Empty);
}

internal static class ThirdPartyPayouts
{
    public static string StreamId(string officeId, string providerId) => StreamIds.For("billing-third-party", officeId, providerId);

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(ThirdPartyPayoutRecorded)] = "billing.third-party-payout-recorded",
    };

    public static Decider<PayoutCommand, PayoutEvent, PayoutsState> For(string officeId) =>
        new((c, s) => Decide(officeId, c, s), Evolve, PayoutsState.Initial);

    internal static IReadOnlyList<PayoutEvent> Decide(string officeId, PayoutCommand command, PayoutsState state) => command switch
    {
        RecordThirdPartyPayout c when state.PayoutIds.Contains(c.PayoutId) => [], // the same payout recorded again
        RecordThirdPartyPayout c when c.Amount <= 0 =>
            throw new DomainRuleViolation("third-party.payout-not-positive", "Le montant du reversement doit être positif."),
        RecordThirdPartyPayout c when c.Amount > c.NetCollected - state.PaidOut =>
            throw new DomainRuleViolation(
                "third-party.payout-exceeds-balance",
                $"Le reversement ({BuildingBlocks.Money.Euros.Format(c.Amount)}) dépasse le montant dû à {c.Provider.Name} " +
                $"({BuildingBlocks.Money.Euros.Format(Math.Max(0, c.NetCollected - state.PaidOut))})."),
        RecordThirdPartyPayout c => [new ThirdPartyPayoutRecorded(c.PayoutId, officeId, c.Provider, c.Amount, c.PaidOn, c.Method, c.Reference, c.At)],
        _ => throw new DomainRuleViolation("billing.invalid-command", "This command is not possible on a provider's payouts."),
    };

    internal static PayoutsState Evolve(PayoutsState state, PayoutEvent @event) => @event switch
    {
        ThirdPartyPayoutRecorded e => state with { OfficeId = e.OfficeId, PaidOut = state.PaidOut + e.Amount, PayoutIds = state.PayoutIds.Add(e.PayoutId) },
        _ => state,
    };
}
