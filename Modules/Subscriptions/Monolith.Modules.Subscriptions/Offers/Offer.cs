using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.Modules.Subscriptions.Offers;

// A subscription offer (tier) of an office: how many users it allows (3 to 10), its yearly price TTC and VAT rate.
// Stream: "subscription-offer-{tenant}-{offerId}".

internal abstract record OfferCommand;
internal sealed record DefineOffer(string OfferId, string Name, int MaxUsers, long PriceTtc, int VatRateBasisPoints, DateTimeOffset At) : OfferCommand;
internal sealed record ChangeOffer(string Name, int MaxUsers, long PriceTtc, int VatRateBasisPoints, DateTimeOffset At) : OfferCommand;
internal sealed record WithdrawOffer(DateTimeOffset At) : OfferCommand;

internal abstract record OfferEvent(string OfferId);
internal sealed record OfferDefined(string OfferId, string Name, int MaxUsers, long PriceTtc, int VatRateBasisPoints, DateTimeOffset At) : OfferEvent(OfferId);
internal sealed record OfferChanged(string OfferId, string Name, int MaxUsers, long PriceTtc, int VatRateBasisPoints, DateTimeOffset At) : OfferEvent(OfferId);
internal sealed record OfferWithdrawn(string OfferId, DateTimeOffset At) : OfferEvent(OfferId);

internal sealed record OfferState(string? OfferId, string Name, int MaxUsers, long PriceTtc, int VatRateBasisPoints, bool Available)
{
    public static readonly OfferState Initial = new(null, string.Empty, 0, 0, 0, false);
    public bool Exists => OfferId is not null;
}

internal static class Offer
{
    public const int MinUsers = 3;
    public const int MaxUsersLimit = 10;

    public static string StreamId(string tenantId, string offerId) => StreamIds.For("subscription-offer", tenantId, offerId);

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(OfferDefined)] = "subscriptions.offer-defined",
        [typeof(OfferChanged)] = "subscriptions.offer-changed",
        [typeof(OfferWithdrawn)] = "subscriptions.offer-withdrawn",
    };

    public static readonly Decider<OfferCommand, OfferEvent, OfferState> Decider = new(Decide, Evolve, OfferState.Initial);

    internal static IReadOnlyList<OfferEvent> Decide(OfferCommand command, OfferState state) => (command, state) switch
    {
        (DefineOffer c, { Exists: true }) when c.OfferId == state.OfferId && c.Name.Trim() == state.Name && c.MaxUsers == state.MaxUsers
            && c.PriceTtc == state.PriceTtc && c.VatRateBasisPoints == state.VatRateBasisPoints => [],
        (DefineOffer, { Exists: true }) => throw new DomainRuleViolation("offer.already-exists", "This offer already exists.", isConflict: true),
        (DefineOffer c, _) => [Validated(new OfferDefined(c.OfferId, c.Name.Trim(), c.MaxUsers, c.PriceTtc, c.VatRateBasisPoints, c.At))],
        (_, { Exists: false }) => throw new NotFoundException("Offer not found."),
        (ChangeOffer c, _) when c.Name.Trim() == state.Name && c.MaxUsers == state.MaxUsers && c.PriceTtc == state.PriceTtc
            && c.VatRateBasisPoints == state.VatRateBasisPoints => [],
        (ChangeOffer c, _) => [Validated(new OfferChanged(state.OfferId!, c.Name.Trim(), c.MaxUsers, c.PriceTtc, c.VatRateBasisPoints, c.At))],
        (WithdrawOffer, { Available: false }) => [],
        (WithdrawOffer c, _) => [new OfferWithdrawn(state.OfferId!, c.At)],
        _ => throw new DomainRuleViolation("offer.invalid-command", "This change is not possible on the offer."),
    };

    internal static OfferState Evolve(OfferState state, OfferEvent @event) => @event switch
    {
        OfferDefined e => new OfferState(e.OfferId, e.Name, e.MaxUsers, e.PriceTtc, e.VatRateBasisPoints, true),
        OfferChanged e => state with { Name = e.Name, MaxUsers = e.MaxUsers, PriceTtc = e.PriceTtc, VatRateBasisPoints = e.VatRateBasisPoints },
        OfferWithdrawn => state with { Available = false },
        _ => state,
    };

    private static T Validated<T>(T e)
        where T : OfferEvent
    {
        var (name, maxUsers, price, vat) = e switch
        {
            OfferDefined d => (d.Name, d.MaxUsers, d.PriceTtc, d.VatRateBasisPoints),
            OfferChanged d => (d.Name, d.MaxUsers, d.PriceTtc, d.VatRateBasisPoints),
            _ => (string.Empty, 0, 0L, 0),
        };
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainRuleViolation("offer.name-required", "An offer needs a name.");
        }

        if (maxUsers is < MinUsers or > MaxUsersLimit)
        {
            throw new DomainRuleViolation("offer.max-users", $"An offer allows from {MinUsers} to {MaxUsersLimit} users.");
        }

        if (price <= 0)
        {
            throw new DomainRuleViolation("offer.price", "The price must be positive (cents TTC).");
        }

        if (vat is < 0 or > 10000)
        {
            throw new DomainRuleViolation("offer.vat-rate", "The VAT rate is in basis points, from 0 to 10000 (2000 = 20 %).");
        }

        return e;
    }
}
