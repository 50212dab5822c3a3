using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Ticketing.Admissions;

internal abstract record AdmissionCommand;

/// <summary>A scan at a gate. <paramref name="ScannedAt"/>: when the scanner read the ticket (an offline scanner uploads later);
/// <paramref name="Offline"/>: it came in a batch.</summary>
internal sealed record ScanTicket(string TicketId, string SessionId, DateTimeOffset ScannedAt, string Gate, string ScannerId, bool Offline, DateTimeOffset ReceivedAt) : AdmissionCommand;

internal abstract record AdmissionEvent;

internal sealed record TicketAdmitted(string TicketId, string SessionId, DateTimeOffset ScannedAt, string Gate, string ScannerId, bool Offline, DateTimeOffset ReceivedAt) : AdmissionEvent;

/// <summary>A scan of a ticket that had already been scanned earlier (by scan time): refused, with the first scan's time and gate.</summary>
internal sealed record ScanRefused(string TicketId, DateTimeOffset ScannedAt, string Gate, string ScannerId, bool Offline, DateTimeOffset FirstScannedAt, string FirstGate, DateTimeOffset ReceivedAt) : AdmissionEvent;

/// <summary>A late offline batch holds a scan earlier than the one recorded as first: it becomes the first (first scan wins by scan
/// time); the scan admitted before is now the duplicate, reported to the organiser.</summary>
internal sealed record EarlierScanRecorded(string TicketId, DateTimeOffset ScannedAt, string Gate, string ScannerId, DateTimeOffset SupersededScanAt, string SupersededGate, DateTimeOffset ReceivedAt) : AdmissionEvent;

internal sealed record FirstScan(DateTimeOffset At, string Gate, string ScannerId);

internal sealed record AdmissionState(FirstScan? First, int Refused)
{
    public static readonly AdmissionState Initial = new(null, 0);
}

/// <summary>Stream <c>ticketing-admission-{ticketId}</c>: the entrance record of one ticket (Zonza art. 4.3: "seule la première personne à
/// présenter le billet sera admise"). The first append wins by construction (expected revision), so two gates scanning the same ticket
/// at the same instant admit once.</summary>
internal static class Admission
{
    public static string StreamId(string ticketId) => $"ticketing-admission-{ticketId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(TicketAdmitted)] = "ticketing.ticket-admitted",
        [typeof(ScanRefused)] = "ticketing.ticket-scan-refused",
        [typeof(EarlierScanRecorded)] = "ticketing.ticket-earlier-scan-recorded",
    };

    public static readonly Decider<AdmissionCommand, AdmissionEvent, AdmissionState> Decider = new(Decide, Evolve, AdmissionState.Initial);

    internal static IReadOnlyList<AdmissionEvent> Decide(AdmissionCommand command, AdmissionState state) => (command, state) switch
    {
        (ScanTicket c, { First: null }) => [new TicketAdmitted(c.TicketId, c.SessionId, c.ScannedAt, c.Gate, c.ScannerId, c.Offline, c.ReceivedAt)],
        (ScanTicket c, { First: { } first }) when c.ScannedAt == first.At && c.Gate == first.Gate && c.ScannerId == first.ScannerId => [], // the same scan uploaded twice
        (ScanTicket c, { First: { } first }) when c.Offline && c.ScannedAt < first.At =>
            [new EarlierScanRecorded(c.TicketId, c.ScannedAt, c.Gate, c.ScannerId, first.At, first.Gate, c.ReceivedAt)],
        (ScanTicket c, { First: { } first }) => [new ScanRefused(c.TicketId, c.ScannedAt, c.Gate, c.ScannerId, c.Offline, first.At, first.Gate, c.ReceivedAt)],
        _ => throw new DomainRuleViolation("admission.invalid-step", "Opération impossible."),
    };

    internal static AdmissionState Evolve(AdmissionState state, AdmissionEvent e) => e switch
    {
        TicketAdmitted a => state with { First = new FirstScan(a.ScannedAt, a.Gate, a.ScannerId) },
        EarlierScanRecorded x => new AdmissionState(new FirstScan(x.ScannedAt, x.Gate, x.ScannerId), state.Refused + 1),
        ScanRefused => state with { Refused = state.Refused + 1 },
        _ => state,
    };
}
