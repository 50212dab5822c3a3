using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Validation;

namespace Monolith.Modules.Marina.Mandates;

// A SEPA Core direct-debit mandate, recurrent, signed by a berth holder for their contract(s). Stream "marina-mandate-{mandateId}".
// The RUM is reserved per creditor (office) before the mandate is signed (RumRegister). Replacing the IBAN is an amendment: same
// mandate, same RUM, same contract link (the next debit carries the amendment indicator and the original account). A mandate unused
// for 36 months lapses (SEPA rulebook): the lapse job warns the office a month before, then marks it lapsed.

internal sealed record DebtorAddress(string Line1, string Line2, string Country = "FR");

internal enum SequenceType
{
    /// <summary>First debit of a recurrent mandate (or the first after a rejected first one).</summary>
    FRST,

    /// <summary>Any later debit of a recurrent mandate.</summary>
    RCUR,
}

internal enum MandateStatus
{
    None,
    Active,
    Lapsed,
}

internal abstract record MandateCommand;
internal sealed record SignMandate(
    string MandateId, string HolderId, string? ContractId, string Rum, string CreditorId, string CreditorName, string DebtorName, DebtorAddress DebtorAddress,
    string Iban, string? Bic, DateOnly SignedOn, DateTimeOffset At) : MandateCommand;
internal sealed record ReplaceAccount(string Iban, string? Bic, DateOnly On, DateTimeOffset At) : MandateCommand;
/// <summary>A debit of this mandate went into a file for <paramref name="CollectionDate"/> with this sequence type.</summary>
internal sealed record RecordDebit(string DebitId, DateOnly CollectionDate, SequenceType Sequence, DateTimeOffset At) : MandateCommand;
internal sealed record RecordDebitRejected(string DebitId, DateTimeOffset At) : MandateCommand;
internal sealed record WarnLapse(DateOnly LapsesOn, DateTimeOffset At) : MandateCommand;
internal sealed record Lapse(DateOnly On, DateTimeOffset At) : MandateCommand;

internal abstract record MandateEvent(string MandateId);
internal sealed record MandateSigned(
    string MandateId,
    [property: DataSubject] string HolderId,
    string? ContractId,
    string Rum,
    string CreditorId,
    string CreditorName,
    [property: PersonalData] string DebtorName,
    [property: PersonalData] DebtorAddress DebtorAddress,
    [property: PersonalData] string Iban,
    string? Bic,
    DateOnly SignedOn,
    DateTimeOffset SignedAt) : MandateEvent(MandateId);
internal sealed record MandateAccountReplaced(
    string MandateId,
    [property: DataSubject] string HolderId,
    [property: PersonalData] string Iban,
    string? Bic,
    [property: PersonalData] string PreviousIban,
    string? PreviousBic,
    DateOnly On,
    DateTimeOffset ReplacedAt) : MandateEvent(MandateId);
internal sealed record MandateDebited(string MandateId, string DebitId, DateOnly CollectionDate, SequenceType Sequence, DateTimeOffset RecordedAt) : MandateEvent(MandateId);
internal sealed record MandateDebitRejected(string MandateId, string DebitId, DateTimeOffset RecordedAt) : MandateEvent(MandateId);
internal sealed record MandateLapseWarned(string MandateId, DateOnly LapsesOn, DateTimeOffset WarnedAt) : MandateEvent(MandateId);
/// <summary>The decider also publishes <see cref="Contracts.MarinaMandateLapsed"/>.</summary>
internal sealed record MandateLapsed(string OfficeId, string MandateId, string MandateReference, string HolderId, DateOnly LastUsedOn, DateOnly LapsedOn)
    : MandateEvent(MandateId);

internal sealed record MandateState(
    string? MandateId,
    string HolderId,
    string? ContractId,
    string Rum,
    string CreditorId,
    string CreditorName,
    string DebtorName,
    DebtorAddress? DebtorAddress,
    string Iban,
    string? Bic,
    DateOnly SignedOn,
    MandateStatus Status,
    IReadOnlyList<(string DebitId, DateOnly CollectionDate, SequenceType Sequence, bool Rejected)> Debits,
    string? IbanBeforeAmendment,
    DateOnly? LapseWarnedFor)
{
    public static readonly MandateState Initial = new(null, "", null, "", "", "", "", null, "", null, default, MandateStatus.None, [], null, null);

    public bool Exists => MandateId is not null;

    /// <summary>FRST until a first debit has gone through (a rejected first debit is presented as FRST again).</summary>
    public SequenceType NextSequence => Debits.Any(d => !d.Rejected) ? SequenceType.RCUR : SequenceType.FRST;

    /// <summary>The last collection date, or the signature date when it was never used: the 36 months run from it.</summary>
    public DateOnly LastUsedOn => Debits.Where(d => !d.Rejected).Select(d => d.CollectionDate).DefaultIfEmpty(SignedOn).Max();

    public DateOnly LapsesOn => LastUsedOn.AddMonths(Mandate.LapseMonths);
}

internal static class Mandate
{
    public const int LapseMonths = 36;

    public static string StreamId(string mandateId) => $"marina-mandate-{mandateId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(MandateSigned)] = "marina.mandate-signed",
        [typeof(MandateAccountReplaced)] = "marina.mandate-account-replaced",
        [typeof(MandateDebited)] = "marina.mandate-debited",
        [typeof(MandateDebitRejected)] = "marina.mandate-debit-rejected",
        [typeof(MandateLapseWarned)] = "marina.mandate-lapse-warned",
        [typeof(MandateLapsed)] = "marina.mandate-lapsed",
    };

    /// <summary>The debtor's rights, printed on the mandate (SEPA Core rulebook).</summary>
    public const string DebtorRights =
        "En signant ce formulaire de mandat, vous autorisez le créancier à envoyer des instructions à votre banque pour débiter votre compte, et votre " +
        "banque à débiter votre compte conformément aux instructions du créancier. Vous bénéficiez du droit d'être remboursé par votre banque selon " +
        "les conditions décrites dans la convention que vous avez passée avec elle. Une demande de remboursement doit être présentée dans les " +
        "8 semaines suivant la date de débit de votre compte pour un prélèvement autorisé, et au plus tard dans les 13 mois en cas de prélèvement " +
        "non autorisé.";

    public static Decider<MandateCommand, MandateEvent, MandateState> For(string officeId) =>
        new((c, s) => Decide(officeId, c, s), Evolve, MandateState.Initial)
        {
            Publish = (_, _, events, _) => events.OfType<MandateLapsed>()
                .Select(e => new Contracts.MarinaMandateLapsed(e.OfficeId, e.MandateId, e.MandateReference, e.HolderId, e.LastUsedOn, e.LapsedOn)),
        };

    internal static IReadOnlyList<MandateEvent> Decide(string officeId, MandateCommand command, MandateState state) => (command, state) switch
    {
        (SignMandate c, { Exists: true }) when c.MandateId == state.MandateId && c.Rum == state.Rum => [],
        (SignMandate, { Exists: true }) => throw new DomainRuleViolation("mandate.exists", "Ce mandat existe déjà.", isConflict: true),
        (SignMandate c, _) => Sign(c),
        (_, { Exists: false }) => throw new NotFoundException("Mandat introuvable."),

        (ReplaceAccount c, _) when Identifiers.Compact(c.Iban) == state.Iban && Identifiers.Compact(c.Bic) == state.Bic => [],
        (ReplaceAccount, { Status: MandateStatus.Lapsed }) => throw Lapsed(state),
        (ReplaceAccount c, _) => [new MandateAccountReplaced(state.MandateId!, state.HolderId, CheckedIban(c.Iban), CheckedBic(c.Bic), state.Iban, state.Bic, c.On, c.At)],

        (RecordDebit c, _) when state.Debits.Any(d => d.DebitId == c.DebitId) => [],
        (RecordDebit, { Status: MandateStatus.Lapsed }) => throw Lapsed(state),
        (RecordDebit c, _) => [new MandateDebited(state.MandateId!, c.DebitId, c.CollectionDate, c.Sequence, c.At)],
        (RecordDebitRejected c, _) when state.Debits.Any(d => d.DebitId == c.DebitId && !d.Rejected) => [new MandateDebitRejected(state.MandateId!, c.DebitId, c.At)],
        (RecordDebitRejected, _) => [],

        (WarnLapse, { Status: MandateStatus.Lapsed }) => [],
        (WarnLapse c, _) when state.LapseWarnedFor == c.LapsesOn => [],
        (WarnLapse c, _) => [new MandateLapseWarned(state.MandateId!, c.LapsesOn, c.At)],
        (Lapse, { Status: MandateStatus.Lapsed }) => [],
        (Lapse c, _) when c.On < state.LapsesOn => throw new DomainRuleViolation(
            "mandate.not-lapsing", $"Le mandat {state.Rum} a servi le {state.LastUsedOn:dd/MM/yyyy} : il reste valable jusqu'au {state.LapsesOn:dd/MM/yyyy}.", isConflict: true),
        (Lapse c, _) => [new MandateLapsed(officeId, state.MandateId!, state.Rum, state.HolderId, state.LastUsedOn, c.On)],
        _ => throw new DomainRuleViolation("mandate.invalid-command", "Cette opération n'est pas possible sur le mandat."),
    };

    private static DomainRuleViolation Lapsed(MandateState state) =>
        new("mandate.lapsed", $"Le mandat {state.Rum} est caduc (36 mois sans prélèvement) : faites signer un nouveau mandat.", isConflict: true);

    private static IReadOnlyList<MandateEvent> Sign(SignMandate c)
    {
        if (!Identifiers.IsValidMandateReference(c.Rum))
        {
            throw new DomainRuleViolation("mandate.rum-invalid", "La référence unique du mandat (RUM) doit compter au plus 35 caractères autorisés.");
        }

        if (!Identifiers.IsValidSepaCreditorId(c.CreditorId))
        {
            throw new DomainRuleViolation("mandate.creditor-id-invalid",
                "L'identifiant créancier SEPA (ICS) de l'office n'est pas valide : renseignez-le dans l'identité de l'office.");
        }

        if (string.IsNullOrWhiteSpace(c.DebtorName) || string.IsNullOrWhiteSpace(c.DebtorAddress.Line1) || string.IsNullOrWhiteSpace(c.DebtorAddress.Line2))
        {
            throw new DomainRuleViolation("mandate.debtor-incomplete", "Le nom et l'adresse du débiteur sont obligatoires.");
        }

        return [new MandateSigned(c.MandateId, c.HolderId, c.ContractId, c.Rum, Identifiers.Compact(c.CreditorId)!, c.CreditorName, c.DebtorName.Trim(),
            c.DebtorAddress, CheckedIban(c.Iban), CheckedBic(c.Bic), c.SignedOn, c.At)];
    }

    private static string CheckedIban(string iban) => Identifiers.IsValidIban(iban)
        ? Identifiers.Compact(iban)!
        : throw new DomainRuleViolation("mandate.iban-invalid", "L'IBAN n'est pas valide : vérifiez sa longueur et ses chiffres de contrôle.");

    private static string? CheckedBic(string? bic) => string.IsNullOrWhiteSpace(bic)
        ? null
        : Identifiers.IsValidBic(bic)
            ? Identifiers.Compact(bic)
            : throw new DomainRuleViolation("mandate.bic-invalid", "Le BIC n'est pas valide : 8 ou 11 caractères (ex. AGRIFRPP ou AGRIFRPP882).");

    internal static MandateState Evolve(MandateState state, MandateEvent @event) => @event switch
    {
        MandateSigned e => state with
        {
            MandateId = e.MandateId,
            HolderId = e.HolderId,
            ContractId = e.ContractId,
            Rum = e.Rum,
            CreditorId = e.CreditorId,
            CreditorName = e.CreditorName,
            DebtorName = e.DebtorName,
            DebtorAddress = e.DebtorAddress,
            Iban = e.Iban,
            Bic = e.Bic,
            SignedOn = e.SignedOn,
            Status = MandateStatus.Active,
        },
        MandateAccountReplaced e => state with { Iban = e.Iban, Bic = e.Bic, IbanBeforeAmendment = state.IbanBeforeAmendment ?? e.PreviousIban },
        // The amendment is announced with the next debit, then it is history.
        MandateDebited e => state with { Debits = [.. state.Debits, (e.DebitId, e.CollectionDate, e.Sequence, false)], IbanBeforeAmendment = null },
        MandateDebitRejected e => state with
        {
            Debits = [.. state.Debits.Select(d => d.DebitId == e.DebitId ? d with { Rejected = true } : d)],
        },
        MandateLapseWarned e => state with { LapseWarnedFor = e.LapsesOn },
        MandateLapsed => state with { Status = MandateStatus.Lapsed },
        _ => state,
    };
}
