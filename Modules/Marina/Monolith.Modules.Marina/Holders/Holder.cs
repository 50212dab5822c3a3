using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.Modules.Marina.Holders;

// A berth holder (plaisancier) of the office, their boats, their declared absences and their portal login. Stream
// "marina-holder-{holderId}". The holder id is also their customer id in billing and the data subject of their personal data.

internal sealed record HolderAddress(string Street, string PostalCode, string City, string Country = "FR");

internal sealed record Boat(string BoatId, string Name, string Registration, int LengthCm, int BeamCm);

internal sealed record Absence(string AbsenceId, DateOnly From, DateOnly To);

internal abstract record HolderCommand;
internal sealed record RegisterHolder(string HolderId, string Name, string? Email, string? Phone, HolderAddress Address, DateTimeOffset At) : HolderCommand;
internal sealed record AddBoat(Boat Boat, DateTimeOffset At) : HolderCommand;
internal sealed record DeclareAbsence(Absence Absence, DateOnly Today, DateTimeOffset At) : HolderCommand;
internal sealed record OpenPortalAccount(string UserId, string Email, string How, DateTimeOffset At) : HolderCommand;
internal sealed record AttachServiceInvoice(MarinaInvoice Invoice, DateTimeOffset At) : HolderCommand;

/// <summary>An invoice billing issued for the holder at the marina's request (a contract's, or a service's: "Facture de prestation").</summary>
internal sealed record MarinaInvoice(string InvoiceId, string Number, string Label, DateOnly IssueDate, DateOnly DueDate, long TotalTtc);

internal abstract record HolderEvent;
internal sealed record HolderRegistered(
    [property: DataSubject] string HolderId,
    [property: PersonalData] string Name,
    [property: PersonalData] string? Email,
    [property: PersonalData] string? Phone,
    [property: PersonalData] HolderAddress Address,
    DateTimeOffset RegisteredAt) : HolderEvent;
internal sealed record BoatAdded(string HolderId, Boat Boat, DateTimeOffset AddedAt) : HolderEvent;
internal sealed record AbsenceDeclared(string HolderId, Absence Absence, DateTimeOffset DeclaredAt) : HolderEvent;
/// <summary>A portal login was opened for the holder; <paramref name="How"/>: <c>known-email</c> (case 1 of the seed) or
/// <c>invoice-proof</c> (case 2: "j'ai un contrat").</summary>
internal sealed record PortalAccountOpened(
    [property: DataSubject] string HolderId, string UserId, [property: PersonalData] string Email, string How, DateTimeOffset OpenedAt) : HolderEvent;

internal sealed record ServiceInvoiceAttached(string HolderId, MarinaInvoice Invoice, DateTimeOffset AttachedAt) : HolderEvent;

internal sealed record HolderState(
    string? HolderId, string Name, string? Email, HolderAddress? Address, IReadOnlyList<Boat> Boats, IReadOnlyList<Absence> Absences, string? PortalUserId,
    IReadOnlyList<string> ServiceInvoices)
{
    public static readonly HolderState Initial = new(null, "", null, null, [], [], null, []);

    public bool Exists => HolderId is not null;
}

internal static class Holder
{
    public static string StreamId(string holderId) => $"marina-holder-{holderId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(HolderRegistered)] = "marina.holder-registered",
        [typeof(BoatAdded)] = "marina.boat-added",
        [typeof(AbsenceDeclared)] = "marina.absence-declared",
        [typeof(PortalAccountOpened)] = "marina.portal-account-opened",
        [typeof(ServiceInvoiceAttached)] = "marina.service-invoice-attached",
    };

    public static readonly Decider<HolderCommand, HolderEvent, HolderState> Decider = new(Decide, Evolve, HolderState.Initial);

    internal static IReadOnlyList<HolderEvent> Decide(HolderCommand command, HolderState state) => (command, state) switch
    {
        (RegisterHolder c, { Exists: true }) when c.HolderId == state.HolderId => [],
        (RegisterHolder c, _) => [new HolderRegistered(c.HolderId, c.Name.Trim(), Normalise(c.Email), c.Phone?.Trim(), c.Address, c.At)],
        (_, { Exists: false }) => throw new NotFoundException("Plaisancier introuvable."),
        (AddBoat c, _) when state.Boats.FirstOrDefault(b => b.BoatId == c.Boat.BoatId) is { } existing => existing == c.Boat
            ? []
            : throw new DomainRuleViolation("boat.exists", $"Le bateau {c.Boat.BoatId} est déjà enregistré autrement.", isConflict: true),
        (AddBoat c, _) => [new BoatAdded(state.HolderId!, c.Boat, c.At)],
        (DeclareAbsence c, _) when c.Absence.To < c.Absence.From =>
            throw new DomainRuleViolation("absence.dates", "La date de retour précède la date de départ."),
        (DeclareAbsence c, _) when c.Absence.To < c.Today =>
            throw new DomainRuleViolation("absence.past", "Une absence se déclare à l'avance : ces dates sont passées."),
        (DeclareAbsence c, _) when state.Absences.Any(a => a.AbsenceId == c.Absence.AbsenceId) => [],
        (DeclareAbsence c, _) when state.Absences.Any(a => a.From <= c.Absence.To && c.Absence.From <= a.To) =>
            throw new DomainRuleViolation("absence.overlap", "Cette absence chevauche une absence déjà déclarée.", isConflict: true),
        (DeclareAbsence c, _) => [new AbsenceDeclared(state.HolderId!, c.Absence, c.At)],
        (OpenPortalAccount c, _) when state.PortalUserId == c.UserId => [],
        (OpenPortalAccount c, _) => [new PortalAccountOpened(state.HolderId!, c.UserId, Normalise(c.Email)!, c.How, c.At)],
        (AttachServiceInvoice c, _) when state.ServiceInvoices.Contains(c.Invoice.InvoiceId) => [],
        (AttachServiceInvoice c, _) => [new ServiceInvoiceAttached(state.HolderId!, c.Invoice, c.At)],
        _ => throw new DomainRuleViolation("holder.invalid-command", "Cette modification du plaisancier n'est pas possible."),
    };

    internal static HolderState Evolve(HolderState state, HolderEvent @event) => @event switch
    {
        HolderRegistered e => state with { HolderId = e.HolderId, Name = e.Name, Email = e.Email, Address = e.Address },
        BoatAdded e => state with { Boats = [.. state.Boats, e.Boat] },
        AbsenceDeclared e => state with { Absences = [.. state.Absences, e.Absence] },
        PortalAccountOpened e => state with { PortalUserId = e.UserId, Email = state.Email ?? e.Email },
        ServiceInvoiceAttached e => state with { ServiceInvoices = [.. state.ServiceInvoices, e.Invoice.InvoiceId] },
        _ => state,
    };

    public static string? Normalise(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
}
