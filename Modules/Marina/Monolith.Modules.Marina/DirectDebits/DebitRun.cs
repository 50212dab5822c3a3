using System.Globalization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Marina.Mandates;

namespace Monolith.Modules.Marina.DirectDebits;

// The SEPA direct debits of one office for one collection date: stream "marina-debits-{office}-{yyyyMMdd}". A run is short by
// construction (closed with its date): debits are scheduled (the holder is pre-notified at least 14 calendar days ahead), then the run
// is sealed into one pain.008 file (sequence type per debit, recorded), settled on the collection date, and any debit can then be
// rejected or returned (pain.002 status report, or entered by hand).

internal sealed record Debit(string DebitId, string HolderId, string InvoiceId, string InvoiceNumber, long Amount, string MandateId, string Rum);

internal sealed record SealedDebit(string DebitId, SequenceType Sequence);

internal enum DebitStatus
{
    Scheduled,
    Sealed,
    Settled,
    Rejected,
}

internal abstract record DebitCommand;
internal sealed record ScheduleDebit(Debit Debit, DateOnly Today, int NoticeDays, DateTimeOffset At) : DebitCommand;
internal sealed record SealRun(string FileId, string MessageId, IReadOnlyList<SealedDebit> Debits, DateTimeOffset At) : DebitCommand;
internal sealed record SettleDebits(DateOnly On, DateTimeOffset At) : DebitCommand;
internal sealed record RejectDebit(string DebitId, string ReasonCode, string Reason, string Source, DateTimeOffset At) : DebitCommand;

internal abstract record DebitEvent;
internal sealed record DebitScheduled(DateOnly CollectionDate, Debit Debit, DateTimeOffset ScheduledAt) : DebitEvent;
internal sealed record DebitRunSealed(DateOnly CollectionDate, string FileId, string MessageId, IReadOnlyList<SealedDebit> Debits, long ControlSum, DateTimeOffset SealedAt)
    : DebitEvent;
internal sealed record DebitSettled(DateOnly CollectionDate, string DebitId, DateOnly SettledOn, DateTimeOffset RecordedAt) : DebitEvent;
/// <summary>A rejection or return; the decider also publishes <see cref="Contracts.MarinaDirectDebitRejected"/>.</summary>
internal sealed record DebitRejected(
    string OfficeId, string DebitId, string HolderId, string InvoiceId, string InvoiceNumber, string MandateReference, long Amount, DateOnly CollectionDate,
    string ReasonCode, string Reason, bool WasSettled, string Source, DateTimeOffset RejectedAt) : DebitEvent;

internal sealed record DebitRunState(DateOnly? CollectionDate, IReadOnlyList<Debit> Debits, IReadOnlyDictionary<string, DebitStatus> Status,
    IReadOnlyDictionary<string, SequenceType> Sequences, string? FileId)
{
    public static readonly DebitRunState Initial = new(null, [], new Dictionary<string, DebitStatus>(), new Dictionary<string, SequenceType>(), null);

    public bool Sealed => FileId is not null;

    public DebitStatus StatusOf(string debitId) => Status[debitId];
}

internal static class DebitRun
{
    public const int DefaultNoticeDays = 14;

    public static string StreamId(string officeId, DateOnly collectionDate) =>
        $"marina-debits-{officeId}-{collectionDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    public static string PaymentId(string debitId) => $"sdd-{debitId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(DebitScheduled)] = "marina.debit-scheduled",
        [typeof(DebitRunSealed)] = "marina.debit-run-sealed",
        [typeof(DebitSettled)] = "marina.debit-settled",
        [typeof(DebitRejected)] = "marina.debit-rejected",
    };

    public static Decider<DebitCommand, DebitEvent, DebitRunState> For(string officeId, DateOnly collectionDate) =>
        new((c, s) => Decide(officeId, collectionDate, c, s), Evolve, DebitRunState.Initial with { CollectionDate = collectionDate })
        {
            Publish = (_, _, events, _) => events.OfType<DebitRejected>()
                .Select(e => new Contracts.MarinaDirectDebitRejected(e.OfficeId, e.DebitId, e.HolderId, e.InvoiceId, e.InvoiceNumber, e.MandateReference, e.Amount,
                    e.CollectionDate, e.ReasonCode, e.Reason)),
        };

    internal static IReadOnlyList<DebitEvent> Decide(string officeId, DateOnly collectionDate, DebitCommand command, DebitRunState state) => command switch
    {
        ScheduleDebit c when state.Debits.Any(d => d.DebitId == c.Debit.DebitId) => [],
        ScheduleDebit c when state.Debits.Any(d => d.InvoiceId == c.Debit.InvoiceId) => throw new DomainRuleViolation(
            "debit.invoice-already-scheduled", $"La facture {c.Debit.InvoiceNumber} est déjà présentée au prélèvement du {collectionDate:dd/MM/yyyy}.", isConflict: true),
        ScheduleDebit when state.Sealed => throw new DomainRuleViolation(
            "debit.run-sealed", $"Le fichier de prélèvements du {collectionDate:dd/MM/yyyy} est déjà remis à la banque.", isConflict: true),
        ScheduleDebit c when collectionDate.DayNumber - c.Today.DayNumber < c.NoticeDays => throw new DomainRuleViolation(
            "debit.notice-too-short",
            $"Le débiteur doit être prévenu {c.NoticeDays} jours calendaires avant le prélèvement : première date possible le {c.Today.AddDays(c.NoticeDays):dd/MM/yyyy}."),
        ScheduleDebit c when c.Debit.Amount <= 0 => throw new DomainRuleViolation("debit.amount-not-positive", "Le montant d'un prélèvement doit être positif."),
        ScheduleDebit c => [new DebitScheduled(collectionDate, c.Debit, c.At)],

        SealRun when state.Sealed => [],
        SealRun when state.Debits.Count == 0 => throw new DomainRuleViolation("debit.run-empty", "Aucun prélèvement n'est prévu à cette date."),
        SealRun c when !state.Debits.Select(d => d.DebitId).Order(StringComparer.Ordinal).SequenceEqual(c.Debits.Select(d => d.DebitId).Order(StringComparer.Ordinal)) =>
            throw new InvalidOperationException("The file must hold every scheduled debit of the run, once."),
        SealRun c => [new DebitRunSealed(collectionDate, c.FileId, c.MessageId, c.Debits, state.Debits.Sum(d => d.Amount), c.At)],

        SettleDebits c when c.On < collectionDate || !state.Sealed => [],
        SettleDebits c => [.. state.Debits.Where(d => state.StatusOf(d.DebitId) == DebitStatus.Sealed)
            .Select(d => new DebitSettled(collectionDate, d.DebitId, collectionDate, c.At))],

        RejectDebit c when state.Debits.FirstOrDefault(d => d.DebitId == c.DebitId) is not { } debit =>
            throw new NotFoundException($"Prélèvement {c.DebitId} introuvable à la date du {collectionDate:dd/MM/yyyy}."),
        RejectDebit c when state.StatusOf(c.DebitId) == DebitStatus.Rejected => [],
        RejectDebit c when state.StatusOf(c.DebitId) == DebitStatus.Scheduled => throw new DomainRuleViolation(
            "debit.not-sent", "Ce prélèvement n'a pas encore été remis à la banque : il ne peut pas être rejeté.", isConflict: true),
        RejectDebit c => Reject(officeId, collectionDate, c, state),
        _ => throw new DomainRuleViolation("debit.invalid-command", "Cette opération n'est pas possible sur les prélèvements."),
    };

    private static IReadOnlyList<DebitEvent> Reject(string officeId, DateOnly collectionDate, RejectDebit c, DebitRunState state)
    {
        var d = state.Debits.First(x => x.DebitId == c.DebitId);
        return [new DebitRejected(officeId, d.DebitId, d.HolderId, d.InvoiceId, d.InvoiceNumber, d.Rum, d.Amount, collectionDate, c.ReasonCode, c.Reason,
            state.StatusOf(d.DebitId) == DebitStatus.Settled, c.Source, c.At)];
    }

    internal static DebitRunState Evolve(DebitRunState state, DebitEvent @event) => @event switch
    {
        DebitScheduled e => state with
        {
            CollectionDate = e.CollectionDate,
            Debits = [.. state.Debits, e.Debit],
            Status = new Dictionary<string, DebitStatus>(state.Status) { [e.Debit.DebitId] = DebitStatus.Scheduled },
        },
        DebitRunSealed e => state with
        {
            FileId = e.FileId,
            Status = e.Debits.Aggregate(new Dictionary<string, DebitStatus>(state.Status), (acc, d) => { acc[d.DebitId] = DebitStatus.Sealed; return acc; }),
            Sequences = e.Debits.ToDictionary(d => d.DebitId, d => d.Sequence),
        },
        DebitSettled e => state with { Status = new Dictionary<string, DebitStatus>(state.Status) { [e.DebitId] = DebitStatus.Settled } },
        DebitRejected e => state with { Status = new Dictionary<string, DebitStatus>(state.Status) { [e.DebitId] = DebitStatus.Rejected } },
        _ => state,
    };

    /// <summary>The ISO 20022 reason codes a clerk meets most, in French (others are shown as their code).</summary>
    public static string ReasonText(string code) => code switch
    {
        "AC01" => "IBAN incorrect",
        "AC04" => "Compte clôturé",
        "AC06" => "Compte bloqué",
        "AG01" => "Prélèvement interdit sur ce compte",
        "AM04" => "Provision insuffisante",
        "MD01" => "Pas de mandat valide",
        "MD02" => "Données du mandat incomplètes ou incorrectes",
        "MD06" => "Remboursement demandé par le débiteur",
        "MS02" => "Refus du débiteur",
        "MS03" => "Motif non communiqué",
        "SL01" => "Service spécifique de la banque du débiteur",
        _ => $"Motif {code}",
    };
}
