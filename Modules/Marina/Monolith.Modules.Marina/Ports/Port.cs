using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Marina.Ports;

// The port of one office: its berths (places on pontoons) and its price list per season. Stream "marina-port-{office}". It holds
// configuration, not business volume (a port has a few hundred berths and one price list a year), so it is not closed per period.

internal sealed record Berth(string BerthId, string Pontoon, string Number, string Category, int MaxLengthCm, int MaxBeamCm);

/// <summary>The annual price TTC of a berth of a size category (e.g. "B" = up to 8 m).</summary>
internal sealed record CategoryPrice(string Category, long AnnualPriceTtc);

/// <summary>An option of the contract (electricity, water...) with its annual price TTC.</summary>
internal sealed record OptionPrice(string Code, string Label, long AnnualPriceTtc);

/// <summary>A season's prices, all at one VAT rate (berth rental: 20 %).</summary>
internal sealed record PriceList(int Season, DateOnly SeasonStart, DateOnly SeasonEnd, IReadOnlyList<CategoryPrice> Categories, IReadOnlyList<OptionPrice> Options,
    int VatBasisPoints = 2000);

/// <summary>The office's renewal plan for a season: on <paramref name="ProposeOn"/> the renewal job proposes next season's contracts
/// (same berth, the season's price list); on <paramref name="TacitRenewalOn"/>, if the office chose tacit renewal, the proposals not
/// signed by then are renewed and invoiced.</summary>
internal sealed record RenewalPlan(int Season, DateOnly ProposeOn, DateOnly? TacitRenewalOn);

internal abstract record PortCommand;
internal sealed record AddBerth(Berth Berth, DateTimeOffset At) : PortCommand;
internal sealed record SetPriceList(PriceList PriceList, DateTimeOffset At) : PortCommand;
internal sealed record PlanRenewal(RenewalPlan Plan, DateTimeOffset At) : PortCommand;

internal abstract record PortEvent;
internal sealed record BerthAdded(Berth Berth, DateTimeOffset AddedAt) : PortEvent;
internal sealed record PriceListSet(PriceList PriceList, DateTimeOffset SetAt) : PortEvent;
internal sealed record RenewalPlanned(RenewalPlan Plan, DateTimeOffset PlannedAt) : PortEvent;

internal sealed record PortState(IReadOnlyDictionary<string, Berth> Berths, IReadOnlyDictionary<int, PriceList> PriceLists,
    IReadOnlyDictionary<int, RenewalPlan> Renewals)
{
    public static readonly PortState Initial = new(new Dictionary<string, Berth>(), new Dictionary<int, PriceList>(), new Dictionary<int, RenewalPlan>());
}

internal static class Port
{
    public static string StreamId(string officeId) => $"marina-port-{officeId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(BerthAdded)] = "marina.berth-added",
        [typeof(PriceListSet)] = "marina.price-list-set",
        [typeof(RenewalPlanned)] = "marina.renewal-planned",
    };

    public static readonly Decider<PortCommand, PortEvent, PortState> Decider = new(Decide, Evolve, PortState.Initial);

    internal static IReadOnlyList<PortEvent> Decide(PortCommand command, PortState state) => command switch
    {
        AddBerth c when state.Berths.TryGetValue(c.Berth.BerthId, out var existing) => existing == c.Berth
            ? []
            : throw new DomainRuleViolation("berth.exists", $"La place {c.Berth.BerthId} existe déjà avec d'autres caractéristiques.", isConflict: true),
        AddBerth c when state.Berths.Values.Any(b => b.Pontoon == c.Berth.Pontoon && b.Number == c.Berth.Number) =>
            throw new DomainRuleViolation("berth.number-taken", $"Le ponton {c.Berth.Pontoon} a déjà une place n° {c.Berth.Number}.", isConflict: true),
        AddBerth c => [new BerthAdded(c.Berth, c.At)],
        SetPriceList c when c.PriceList.SeasonEnd < c.PriceList.SeasonStart =>
            throw new DomainRuleViolation("price-list.season-dates", "La fin de saison précède son début."),
        SetPriceList c when state.PriceLists.TryGetValue(c.PriceList.Season, out var current) && Same(current, c.PriceList) => [],
        SetPriceList c => [new PriceListSet(c.PriceList, c.At)],
        PlanRenewal c when !state.PriceLists.ContainsKey(c.Plan.Season) => throw new DomainRuleViolation(
            "renewal.no-price-list", $"Saisissez d'abord le tarif de la saison {c.Plan.Season} : les renouvellements en sont tarifés."),
        PlanRenewal c when c.Plan.TacitRenewalOn is { } tacit && tacit <= c.Plan.ProposeOn => throw new DomainRuleViolation(
            "renewal.tacit-before-proposal", "La date de reconduction tacite doit suivre la date des propositions."),
        PlanRenewal c when state.Renewals.TryGetValue(c.Plan.Season, out var plan) && plan == c.Plan => [],
        PlanRenewal c => [new RenewalPlanned(c.Plan, c.At)],
        _ => throw new DomainRuleViolation("port.invalid-command", "Cette modification du port n'est pas possible."),
    };

    internal static PortState Evolve(PortState state, PortEvent @event) => @event switch
    {
        BerthAdded e => state with { Berths = new Dictionary<string, Berth>(state.Berths) { [e.Berth.BerthId] = e.Berth } },
        PriceListSet e => state with { PriceLists = new Dictionary<int, PriceList>(state.PriceLists) { [e.PriceList.Season] = e.PriceList } },
        RenewalPlanned e => state with { Renewals = new Dictionary<int, RenewalPlan>(state.Renewals) { [e.Plan.Season] = e.Plan } },
        _ => state,
    };

    private static bool Same(PriceList a, PriceList b) =>
        a.Season == b.Season && a.SeasonStart == b.SeasonStart && a.SeasonEnd == b.SeasonEnd && a.VatBasisPoints == b.VatBasisPoints
        && a.Categories.SequenceEqual(b.Categories) && a.Options.SequenceEqual(b.Options);
}
