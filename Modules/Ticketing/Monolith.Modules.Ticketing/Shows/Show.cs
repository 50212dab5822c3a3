using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;

namespace Monolith.Modules.Ticketing.Shows;

/// <summary>What is sold: a live show (5.5 % VAT), an admission to a site (10 %), a leisure activity or another service (20 %).</summary>
internal enum ShowKind
{
    LiveShow,
    SiteAdmission,
    LeisureActivity,
    OtherService,
}

internal enum RateKind
{
    /// <summary>Plein tarif.</summary>
    Full,

    /// <summary>Tarif réduit: the proof named in <see cref="Rate.ProofRequired"/> is checked at the entrance.</summary>
    Reduced,

    /// <summary>Tarif groupe: at least <see cref="Rate.GroupMinimum"/> seats in one line.</summary>
    Group,

    /// <summary>Tarif abonné: an active subscriber number (Subscriptions' directory) per line.</summary>
    Subscriber,

    /// <summary>Gratuit (exonéré, invitation): face value 0.</summary>
    Free,
}

/// <summary>A rate and its face value TTC per seat category (cents). A category missing from <paramref name="Prices"/> is not sold at this rate.</summary>
internal sealed record Rate(string Code, string Label, RateKind Kind, IReadOnlyDictionary<string, long> Prices, string? ProofRequired = null, int? GroupMinimum = null);

/// <summary>Who runs the show. A partner's takings are third-party funds (collected on its behalf): its tickets are invoiced in its name
/// (billing's <c>OnBehalfOf</c>), owed to it and paid out to it (ADR 0022). <paramref name="ProviderId"/> and <paramref name="Siren"/>
/// (optional fields added later: null in older events) identify the partner in billing; without an id, one is derived from the name.</summary>
internal sealed record Organiser(string Name, bool IsPartner, string? ProviderId = null, string? Siren = null)
{
    /// <summary>The partner as billing's provider (null when the office itself organises).</summary>
    public Billing.Contracts.ThirdPartyProvider? AsProvider() =>
        IsPartner ? new Billing.Contracts.ThirdPartyProvider(ProviderId ?? DefaultProviderId(Name), Name, Siren) : null;

    /// <summary>"Théâtre du Port" → "organiser-theatre-du-port": the same name gives the same provider across shows.</summary>
    public static string DefaultProviderId(string name)
    {
        var normalised = name.Trim().Normalize(System.Text.NormalizationForm.FormD);
        var slug = new System.Text.StringBuilder();
        foreach (var c in normalised)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return "organiser-" + slug.ToString().Trim('-');
    }
}

internal abstract record ShowCommand;

internal sealed record CreateShow(
    string ShowId,
    string Name,
    ShowKind Kind,
    Organiser Organiser,
    IReadOnlyList<Rate> Rates,
    long HandlingFeePerTicket,
    int MaxSeatsPerPerson,
    int MaxSeatsPerOrder,
    bool Nominative,
    bool TransfersAllowed,
    DateTimeOffset At) : ShowCommand;

internal abstract record ShowEvent;

internal sealed record ShowCreated(
    string ShowId,
    string Name,
    ShowKind Kind,
    Organiser Organiser,
    int VatBasisPoints,
    IReadOnlyList<Rate> Rates,
    long HandlingFeePerTicket,
    int MaxSeatsPerPerson,
    int MaxSeatsPerOrder,
    bool Nominative,
    bool TransfersAllowed,
    DateTimeOffset At) : ShowEvent;

internal sealed record ShowState(ShowCreated? Definition)
{
    public static readonly ShowState Initial = new((ShowCreated?)null);

    public bool Exists => Definition is not null;

    public ShowCreated Require() => Definition ?? throw new NotFoundException("Ce spectacle ou cette activité n'existe pas.");

    public VatRate Vat => VatRate.Of(Require().VatBasisPoints);

    public Rate RequireRate(string code) => Require().Rates.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase))
        ?? throw new DomainRuleViolation("rate.unknown", $"Le tarif « {code} » n'est pas proposé pour « {Require().Name} ».");
}

/// <summary>Stream <c>ticketing-show-{showId}</c>: the catalogue entry (kind and VAT, organiser, rates and prices, fees, limits).</summary>
internal static class Show
{
    /// <summary>SPEC §5 / Zonza "Billetterie" art. 1: unless the organiser says otherwise, 15 seats per person for one show…</summary>
    public const int DefaultMaxSeatsPerPerson = 15;

    /// <summary>… and 20 seats for one order across several shows.</summary>
    public const int DefaultMaxSeatsPerOrder = 20;

    public static string StreamId(string showId) => $"ticketing-show-{showId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(ShowCreated)] = "ticketing.show-created",
    };

    public static readonly Decider<ShowCommand, ShowEvent, ShowState> Decider = new(Decide, Evolve, ShowState.Initial);

    /// <summary>CGI art. 278-0 bis / 279: 5.5 % live shows, 10 % admissions to sites, 20 % other services (SPEC §7).</summary>
    public static VatRate VatFor(ShowKind kind) => kind switch
    {
        ShowKind.LiveShow => VatRate.Reduced,
        ShowKind.SiteAdmission => VatRate.Intermediate,
        _ => VatRate.Standard,
    };

    internal static IReadOnlyList<ShowEvent> Decide(ShowCommand command, ShowState state) => (command, state) switch
    {
        (CreateShow c, { Exists: true }) when state.Definition!.Name == c.Name.Trim() && state.Definition.Kind == c.Kind => [],
        (CreateShow, { Exists: true }) => throw new DomainRuleViolation("show.exists", "Un spectacle existe déjà avec cet identifiant.", isConflict: true),
        (CreateShow c, _) => [Create(c)],
        _ => throw new DomainRuleViolation("show.invalid-step", "Opération impossible sur ce spectacle."),
    };

    private static ShowCreated Create(CreateShow c)
    {
        if (c.Rates.Count == 0)
        {
            throw new DomainRuleViolation("show.no-rate", "Indiquez au moins un tarif.");
        }

        if (c.Rates.GroupBy(r => r.Code, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            throw new DomainRuleViolation("show.duplicate-rate", "Deux tarifs portent le même code.");
        }

        foreach (var rate in c.Rates)
        {
            if (rate.Kind == RateKind.Group && rate.GroupMinimum is not > 1)
            {
                throw new DomainRuleViolation("rate.group-minimum", $"Le tarif groupe « {rate.Label} » doit fixer un minimum de places (au moins 2).");
            }

            if (rate.Kind == RateKind.Reduced && string.IsNullOrWhiteSpace(rate.ProofRequired))
            {
                throw new DomainRuleViolation("rate.proof", $"Le tarif réduit « {rate.Label} » doit dire quel justificatif sera demandé à l'entrée.");
            }

            if (rate.Kind == RateKind.Free && rate.Prices.Values.Any(p => p != 0))
            {
                throw new DomainRuleViolation("rate.free", $"Le tarif gratuit « {rate.Label} » a un prix nul.");
            }

            if (rate.Prices.Values.Any(p => p < 0))
            {
                throw new DomainRuleViolation("rate.negative", "Un prix ne peut pas être négatif.");
            }
        }

        if (c.MaxSeatsPerPerson < 1 || c.MaxSeatsPerOrder < 1)
        {
            throw new DomainRuleViolation("show.limits", "Les limites de places par personne et par commande sont d'au moins 1.");
        }

        return new ShowCreated(c.ShowId, c.Name.Trim(), c.Kind, c.Organiser, VatFor(c.Kind).BasisPoints, c.Rates, c.HandlingFeePerTicket,
            c.MaxSeatsPerPerson, c.MaxSeatsPerOrder, c.Nominative, c.TransfersAllowed, c.At);
    }

    internal static ShowState Evolve(ShowState state, ShowEvent e) => e switch
    {
        ShowCreated created => new ShowState(created),
        _ => state,
    };
}
