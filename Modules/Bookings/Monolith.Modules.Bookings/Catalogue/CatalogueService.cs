using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Bookings.Catalogue;

// The services catalogue: what the office sells to groups and stays, its own services and its partner providers' (guided visit,
// activity, meal, night...). Stream: "bookings-service-{serviceId}" (tenant in the metadata). A quote line may name a catalogue
// service: the quote copies the service as it stands that day (changing the catalogue never changes a quote).

internal enum ServiceKind
{
    GuidedVisit,
    Activity,
    Meal,
    Night,
    Rental,
    Other,
}

/// <summary>A partner provider (null on the service = the office's own service). <paramref name="ProviderId"/> is stable within the
/// office; <paramref name="Siren"/> when known.</summary>
internal sealed record ServiceProvider(string ProviderId, string Name, string? Siren);

/// <summary>A service as sold: unit price TTC (cents) per person or per unit, VAT rate (basis points), duration, with or without
/// lodging, the group sizes it takes (min/max participants, null = no limit), whether it is excluded from free places, its provider
/// and whether the money is collected for the provider (third-party funds: the office is the provider's agent).</summary>
internal sealed record ServiceDefinition(
    string Label,
    ServiceKind Kind,
    bool WithLodging,
    string? Duration,
    long UnitPriceTtc,
    int VatRateBasisPoints,
    bool PerPerson,
    int? MinParticipants,
    int? MaxParticipants,
    bool ExcludedFromFreePlaces,
    ServiceProvider? Provider,
    bool ThirdPartyFunds);

internal abstract record CatalogueCommand;
internal sealed record AddService(string ServiceId, ServiceDefinition Definition, DateTimeOffset At) : CatalogueCommand;
internal sealed record ChangeService(ServiceDefinition Definition, DateTimeOffset At) : CatalogueCommand;
internal sealed record WithdrawService(DateTimeOffset At) : CatalogueCommand;

internal abstract record CatalogueEvent(string ServiceId);
internal sealed record ServiceAdded(string ServiceId, ServiceDefinition Definition, DateTimeOffset At) : CatalogueEvent(ServiceId);
internal sealed record ServiceChanged(string ServiceId, ServiceDefinition Definition, DateTimeOffset At) : CatalogueEvent(ServiceId);
internal sealed record ServiceWithdrawn(string ServiceId, DateTimeOffset At) : CatalogueEvent(ServiceId);

internal sealed record CatalogueServiceState(string? ServiceId, ServiceDefinition? Definition, bool Withdrawn)
{
    public static readonly CatalogueServiceState Initial = new(null, null, false);

    public bool Exists => ServiceId is not null;
}

internal static class CatalogueService
{
    public static string StreamId(string serviceId) => $"bookings-service-{serviceId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(ServiceAdded)] = "bookings.service-added",
        [typeof(ServiceChanged)] = "bookings.service-changed",
        [typeof(ServiceWithdrawn)] = "bookings.service-withdrawn",
    };

    public static readonly Decider<CatalogueCommand, CatalogueEvent, CatalogueServiceState> Decider = new(Decide, Evolve, CatalogueServiceState.Initial);

    internal static IReadOnlyList<CatalogueEvent> Decide(CatalogueCommand command, CatalogueServiceState s) => (command, s) switch
    {
        (AddService c, { Exists: true }) when c.ServiceId == s.ServiceId => [],
        (AddService c, _) => [new ServiceAdded(c.ServiceId, Checked(c.Definition), c.At)],
        (_, { Exists: false }) => throw new NotFoundException("Prestation introuvable dans le catalogue."),
        (ChangeService, { Withdrawn: true }) => throw new DomainRuleViolation("service.withdrawn", "Cette prestation est retirée du catalogue : elle ne se modifie plus.",
            isConflict: true),
        (ChangeService c, _) when c.Definition == s.Definition => [],
        (ChangeService c, _) => [new ServiceChanged(s.ServiceId!, Checked(c.Definition), c.At)],
        (WithdrawService, { Withdrawn: true }) => [],
        (WithdrawService c, _) => [new ServiceWithdrawn(s.ServiceId!, c.At)],
        _ => throw new DomainRuleViolation("service.invalid-step", "Opération impossible sur cette prestation."),
    };

    private static ServiceDefinition Checked(ServiceDefinition d)
    {
        if (d.MinParticipants is { } min && d.MaxParticipants is { } max && min > max)
        {
            throw new DomainRuleViolation("service.participants", $"Le minimum de participants ({min}) dépasse le maximum ({max}).");
        }

        if (d.ThirdPartyFunds && d.Provider is null)
        {
            throw new DomainRuleViolation("service.provider", "Les fonds de tiers sont encaissés pour le compte d'un prestataire : indiquez-le.");
        }

        return d with { Label = d.Label.Trim(), Duration = string.IsNullOrWhiteSpace(d.Duration) ? null : d.Duration.Trim() };
    }

    /// <summary>Whether a party of <paramref name="people"/> fits the service's group sizes; the French reason when it does not.</summary>
    public static string? ParticipantsRefusal(ServiceDefinition d, int people) =>
        d.MinParticipants is { } min && people < min ? $"« {d.Label} » se réserve à partir de {min} participants ({people} prévus)."
        : d.MaxParticipants is { } max && people > max ? $"« {d.Label} » accueille au plus {max} participants ({people} prévus)."
        : null;

    internal static CatalogueServiceState Evolve(CatalogueServiceState s, CatalogueEvent e) => e switch
    {
        ServiceAdded x => new CatalogueServiceState(x.ServiceId, x.Definition, false),
        ServiceChanged x => s with { Definition = x.Definition },
        ServiceWithdrawn => s with { Withdrawn = true },
        _ => s,
    };
}
