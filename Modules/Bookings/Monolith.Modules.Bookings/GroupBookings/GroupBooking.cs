using System.Collections.Immutable;
using System.Globalization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.GroupBookings.Cancelling;
using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;
using TermsDeadlines = Monolith.Modules.Bookings.Terms.Rules.Deadlines;

namespace Monolith.Modules.Bookings.GroupBookings;

// A group booking, from the quote to the balance (or a cancellation). Stream: "bookings-group-{bookingId}" (tenant in the metadata).
// The terms of sale the quote was issued under travel in the stream (QuoteIssued.Terms): publishing new terms never changes it.

internal enum GroupBookingStatus
{
    None,
    Quoted,
    Signed,
    Confirmed,
    Invoiced,
    Settled,
    Cancelled,
}

internal enum CountKind
{
    Intermediate,
    Final,
}

internal enum OfficeCancellationReason
{
    TooFewParticipants,
    ForceMajeure,
    Other,
    AmendmentRefused,
}

internal abstract record GroupBookingCommand;
internal sealed record IssueQuote(
    string BookingId, BookingCustomer Customer, string Title, DateOnly Start, DateOnly End, bool WithLodging, Party Party,
    IReadOnlyList<ServiceLine> Services, DateOnly QuotedOn, DateOnly? ValidUntil, BookingTerms Terms, string? SubscriberNumber, DateTimeOffset At) : GroupBookingCommand;
internal sealed record SendQuoteReminder(DateOnly On, DateTimeOffset At) : GroupBookingCommand;
internal sealed record SignQuote(string SignedBy, DateOnly SignedOn, DateTimeOffset At) : GroupBookingCommand;
internal sealed record AttachDepositInvoice(string InvoiceId, string Number, DateTimeOffset At) : GroupBookingCommand;
internal sealed record RecordDepositReceived(DateOnly On, DateTimeOffset At) : GroupBookingCommand;
internal sealed record ApplyCreditNote(string CreditNoteId, long Amount, DateOnly On, DateTimeOffset At) : GroupBookingCommand;
internal sealed record RecordParticipantCount(CountKind Kind, Party Party, DateOnly On, DateTimeOffset At) : GroupBookingCommand;
internal sealed record SendParticipantReminder(CountKind Kind, DateOnly On, DateTimeOffset At) : GroupBookingCommand;
/// <summary><paramref name="Lines"/>: the services' lines the final invoice carries (before the deposit's deduction), kept so that a later
/// partial correction credits what was invoiced.</summary>
internal sealed record AttachFinalInvoice(string InvoiceId, string Number, long Total, long Balance, DateTimeOffset At, IReadOnlyList<PricedLine>? Lines = null)
    : GroupBookingCommand;
internal sealed record RecordBalanceReceived(DateOnly On, DateTimeOffset At) : GroupBookingCommand;
internal sealed record MarkVouchersSent(DateOnly On, DateTimeOffset At) : GroupBookingCommand;
internal sealed record CancelByCustomer(DateOnly ReceivedOn, bool NoShow, bool ExceptionalCircumstances, string? Reason, DateTimeOffset At) : GroupBookingCommand;
/// <summary>Force majeure: the services performed are those dated on or before <paramref name="PerformedThrough"/> (per VAT rate and
/// provider, exact), else <paramref name="PerformedServices"/> (an amount, spread over the parts in proportion).</summary>
internal sealed record CancelByOffice(OfficeCancellationReason Reason, DateOnly NotifiedOn, long PerformedServices, string? Explanation, DateTimeOffset At,
    DateOnly? PerformedThrough = null) : GroupBookingCommand;
internal sealed record RevisePrice(long Amount, int VatRateBasisPoints, string Calculation, DateOnly NotifiedOn, DateTimeOffset At) : GroupBookingCommand;
internal sealed record ProposeAmendment(string Description, IReadOnlyList<ServiceLine> Services, DateOnly NotifiedOn, DateTimeOffset At) : GroupBookingCommand;
internal sealed record AcceptAmendment(DateOnly On, DateTimeOffset At) : GroupBookingCommand;
internal sealed record RefuseAmendment(DateOnly On, DateTimeOffset At) : GroupBookingCommand;
internal sealed record TransferBooking(BookingCustomer NewCustomer, DateOnly NotifiedOn, long Fee, DateTimeOffset At) : GroupBookingCommand;
internal sealed record RecordClaim(DateOnly ReceivedOn, DateOnly? DisputedServiceDate, string Description, DateTimeOffset At) : GroupBookingCommand;
internal sealed record AttachCancellationFeeInvoice(string InvoiceId, string Number, DateTimeOffset At) : GroupBookingCommand;

internal abstract record GroupBookingEvent(string BookingId);
internal sealed record QuoteIssued(
    string BookingId, string Reference, BookingCustomer Customer, string Title, DateOnly Start, DateOnly End, bool WithLodging, Party Party,
    IReadOnlyList<ServiceLine> Services, DateOnly QuotedOn, DateOnly ValidUntil, BookingTerms Terms, string? SubscriberNumber, int DiscountPercent,
    long Total, DateTimeOffset At) : GroupBookingEvent(BookingId);
internal sealed record QuoteReminderSent(string BookingId, DateOnly On, DateTimeOffset At) : GroupBookingEvent(BookingId);
internal sealed record QuoteSigned(
    string BookingId, string SignedBy, DateOnly SignedOn, long Deposit, DateOnly DepositDueOn, long FileFees, long Total, IReadOnlyList<PricedLine> DepositLines, DateTimeOffset At)
    : GroupBookingEvent(BookingId);
internal sealed record DepositInvoiceAttached(string BookingId, string InvoiceId, string Number, DateTimeOffset At) : GroupBookingEvent(BookingId);
internal sealed record CreditNoteApplied(string BookingId, string CreditNoteId, long Amount, DateOnly On, DateTimeOffset At) : GroupBookingEvent(BookingId);
internal sealed record DepositReceived(string BookingId, long Amount, DateOnly On, DateTimeOffset At) : GroupBookingEvent(BookingId);
internal sealed record ParticipantCountRecorded(string BookingId, CountKind Kind, Party Party, Party Charged, bool Late, DateOnly On, DateTimeOffset At)
    : GroupBookingEvent(BookingId);
internal sealed record ParticipantReminderSent(string BookingId, CountKind Kind, DateOnly On, DateTimeOffset At) : GroupBookingEvent(BookingId);
internal sealed record FinalInvoiceAttached(string BookingId, string InvoiceId, string Number, long Total, long Balance, DateTimeOffset At,
    IReadOnlyList<PricedLine>? Lines = null) : GroupBookingEvent(BookingId);
internal sealed record BalanceReceived(string BookingId, DateOnly On, DateTimeOffset At) : GroupBookingEvent(BookingId);
internal sealed record ExchangeVouchersSent(string BookingId, DateOnly On, DateTimeOffset At) : GroupBookingEvent(BookingId);
/// <summary><paramref name="Corrections"/> (v2, null on earlier events and when nothing is credited): the billing credit notes that leave
/// invoiced what the cancellation keeps (the fee, the file fees), per invoice, VAT rate and partner provider.
/// <paramref name="FeeInvoiceLines"/> (v3, null on earlier events and when the invoices cover what is kept): the fee kept beyond what the
/// invoices carry (Zonza 50 % when only the deposit was invoiced), per VAT rate and provider, invoiced by billing as "frais d'annulation".</summary>
internal sealed record CancelledByCustomer(
    string BookingId, DateOnly ReceivedOn, bool NoShow, bool ExceptionalCircumstances, string? Reason, CancellationCharge Charge, long Paid,
    string? CreditNoteId, DateTimeOffset At, IReadOnlyList<InvoiceCredit>? Corrections = null, IReadOnlyList<PricedLine>? FeeInvoiceLines = null)
    : GroupBookingEvent(BookingId)
{
    public long FeeInvoiced => FeeInvoiceLines?.Sum(l => l.Total) ?? 0;
}

/// <summary>Billing's "frais d'annulation" invoice (<c>group-{id}/cancellation-fee</c>) for the fee kept beyond what was invoiced.</summary>
internal sealed record CancellationFeeInvoiceAttached(string BookingId, string InvoiceId, string Number, DateTimeOffset At) : GroupBookingEvent(BookingId);

/// <summary><paramref name="Corrections"/> (v2): set on a force majeure after part of the services (possibly empty: nothing invoiced is
/// left to credit): the billing credit notes of the services not performed; null = a full refund, the invoices are cancelled whole.
/// <paramref name="Performed"/>: the services performed, kept.</summary>
internal sealed record CancelledByOffice(string BookingId, OfficeCancellationReason Reason, DateOnly NotifiedOn, long Paid, long Refund, string? Explanation, DateTimeOffset At,
    long Performed = 0, DateOnly? PerformedThrough = null, IReadOnlyList<InvoiceCredit>? Corrections = null)
    : GroupBookingEvent(BookingId);
internal sealed record PriceRevised(string BookingId, long OldTotal, long NewTotal, long Amount, int VatRateBasisPoints, string Calculation, DateOnly NotifiedOn,
    bool CustomerMayCancelFree, DateTimeOffset At) : GroupBookingEvent(BookingId);
internal sealed record AmendmentProposed(string BookingId, int Number, string Description, IReadOnlyList<ServiceLine> Services, DateOnly NotifiedOn, DateTimeOffset At)
    : GroupBookingEvent(BookingId);
internal sealed record AmendmentAccepted(string BookingId, int Number, DateOnly On, DateTimeOffset At) : GroupBookingEvent(BookingId);
internal sealed record BookingTransferred(string BookingId, BookingCustomer From, BookingCustomer To, DateOnly NotifiedOn, long Fee, DateTimeOffset At) : GroupBookingEvent(BookingId);

/// <summary>A written claim (réclamation) received within the window of the booking's terms: Pays Fertois 3 days from the disputed
/// service, Zonza 7 days after the end (<see cref="Deadline"/> is the last day in time).</summary>
internal sealed record ClaimRecorded(string BookingId, int Number, DateOnly ReceivedOn, DateOnly? DisputedServiceDate, string Description, DateOnly Deadline,
    DateTimeOffset At) : GroupBookingEvent(BookingId);

internal sealed record PendingAmendment(int Number, string Description, IReadOnlyList<ServiceLine> Services, DateOnly NotifiedOn);

internal sealed record GroupBookingState(
    string? BookingId,
    GroupBookingStatus Status,
    string Reference,
    BookingCustomer? Customer,
    string Title,
    DateOnly Start,
    DateOnly End,
    bool WithLodging,
    Party Party,
    Party? Charged,
    IReadOnlyList<ServiceLine> Services,
    IReadOnlyList<PricedLine> Adjustments,
    DateOnly QuotedOn,
    DateOnly ValidUntil,
    BookingTerms? Terms,
    string? SubscriberNumber,
    int DiscountPercent,
    bool QuoteReminderSent,
    DateOnly? SignedOn,
    string? SignedBy,
    long Deposit,
    IReadOnlyList<PricedLine> DepositLines,
    DateOnly? DepositDueOn,
    string? DepositInvoiceId,
    string? DepositInvoiceNumber,
    long CreditApplied,
    ImmutableDictionary<string, long> CreditNotes,
    bool DepositReceived,
    DateOnly? DepositPaidOn,
    Party? IntermediateCount,
    Party? FinalCount,
    ImmutableHashSet<CountKind> RemindersSent,
    string? FinalInvoiceId,
    string? FinalInvoiceNumber,
    long FinalInvoiceTotal,
    long FinalInvoiceBalance,
    bool BalanceReceived,
    DateOnly? BalancePaidOn,
    bool VouchersSent,
    bool FreeCancellationAfterRevision,
    PendingAmendment? Amendment,
    int Amendments,
    CancelledByCustomer? CustomerCancellation,
    CancelledByOffice? OfficeCancellation,
    ImmutableList<ClaimRecorded>? ClaimList = null,
    IReadOnlyList<PricedLine>? FinalInvoiceLines = null,
    string? CancellationFeeInvoiceId = null,
    string? CancellationFeeInvoiceNumber = null)
{
    public ImmutableList<ClaimRecorded> Claims => ClaimList ?? [];

    public static readonly GroupBookingState Initial = new(
        null, GroupBookingStatus.None, string.Empty, null, string.Empty, default, default, false, new Party(0, 0, false), null, [], [], default, default, null, null, 0,
        false, null, null, 0, [], null, null, null, 0, ImmutableDictionary<string, long>.Empty, false, null, null, null, [], null, null, 0, 0, false, null, false, false,
        null, 0, null, null);

    public bool Exists => BookingId is not null;

    /// <summary>The price as it stands: the services for the charged party (the final count once given, else the estimate), the
    /// subscriber discount, revisions, file fees.</summary>
    public PriceBreakdown Price => Pricing.Price(Terms!, Services, Charged ?? Party, DiscountPercent, DiscountLabel, Adjustments);

    public string? DiscountLabel => SubscriberNumber is null ? null : $"Remise abonné n° {SubscriberNumber}";

    /// <summary>What the customer has paid so far (deposit, credit notes used, balance).</summary>
    public long Paid => (DepositReceived ? Deposit : CreditApplied) + (BalanceReceived ? FinalInvoiceBalance : 0);

    public ParticipantDeadlines Deadlines => Terms is null ? new ParticipantDeadlines(null, Start) : TermsDeadlines.Participants(Terms, Start, WithLodging);

    public bool IsCancelled => Status == GroupBookingStatus.Cancelled;
}

internal static class GroupBooking
{
    public static string StreamId(string bookingId) => $"bookings-group-{bookingId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(QuoteIssued)] = "bookings.quote-issued",
        [typeof(QuoteReminderSent)] = "bookings.quote-reminder-sent",
        [typeof(QuoteSigned)] = "bookings.quote-signed",
        [typeof(DepositInvoiceAttached)] = "bookings.deposit-invoice-attached",
        [typeof(CreditNoteApplied)] = "bookings.credit-note-applied",
        [typeof(DepositReceived)] = "bookings.deposit-received",
        [typeof(ParticipantCountRecorded)] = "bookings.participant-count-recorded",
        [typeof(ParticipantReminderSent)] = "bookings.participant-reminder-sent",
        [typeof(FinalInvoiceAttached)] = "bookings.final-invoice-attached",
        [typeof(BalanceReceived)] = "bookings.balance-received",
        [typeof(ExchangeVouchersSent)] = "bookings.exchange-vouchers-sent",
        [typeof(CancelledByCustomer)] = "bookings.cancelled-by-customer",
        [typeof(CancelledByOffice)] = "bookings.cancelled-by-office",
        [typeof(CancellationFeeInvoiceAttached)] = "bookings.cancellation-fee-invoice-attached",
        [typeof(PriceRevised)] = "bookings.price-revised",
        [typeof(AmendmentProposed)] = "bookings.amendment-proposed",
        [typeof(AmendmentAccepted)] = "bookings.amendment-accepted",
        [typeof(BookingTransferred)] = "bookings.booking-transferred",
        [typeof(ClaimRecorded)] = "bookings.claim-recorded",
    };

    public static readonly Decider<GroupBookingCommand, GroupBookingEvent, GroupBookingState> Decider = new(Decide, Evolve, GroupBookingState.Initial)
    {
        Publish = (_, before, events, after) => Facts(before, events, after),
    };

    /// <summary>The published facts a decision makes true (appended with the events, same transaction).</summary>
    private static IEnumerable<Monolith.BuildingBlocks.Facts.IIntegrationEvent> Facts(GroupBookingState before, IReadOnlyList<GroupBookingEvent> events, GroupBookingState after)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case DepositReceived d when !before.DepositReceived:
                    yield return new Contracts.GroupBookingConfirmed(after.BookingId!, after.Reference, after.Customer!.CustomerId, after.Start, after.End,
                        after.Price.Total, d.On);
                    break;
                case CancelledByCustomer c:
                    yield return new Contracts.GroupBookingCancelled(after.BookingId!, after.Reference, after.Customer!.CustomerId, "customer", c.ReceivedOn,
                        c.Charge.Refund, c.Charge.CreditNote);
                    break;
                case CancelledByOffice o:
                    yield return new Contracts.GroupBookingCancelled(after.BookingId!, after.Reference, after.Customer!.CustomerId, "office", o.NotifiedOn,
                        o.Refund, 0);
                    break;
            }
        }
    }

    private static string D(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Eur(long cents) => (cents / 100m).ToString("#,##0.00", CultureInfo.GetCultureInfo("fr-FR")) + " €";

    internal static IReadOnlyList<GroupBookingEvent> Decide(GroupBookingCommand command, GroupBookingState s) => (command, s) switch
    {
        (IssueQuote c, { Exists: true }) when c.BookingId == s.BookingId => [],
        (IssueQuote, { Exists: true }) => throw new DomainRuleViolation("booking.already-exists", "Ce dossier existe déjà.", isConflict: true),
        (IssueQuote c, _) => [Quote(c)],
        (_, { Exists: false }) => throw new NotFoundException("Dossier de réservation introuvable."),

        (AttachCancellationFeeInvoice c, { CancellationFeeInvoiceId: { } existing }) =>
            existing == c.InvoiceId ? [] : throw new DomainRuleViolation("booking.cancellation-fee-invoiced", "La facture des frais d'annulation est déjà émise.", isConflict: true),
        (AttachCancellationFeeInvoice, { CustomerCancellation.FeeInvoiceLines: null or [] }) or (AttachCancellationFeeInvoice, { CustomerCancellation: null }) =>
            throw Step("Aucuns frais d'annulation ne restent à facturer pour ce dossier."),
        (AttachCancellationFeeInvoice c, _) => [new CancellationFeeInvoiceAttached(s.BookingId!, c.InvoiceId, c.Number, c.At)],

        (_, { IsCancelled: true }) when command is not (SendQuoteReminder or SendParticipantReminder or MarkVouchersSent or CancelByCustomer or CancelByOffice) =>
            throw new DomainRuleViolation("booking.cancelled", $"Le dossier {s.Reference} est annulé.", isConflict: true),

        (SendQuoteReminder c, _) => s.Status == GroupBookingStatus.Quoted && !s.QuoteReminderSent && c.On <= s.ValidUntil
            && c.On >= s.ValidUntil.AddDays(-s.Terms!.QuoteReminderDaysBeforeExpiry) ? [new QuoteReminderSent(s.BookingId!, c.On, c.At)] : [],

        (SignQuote, { Status: not GroupBookingStatus.Quoted }) => [],
        (SignQuote c, _) when c.SignedOn > s.ValidUntil => throw new DomainRuleViolation(
            "quote.expired", $"Le devis {s.Reference} a expiré le {D(s.ValidUntil)} : il ne peut plus être signé. Établissez un nouveau devis."),
        (SignQuote c, _) when c.SignedOn < s.QuotedOn => throw new DomainRuleViolation(
            "quote.signed-before-issue", $"La date de signature ({D(c.SignedOn)}) précède la date du devis ({D(s.QuotedOn)})."),
        (SignQuote c, _) => [Sign(c, s)],

        (AttachDepositInvoice c, _) when s.DepositInvoiceId is not null => s.DepositInvoiceId == c.InvoiceId ? [] : throw Conflict("booking.deposit-invoiced", "La facture d'acompte est déjà émise."),
        (AttachDepositInvoice, { Status: GroupBookingStatus.Quoted }) => throw Step("Le devis n'est pas encore signé."),
        (AttachDepositInvoice c, _) => [new DepositInvoiceAttached(s.BookingId!, c.InvoiceId, c.Number, c.At)],

        (ApplyCreditNote c, _) when s.CreditNotes.ContainsKey(c.CreditNoteId) => [],
        (ApplyCreditNote, { Status: not GroupBookingStatus.Signed }) => throw Step("Un avoir ne s'impute que sur l'acompte d'un devis signé et non encore réglé."),
        (ApplyCreditNote c, _) when c.Amount <= 0 || c.Amount > s.Deposit - s.CreditApplied => throw new DomainRuleViolation(
            "credit-note.too-much", $"L'acompte restant dû est de {Eur(s.Deposit - s.CreditApplied)}."),
        (ApplyCreditNote c, _) => s.CreditApplied + c.Amount >= s.Deposit
            ? [new CreditNoteApplied(s.BookingId!, c.CreditNoteId, c.Amount, c.On, c.At), new DepositReceived(s.BookingId!, s.Deposit, c.On, c.At)]
            : [new CreditNoteApplied(s.BookingId!, c.CreditNoteId, c.Amount, c.On, c.At)],

        (RecordDepositReceived, { DepositReceived: true }) => [],
        (RecordDepositReceived, { Status: GroupBookingStatus.Quoted }) => throw Step("Le devis n'est pas encore signé."),
        (RecordDepositReceived c, _) => [new DepositReceived(s.BookingId!, s.Deposit, c.On, c.At)],

        (RecordParticipantCount, { Status: GroupBookingStatus.Quoted }) => throw Step("Le devis n'est pas encore signé."),
        (RecordParticipantCount, _) when s.FinalInvoiceId is not null => throw Conflict(
            "participants.invoiced", "La facture du solde est émise : le nombre de participants est arrêté (les personnes confirmées puis absentes restent facturées)."),
        (RecordParticipantCount c, _) when c.Party.People <= 0 => throw new DomainRuleViolation("participants.none", "Indiquez au moins un participant."),
        (RecordParticipantCount c, _) => [Count(c, s)],

        (SendParticipantReminder c, _) => s.RemindersSent.Contains(c.Kind) || (c.Kind == CountKind.Final ? s.FinalCount is not null : s.IntermediateCount is not null || s.FinalCount is not null)
            || s.Status is GroupBookingStatus.Quoted or GroupBookingStatus.Cancelled
            ? [] : [new ParticipantReminderSent(s.BookingId!, c.Kind, c.On, c.At)],

        (AttachFinalInvoice c, _) when s.FinalInvoiceId is not null => s.FinalInvoiceId == c.InvoiceId ? [] : throw Conflict("booking.final-invoiced", "La facture du solde est déjà émise."),
        (AttachFinalInvoice, { FinalCount: null }) => throw Step("Le nombre définitif de participants n'est pas encore connu."),
        (AttachFinalInvoice c, _) => [new FinalInvoiceAttached(s.BookingId!, c.InvoiceId, c.Number, c.Total, c.Balance, c.At, c.Lines)],

        (RecordBalanceReceived, { BalanceReceived: true }) => [],
        (RecordBalanceReceived, { FinalInvoiceId: null }) => throw Step("La facture du solde n'est pas encore émise."),
        (RecordBalanceReceived c, _) => [new BalanceReceived(s.BookingId!, c.On, c.At)],

        (MarkVouchersSent, _) when s.VouchersSent || !s.BalanceReceived => [],
        (MarkVouchersSent c, _) => [new ExchangeVouchersSent(s.BookingId!, c.On, c.At)],

        (CancelByCustomer or CancelByOffice, { IsCancelled: true }) => [],
        (CancelByCustomer, { Status: GroupBookingStatus.Quoted }) => throw Step("Un devis non signé n'engage pas le client : il n'y a rien à annuler."),
        (CancelByCustomer c, _) => [CustomerCancels(c, s)],

        (CancelByOffice c, _) => [OfficeCancels(c, s)],

        (RevisePrice, { Status: GroupBookingStatus.Quoted or GroupBookingStatus.Settled }) => throw Step("Une révision de prix ne s'applique qu'à un contrat signé dont le solde n'est pas réglé."),
        (RevisePrice c, _) when c.Amount > 0 && c.NotifiedOn > s.Start.AddDays(-s.Terms!.PriceRevisionNoticeDays) => throw new DomainRuleViolation(
            "price-revision.too-late", $"Une hausse de prix doit être notifiée au plus tard {s.Terms.PriceRevisionNoticeDays} jours avant le début, soit le {D(s.Start.AddDays(-s.Terms.PriceRevisionNoticeDays))}."),
        (RevisePrice c, _) => [Revise(c, s)],

        (ProposeAmendment, { Amendment: not null }) => throw Conflict("amendment.pending", "Un avenant attend déjà la réponse du client."),
        (ProposeAmendment, { Status: GroupBookingStatus.Quoted }) => throw Step("Un avenant modifie un devis signé ; modifiez plutôt le devis."),
        (ProposeAmendment c, _) => [new AmendmentProposed(s.BookingId!, s.Amendments + 1, c.Description, c.Services, c.NotifiedOn, c.At)],
        (AcceptAmendment or RefuseAmendment, { Amendment: null }) => throw Step("Aucun avenant n'attend de réponse."),
        (AcceptAmendment c, _) => [new AmendmentAccepted(s.BookingId!, s.Amendment!.Number, c.On, c.At)],
        (RefuseAmendment c, _) => [new CancelledByOffice(s.BookingId!, OfficeCancellationReason.AmendmentRefused, c.On, s.Paid, s.Paid,
            $"Avenant n° {s.Amendment!.Number} refusé : résiliation sans pénalité", c.At)],

        (TransferBooking, { Status: GroupBookingStatus.Quoted }) => throw Step("Seul un contrat signé peut être cédé."),
        (TransferBooking c, _) when !TermsDeadlines.TransferAllowed(s.Terms!, s.Start, c.NotifiedOn) => throw new DomainRuleViolation(
            "transfer.too-late", $"La cession doit être notifiée au plus tard {s.Terms!.TransferDaysBefore} jours avant le début, soit le {D(TermsDeadlines.TransferDeadline(s.Terms, s.Start))}."),
        (TransferBooking c, _) => [new BookingTransferred(s.BookingId!, s.Customer!, c.NewCustomer, c.NotifiedOn, c.Fee, c.At)],

        (RecordClaim, { Status: GroupBookingStatus.Quoted }) => throw Step("Un devis non signé ne donne lieu à aucune réclamation."),
        (RecordClaim c, _) => [Claim(c, s)],

        _ => throw Step("Cette opération n'est pas possible à cette étape du dossier."),
    };

    private static DomainRuleViolation Step(string message) => new("booking.invalid-step", message, isConflict: true);

    private static DomainRuleViolation Conflict(string code, string message) => new(code, message, isConflict: true);

    public static string ReferenceFor(string bookingId) => "DEV-" + bookingId.ToUpperInvariant();

    private static QuoteIssued Quote(IssueQuote c)
    {
        if (c.End < c.Start)
        {
            throw new DomainRuleViolation("quote.dates", "La date de fin précède la date de début.");
        }

        if (c.Services.Count == 0)
        {
            throw new DomainRuleViolation("quote.no-service", "Un devis comporte au moins une prestation.");
        }

        if (c.Services.Any(l => l.Date < c.Start || l.Date > c.End))
        {
            throw new DomainRuleViolation("quote.service-date", $"Chaque prestation a lieu entre le {D(c.Start)} et le {D(c.End)}.");
        }

        if (c.Party.Adults + c.Party.Children < c.Terms.MinimumGroupSize)
        {
            throw new DomainRuleViolation(
                "quote.group-too-small", $"Un groupe compte au moins {c.Terms.MinimumGroupSize} personnes payantes ; les tarifs de groupe ne sont pas garantis en dessous.");
        }

        var validUntil = TermsDeadlines.QuoteValidUntil(c.Terms, c.QuotedOn, c.ValidUntil);
        if (validUntil < c.QuotedOn)
        {
            throw new DomainRuleViolation("quote.validity", "La date de validité précède la date du devis.");
        }

        var discount = c.SubscriberNumber is null ? 0 : c.Terms.SubscriberDiscountPercent;
        var price = Pricing.Price(c.Terms, c.Services, c.Party, discount, c.SubscriberNumber is null ? null : $"Remise abonné n° {c.SubscriberNumber}");
        return new QuoteIssued(c.BookingId, ReferenceFor(c.BookingId), c.Customer, c.Title.Trim(), c.Start, c.End, c.WithLodging, c.Party, c.Services, c.QuotedOn,
            validUntil, c.Terms, c.SubscriberNumber, discount, price.Total, c.At);
    }

    private static QuoteSigned Sign(SignQuote c, GroupBookingState s)
    {
        var price = s.Price;
        var lines = Pricing.DepositLines(price, s.Terms!.DepositPercent, s.Title);
        var due = Deposits.ForGroup(s.Terms, price.ServicesTotal, price.FileFees, c.SignedOn, s.Start).DueOn;
        return new QuoteSigned(s.BookingId!, c.SignedBy.Trim(), c.SignedOn, lines.Sum(l => l.Total), due, price.FileFees, price.Total, lines, c.At);
    }

    private static ParticipantCountRecorded Count(RecordParticipantCount c, GroupBookingState s)
    {
        var deadline = c.Kind == CountKind.Final ? s.Deadlines.Final : s.Deadlines.Intermediate ?? s.Deadlines.Final;
        var late = c.On > deadline;
        var charged = c.Party;
        if (c.Kind == CountKind.Final && late)
        {
            // After the deadline, changes are charged: additions are billed, people removed stay billed.
            var before = s.FinalCount ?? s.IntermediateCount ?? s.Party;
            charged = new Party(Math.Max(before.Adults, c.Party.Adults), Math.Max(before.Children, c.Party.Children), c.Party.School);
        }

        return new ParticipantCountRecorded(s.BookingId!, c.Kind, c.Party, charged, late, c.On, c.At);
    }

    private static CancelledByCustomer CustomerCancels(CancelByCustomer c, GroupBookingState s)
    {
        var price = s.Price;
        var paid = s.Paid;
        CancellationCharge charge;
        if (s.FreeCancellationAfterRevision && !c.NoShow && c.ReceivedOn < s.Start)
        {
            charge = new CancellationCharge(s.Start.DayNumber - c.ReceivedOn.DayNumber, 0, 0, 0, 0, null, paid, 0, "price-revision-above-threshold");
        }
        else
        {
            charge = CancellationFees.Compute(s.Terms!, s.WithLodging, s.Start, c.ReceivedOn, c.NoShow, price.ServicesTotal, price.FileFees, s.Deposit, paid,
                s.DepositPaidOn, c.ExceptionalCircumstances);
        }

        var kept = Kept(s, charge);
        var label = $"Annulation reçue le {D(c.ReceivedOn)}";
        var credits = kept is null ? [] : InvoiceCorrections.Credits(s, kept, $"{label} : part non retenue");
        var fee = kept is null ? [] : InvoiceCorrections.FeeInvoiceLines(InvoiceCorrections.InvoicesOf(s), [.. s.DepositLines, .. s.Price.Lines], kept,
            $"Frais d'annulation ({label}) au-delà des sommes déjà facturées");
        return new CancelledByCustomer(s.BookingId!, c.ReceivedOn, c.NoShow, c.ExceptionalCircumstances, c.Reason?.Trim(), charge, paid,
            charge.CreditNote > 0 ? CreditNoteIdFor(s.BookingId!) : null, c.At, credits.Count > 0 ? credits : null, fee.Count > 0 ? fee : null);
    }

    /// <summary>What a cancellation that keeps a fee leaves invoiced, per part (null: nothing to correct part by part): the schedule's
    /// fee spread over the services' VAT rates and providers in proportion, the file fees kept; Pays Fertois' deposit kept (or a no-show)
    /// keeps the deposit as invoiced. The rest is credited through billing; a fee above what was invoiced is invoiced in addition (ADR 0024
    /// addendum). The full refunds (exceptional circumstances, after a price revision above the threshold) cancel the invoices whole; the
    /// deposit turned into a Pays Fertois avoir stays invoiced (the avoir is the customer's credit here).</summary>
    private static Dictionary<InvoiceCorrections.Part, long>? Kept(GroupBookingState s, CancellationCharge charge)
    {
        Dictionary<InvoiceCorrections.Part, long> kept;
        switch (charge.Rule)
        {
            case "schedule" or "free" or "no-show" when s.Terms!.CancellationMode == CancellationMode.Schedule:
                kept = InvoiceCorrections.Allocate(charge.Fee, InvoiceCorrections.ServiceTotals(s.Price.Lines));
                foreach (var fee in s.DepositLines.Where(l => l.FileFee))
                {
                    var part = InvoiceCorrections.PartOf(fee);
                    kept[part] = kept.GetValueOrDefault(part) + Math.Min(fee.Total, charge.RetainedFileFees);
                }

                break;
            case "deposit-kept" or "no-show":
                kept = s.DepositLines.GroupBy(InvoiceCorrections.PartOf).ToDictionary(g => g.Key, g => g.Sum(l => l.Total));
                break;
            default:
                return null;
        }

        return kept;
    }

    public static string CreditNoteIdFor(string bookingId) => $"{bookingId}-avoir";

    private static CancelledByOffice OfficeCancels(CancelByOffice c, GroupBookingState s)
    {
        if (c.Reason == OfficeCancellationReason.TooFewParticipants)
        {
            var deadline = TermsDeadlines.OfficeCancellationDeadline(s.Terms!, s.Start, s.End);
            if (c.NotifiedOn > deadline)
            {
                throw new DomainRuleViolation(
                    "office-cancellation.notice",
                    $"Pour un voyage de {TermsDeadlines.TripDays(s.Start, s.End)} jour(s), l'annulation faute de participants doit être notifiée au plus tard le {D(deadline)}.");
            }
        }

        var paid = s.Paid;
        if (c.Reason != OfficeCancellationReason.ForceMajeure || (c.PerformedServices <= 0 && c.PerformedThrough is null))
        {
            return new CancelledByOffice(s.BookingId!, c.Reason, c.NotifiedOn, paid, paid, c.Explanation?.Trim(), c.At);
        }

        // Force majeure after part of the services: what was performed is kept, the rest refunded (file fees included) and credited.
        var lines = s.Price.Lines;
        if (c.PerformedThrough is { } through && (through < s.Start || through > s.End))
        {
            throw new DomainRuleViolation("office-cancellation.performed-through", $"Les prestations réalisées sont datées entre le {D(s.Start)} et le {D(s.End)}.");
        }

        var performed = c.PerformedThrough is { } day
            ? InvoiceCorrections.Performed(lines, day)
            : InvoiceCorrections.Allocate(c.PerformedServices, InvoiceCorrections.ServiceTotals(lines));
        var amount = performed.Values.Sum();
        var credits = InvoiceCorrections.Credits(s, performed, c.PerformedThrough is { } d2
            ? $"Force majeure : prestations non réalisées après le {D(d2)}"
            : "Force majeure : prestations non réalisées");
        return new CancelledByOffice(s.BookingId!, c.Reason, c.NotifiedOn, paid, Math.Max(0, paid - amount), c.Explanation?.Trim(), c.At, amount, c.PerformedThrough, credits);
    }

    private static PriceRevised Revise(RevisePrice c, GroupBookingState s)
    {
        var old = s.Price.Total;
        var check = PriceRevision.Check(s.Terms!, old, old + c.Amount, s.Start, c.NotifiedOn);
        return new PriceRevised(s.BookingId!, old, old + c.Amount, c.Amount, c.VatRateBasisPoints, c.Calculation.Trim(), c.NotifiedOn, check.CustomerMayCancelFree, c.At);
    }

    /// <summary>A claim is recorded when received on or before the terms' deadline (the disputed service's date counts as the first of
    /// Pays Fertois' 3 days; Zonza counts 7 days after the end); later it is refused (<c>claim.too-late</c>).</summary>
    private static ClaimRecorded Claim(RecordClaim c, GroupBookingState s)
    {
        var t = s.Terms!;
        if (t.ClaimsFrom == ClaimsFrom.ServiceStart && c.DisputedServiceDate is null)
        {
            throw new DomainRuleViolation("claim.service-date", "Indiquez la date de la prestation contestée : le délai de réclamation court à partir de celle-ci.");
        }

        if (c.DisputedServiceDate is { } d && (d < s.Start || d > s.End))
        {
            throw new DomainRuleViolation("claim.service-date", $"La prestation contestée a lieu entre le {D(s.Start)} et le {D(s.End)}.");
        }

        var deadline = TermsDeadlines.ClaimsDeadline(t, c.DisputedServiceDate ?? s.Start, s.End);
        if (c.ReceivedOn > deadline)
        {
            throw new DomainRuleViolation("claim.too-late", t.ClaimsFrom == ClaimsFrom.ServiceStart
                ? $"Réclamation reçue hors délai : elle devait parvenir dans les {t.ClaimsDays} jours à compter de la prestation contestée, soit au plus tard le {D(deadline)}."
                : $"Réclamation reçue hors délai : elle devait parvenir dans les {t.ClaimsDays} jours suivant la fin des prestations, soit au plus tard le {D(deadline)}.");
        }

        return new ClaimRecorded(s.BookingId!, s.Claims.Count + 1, c.ReceivedOn, c.DisputedServiceDate, c.Description.Trim(), deadline, c.At);
    }

    internal static GroupBookingState Evolve(GroupBookingState s, GroupBookingEvent e) => e switch
    {
        QuoteIssued q => s with
        {
            BookingId = q.BookingId,
            Status = GroupBookingStatus.Quoted,
            Reference = q.Reference,
            Customer = q.Customer,
            Title = q.Title,
            Start = q.Start,
            End = q.End,
            WithLodging = q.WithLodging,
            Party = q.Party,
            Services = q.Services,
            QuotedOn = q.QuotedOn,
            ValidUntil = q.ValidUntil,
            Terms = q.Terms,
            SubscriberNumber = q.SubscriberNumber,
            DiscountPercent = q.DiscountPercent,
        },
        QuoteReminderSent => s with { QuoteReminderSent = true },
        QuoteSigned x => s with
        {
            Status = GroupBookingStatus.Signed,
            SignedBy = x.SignedBy,
            SignedOn = x.SignedOn,
            Deposit = x.Deposit,
            DepositLines = x.DepositLines,
            DepositDueOn = x.DepositDueOn,
        },
        DepositInvoiceAttached x => s with { DepositInvoiceId = x.InvoiceId, DepositInvoiceNumber = x.Number },
        CreditNoteApplied x => s with { CreditApplied = s.CreditApplied + x.Amount, CreditNotes = s.CreditNotes.SetItem(x.CreditNoteId, x.Amount) },
        DepositReceived x => s with
        {
            DepositReceived = true,
            DepositPaidOn = x.On,
            Status = s.Status == GroupBookingStatus.Signed ? GroupBookingStatus.Confirmed : s.Status,
        },
        ParticipantCountRecorded x when x.Kind == CountKind.Intermediate => s with { IntermediateCount = x.Party },
        ParticipantCountRecorded x => s with { FinalCount = x.Party, Charged = x.Charged },
        ParticipantReminderSent x => s with { RemindersSent = s.RemindersSent.Add(x.Kind) },
        FinalInvoiceAttached x => s with
        {
            FinalInvoiceId = x.InvoiceId,
            FinalInvoiceNumber = x.Number,
            FinalInvoiceTotal = x.Total,
            FinalInvoiceBalance = x.Balance,
            FinalInvoiceLines = x.Lines,
            Status = s.Status is GroupBookingStatus.Signed or GroupBookingStatus.Confirmed ? GroupBookingStatus.Invoiced : s.Status,
        },
        BalanceReceived x => s with { BalanceReceived = true, BalancePaidOn = x.On, Status = s.IsCancelled ? s.Status : GroupBookingStatus.Settled },
        ExchangeVouchersSent => s with { VouchersSent = true },
        CancelledByCustomer x => s with { Status = GroupBookingStatus.Cancelled, CustomerCancellation = x },
        CancelledByOffice x => s with { Status = GroupBookingStatus.Cancelled, OfficeCancellation = x, Amendment = null },
        CancellationFeeInvoiceAttached x => s with { CancellationFeeInvoiceId = x.InvoiceId, CancellationFeeInvoiceNumber = x.Number },
        PriceRevised x => s with
        {
            Adjustments = [.. s.Adjustments, new PricedLine($"Révision de prix du {D(x.NotifiedOn)} : {x.Calculation}", null, 1, x.Amount, x.VatRateBasisPoints, null, false)],
            FreeCancellationAfterRevision = s.FreeCancellationAfterRevision || x.CustomerMayCancelFree,
        },
        AmendmentProposed x => s with { Amendment = new PendingAmendment(x.Number, x.Description, x.Services, x.NotifiedOn) },
        AmendmentAccepted => s with { Services = s.Amendment!.Services, Amendments = s.Amendment.Number, Amendment = null },
        BookingTransferred x => s with { Customer = x.To },
        ClaimRecorded x => s with { ClaimList = s.Claims.Add(x) },
        _ => s,
    };
}
