using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Facts;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Offices.Contracts;
using Published = Monolith.Modules.Billing.Contracts.Facts;

namespace Monolith.Modules.Billing.Numbering;

// The numbering stream of one office, series and DAY ("billing-numbering:{office}:{series}:{yyyy-MM-dd}", ADR 0010). It opens with
// NumberingDayOpened (the last number, last issue date, chained hash and year-to-date totals carried from the previous day's close),
// holds the documents issued that day (the issued documents themselves: taking the next number and issuing the document is one
// append, so no gap and no duplicate can occur) and ends with NumberingDayClosed, from which the next day opens. Issuing folds one
// day, whatever the year's volume. Under concurrent issuing the expected-revision conflict makes the generic handler reload and retry,
// which serialises the numbers.

internal abstract record RegisterCommand;
internal sealed record IssueInvoice(InvoiceDraft Draft, DateTimeOffset At) : RegisterCommand;
internal sealed record IssueCreditNote(CreditNoteDraft Draft, DateTimeOffset At) : RegisterCommand;

/// <summary>Opens the day's stream from what the previous day closed with (or the start of the year).</summary>
internal sealed record OpenNumberingDay(string OfficeId, DocumentSeries Series, DateOnly Day, NumberingCarry From, DateTimeOffset At) : RegisterCommand;

/// <summary>Closes the day: nothing more can be numbered in it; the closing event carries what the next day opens from.</summary>
internal sealed record CloseNumberingDay(DateTimeOffset At) : RegisterCommand;

internal abstract record RegisterEvent;

/// <summary>Documents counted and their totals (cents): of a day, or of the year so far.</summary>
internal sealed record NumberingTotals(int Documents, long TotalHt, long TotalVat, long TotalTtc)
{
    public static readonly NumberingTotals Zero = new(0, 0, 0, 0);

    public NumberingTotals Add(VatBreakdown totals) =>
        new(Documents + 1, TotalHt + totals.TotalHt, TotalVat + totals.TotalVat, TotalTtc + totals.TotalTtc);
}

/// <summary>What a day hands to the next: the last number of the series this year (0 at the start of a year), its issue date, the
/// chained hash of every document numbered so far and the year-to-date totals.</summary>
internal sealed record NumberingCarry(int LastSequence, DateOnly? LastIssueDate, string LastHash, NumberingTotals YearTotals)
{
    /// <summary>The start of a year's series: number 1 comes next; the hash chain starts at <paramref name="hash"/> (the previous
    /// year's last hash, or the genesis hash).</summary>
    public static NumberingCarry YearStart(string hash) => new(0, null, hash, NumberingTotals.Zero);
}

internal sealed record NumberingDayOpened(
    string OfficeId,
    string Series,
    DateOnly Day,
    int LastSequence,
    DateOnly? LastIssueDate,
    string LastHash,
    NumberingTotals YearTotals,
    DateTimeOffset OpenedAt) : RegisterEvent;

internal sealed record NumberingDayClosed(
    string OfficeId,
    string Series,
    DateOnly Day,
    int FirstSequence,
    int LastSequence,
    DateOnly? LastIssueDate,
    string LastHash,
    NumberingTotals DayTotals,
    NumberingTotals YearTotals,
    DateTimeOffset ClosedAt) : RegisterEvent
{
    public NumberingCarry Carry => new(LastSequence, LastIssueDate, LastHash, YearTotals);
}

internal sealed record InvoiceIssued(
    string InvoiceId,
    string Number,
    string OfficeId,
    string Series,
    int Year,
    int Sequence,
    DateOnly IssueDate,
    DateOnly DueDate,
    int PaymentTermDays,
    LegalIdentity Seller,
    string CustomerId,
    CustomerKind CustomerKind,
    [DataSubject] string? DataSubjectId,
    BillingCustomer? BusinessCustomer,
    [PersonalData] BillingCustomer? ConsumerCustomer,
    IReadOnlyList<DocumentLine> Lines,
    VatBreakdown Totals,
    string Label,
    string SourceModule,
    string SourceReference,
    string LatePenaltyMention,
    long? RecoveryIndemnity,
    DateTimeOffset IssuedAt,
    bool EmailToCustomer = false,
    [PersonalData] string? BusinessEmail = null) : RegisterEvent
{
    /// <summary>The customer as printed: a consumer's details, and a business contact's e-mail, read back as erased once forgotten.</summary>
    [JsonIgnore]
    public BillingCustomer Customer => CustomerSnapshot.Read(CustomerId, CustomerKind, BusinessCustomer, ConsumerCustomer, BusinessEmail);
}

internal sealed record CreditNoteIssued(
    string CreditNoteId,
    string DocumentId,
    string Number,
    string OfficeId,
    string Series,
    int Year,
    int Sequence,
    DateOnly IssueDate,
    LegalIdentity Seller,
    string CustomerId,
    CustomerKind CustomerKind,
    [DataSubject] string? DataSubjectId,
    BillingCustomer? BusinessCustomer,
    [PersonalData] BillingCustomer? ConsumerCustomer,
    string InvoiceId,
    string InvoiceNumber,
    DateOnly InvoiceDate,
    IReadOnlyList<DocumentLine> Lines,
    VatBreakdown Totals,
    string Reason,
    CreditNoteDisposition Disposition,
    DateOnly? CreditExpiresOn,
    DateTimeOffset IssuedAt,
    [PersonalData] string? BusinessEmail = null) : RegisterEvent
{
    [JsonIgnore]
    public BillingCustomer Customer => CustomerSnapshot.Read(CustomerId, CustomerKind, BusinessCustomer, ConsumerCustomer, BusinessEmail);
}

/// <summary>How the customer is stored on a document: a business's legal identity (name, address, SIREN, VAT number) in clear, its
/// contact e-mail as personal data (<c>BusinessEmail</c>: a person's address, encrypted under the data subject's key); a consumer's name,
/// address and e-mail as personal data. Erasable without rewriting history; the ids and kind in clear.
/// <para>Schema v2 of <c>billing.invoice-issued</c> and <c>billing.credit-note-issued</c>: v1 held a business's e-mail in clear inside
/// <c>businessCustomer</c>; <see cref="UpcastV1"/> moves it to <c>businessEmail</c> when read (stored events are never rewritten).</para></summary>
internal static class CustomerSnapshot
{
    public static (string CustomerId, CustomerKind Kind, string? DataSubjectId, BillingCustomer? Business, BillingCustomer? Consumer, string? BusinessEmail) Split(
        BillingCustomer c) =>
        c.Kind == CustomerKind.Business
            ? (c.CustomerId, c.Kind, c.DataSubjectId ?? c.CustomerId, c with { Email = null }, null, string.IsNullOrWhiteSpace(c.Email) ? null : c.Email)
            : (c.CustomerId, c.Kind, c.DataSubjectId ?? c.CustomerId, null, c with { DataSubjectId = c.DataSubjectId ?? c.CustomerId }, null);

    public static BillingCustomer Read(string customerId, CustomerKind kind, BillingCustomer? business, BillingCustomer? consumer, string? businessEmail = null) =>
        business is not null ? business with { Email = businessEmail ?? business.Email }
        : consumer ?? new BillingCustomer(customerId, kind, PersonalData.ErasedText, new BillingAddress(PersonalData.ErasedText, "", ""));

    /// <summary>v1 → v2 of a document event: a business's e-mail leaves <c>businessCustomer</c> for <c>businessEmail</c> (still in clear
    /// in the stored v1 JSON, which is never rewritten; new events encrypt it), and the business's customer id becomes the data subject.</summary>
    public static System.Text.Json.Nodes.JsonObject UpcastV1(System.Text.Json.Nodes.JsonObject v1)
    {
        if (v1["businessCustomer"] is System.Text.Json.Nodes.JsonObject business)
        {
            if (business["email"] is { } email)
            {
                business.Remove("email");
                v1["businessEmail"] = email.DeepClone();
            }

            v1["dataSubjectId"] ??= business["dataSubjectId"]?.DeepClone() ?? v1["customerId"]?.DeepClone();
        }

        return v1;
    }
}

/// <summary>A document already issued in this day's stream, found again by its idempotency key.</summary>
internal sealed record IssuedDocument(string DocumentId, string Number, int Sequence);

/// <summary>One numbering day: null <see cref="Day"/> until opened. <see cref="ByKey"/> holds the day's documents only (a day is
/// bounded); the cross-day idempotency of a source is the event store's unique event id (ADR 0010).</summary>
internal sealed record RegisterState(
    string? OfficeId,
    string? Series,
    DateOnly? Day,
    bool Closed,
    int FirstSequence,
    int LastSequence,
    DateOnly? LastIssueDate,
    string LastHash,
    NumberingTotals DayTotals,
    NumberingTotals YearTotals,
    ImmutableDictionary<string, IssuedDocument> ByKey)
{
    public static readonly RegisterState Initial = new(
        null, null, null, false, 1, 0, null, NumberingHash.Genesis, NumberingTotals.Zero, NumberingTotals.Zero, ImmutableDictionary<string, IssuedDocument>.Empty);

    public bool Opened => Day is not null;

    public int Year => Day?.Year ?? 0;

    public NumberingCarry Carry => new(LastSequence, LastIssueDate, LastHash, YearTotals);
}

/// <summary>The chain of the numbered documents of a series: SHA-256 over the previous hash and the document's id, number, issue date
/// and total TTC. A day's close carries it and the next day opens from it, so altering, removing or inserting a document changes every
/// later close (the fingerprint the legal daily closure will sign).</summary>
internal static class NumberingHash
{
    public static readonly string Genesis = new('0', 64);

    public static string Next(string previous, string documentId, string number, DateOnly issueDate, long totalTtc)
    {
        var text = string.Join('\n', previous, documentId, number, issueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            totalTtc.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}

internal static class DocumentRegister
{
    /// <summary>The schema version of the document events (v2: a business's e-mail is personal data, see <see cref="CustomerSnapshot"/>).</summary>
    public const int DocumentEventVersion = 2;

    /// <summary>Registers the numbering stream's events: the documents at <see cref="DocumentEventVersion"/> with their upcasters.</summary>
    public static void Register(BuildingBlocks.EventStore.Serialization.EventTypeRegistry registry) =>
        registry
            .Register<InvoiceIssued>(EventNames[typeof(InvoiceIssued)], DocumentEventVersion)
            .Upcast(EventNames[typeof(InvoiceIssued)], 1, CustomerSnapshot.UpcastV1)
            .Register<CreditNoteIssued>(EventNames[typeof(CreditNoteIssued)], DocumentEventVersion)
            .Upcast(EventNames[typeof(CreditNoteIssued)], 1, CustomerSnapshot.UpcastV1)
            .Register<NumberingDayOpened>(EventNames[typeof(NumberingDayOpened)])
            .Register<NumberingDayClosed>(EventNames[typeof(NumberingDayClosed)]);

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(InvoiceIssued)] = "billing.invoice-issued",
        [typeof(CreditNoteIssued)] = "billing.credit-note-issued",
        [typeof(NumberingDayOpened)] = "billing.numbering-day-opened",
        [typeof(NumberingDayClosed)] = "billing.numbering-day-closed",
    };

    /// <summary>Decides a numbering day. Publishes <see cref="Published.InvoiceIssued"/> / <see cref="Published.CreditNoteIssued"/> with the
    /// document, in the same append and AFTER it: the document event stays the first event of its append (its event id carries the
    /// idempotency key).</summary>
    public static readonly Decider<RegisterCommand, RegisterEvent, RegisterState> Decider = new(Decide, Evolve, RegisterState.Initial)
    {
        Publish = (_, _, events, _) => events.Select(PublishedFact).OfType<IIntegrationEvent>(),
    };

    private static IIntegrationEvent? PublishedFact(RegisterEvent e) => e switch
    {
        InvoiceIssued i => new Published.InvoiceIssued(i.InvoiceId, i.Number, i.CustomerId, i.SourceModule, i.SourceReference, i.IssueDate, i.DueDate, i.Totals.TotalTtc),
        CreditNoteIssued c => new Published.CreditNoteIssued(c.CreditNoteId, c.Number, c.InvoiceId, c.InvoiceNumber, c.CustomerId, c.Totals.TotalTtc, c.IssueDate),
        _ => null,
    };

    /// <summary>The idempotency key of an invoice: its source module and reference.</summary>
    public static string InvoiceKey(string sourceModule, string sourceReference) => $"invoice:{sourceModule}/{sourceReference}";

    public static string CreditNoteKey(string creditNoteId) => $"credit-note:{creditNoteId}";

    /// <summary>The office-local calendar date of an instant: the issue date of a document (Europe/Paris by default).</summary>
    public static DateOnly LocalDate(DateTimeOffset at, string timeZone) => Monolith.Modules.Offices.Contracts.OfficeCalendar.DateOf(at, timeZone);

    internal static IReadOnlyList<RegisterEvent> Decide(RegisterCommand command, RegisterState state) => command switch
    {
        OpenNumberingDay c when state.Opened => state.Day == c.Day && state.Series == c.Series.Code && state.OfficeId == c.OfficeId
            ? []
            : throw WrongStream($"day {c.Day:yyyy-MM-dd} of series {c.Series.Code}", state),
        OpenNumberingDay c => [new NumberingDayOpened(c.OfficeId, c.Series.Code, c.Day, c.From.LastSequence, c.From.LastIssueDate, c.From.LastHash, c.From.YearTotals, c.At)],
        CloseNumberingDay when !state.Opened => throw DayNotOpen(),
        CloseNumberingDay when state.Closed => [],
        CloseNumberingDay c => [new NumberingDayClosed(
            state.OfficeId!, state.Series!, state.Day!.Value, state.FirstSequence, state.LastSequence, state.LastIssueDate, state.LastHash, state.DayTotals,
            state.YearTotals, c.At)],
        IssueInvoice c when state.ByKey.ContainsKey(InvoiceKey(c.Draft.SourceModule, c.Draft.SourceReference)) => [],
        IssueInvoice c => [Issue(c, state)],
        IssueCreditNote c when state.ByKey.ContainsKey(CreditNoteKey(c.Draft.CreditNoteId)) => [],
        IssueCreditNote c => [Issue(c, state)],
        _ => throw new DomainRuleViolation("billing.invalid-command", "This command is not possible on a numbering series."),
    };

    internal static RegisterState Evolve(RegisterState state, RegisterEvent @event) => @event switch
    {
        NumberingDayOpened e => state with
        {
            OfficeId = e.OfficeId,
            Series = e.Series,
            Day = e.Day,
            FirstSequence = e.LastSequence + 1,
            LastSequence = e.LastSequence,
            LastIssueDate = e.LastIssueDate,
            LastHash = e.LastHash,
            YearTotals = e.YearTotals,
        },
        NumberingDayClosed => state with { Closed = true },
        InvoiceIssued e => Numbered(state, e.OfficeId, e.Series, e.IssueDate, InvoiceKey(e.SourceModule, e.SourceReference), new IssuedDocument(e.InvoiceId, e.Number, e.Sequence), e.Totals),
        CreditNoteIssued e => Numbered(state, e.OfficeId, e.Series, e.IssueDate, CreditNoteKey(e.CreditNoteId), new IssuedDocument(e.DocumentId, e.Number, e.Sequence), e.Totals),
        _ => state,
    };

    /// <summary>A document folded into the state. Also folds the documents of a stream written before numbering days existed (one
    /// stream per year holding every document, ADR 0010 "compatibility"), where no opening event precedes them.</summary>
    private static RegisterState Numbered(
        RegisterState state, string officeId, string series, DateOnly issueDate, string key, IssuedDocument document, VatBreakdown totals) =>
        state with
        {
            OfficeId = officeId,
            Series = series,
            LastSequence = document.Sequence,
            LastIssueDate = issueDate,
            LastHash = NumberingHash.Next(state.LastHash, document.DocumentId, document.Number, issueDate, totals.TotalTtc),
            DayTotals = state.DayTotals.Add(totals),
            YearTotals = state.YearTotals.Add(totals),
            ByKey = state.ByKey.SetItem(key, document),
        };

    private static DomainRuleViolation DayNotOpen() =>
        new("numbering.day-not-open", "La journée de numérotation n'est pas ouverte.", isConflict: true);

    private static DomainRuleViolation WrongStream(string what, RegisterState state) =>
        new("numbering.wrong-stream", $"The {what} cannot be numbered in the day {state.Day:yyyy-MM-dd} of series {state.Series} of office {state.OfficeId}.");

    private static InvoiceIssued Issue(IssueInvoice c, RegisterState state)
    {
        var d = c.Draft;
        var (year, sequence, issueDate) = NextNumber(state, DocumentSeries.Invoices, d.OfficeId, d.TimeZone, c.At);
        RequireText(d.SourceModule, "billing.source-required", "The source module of the invoice is required.");
        RequireText(d.SourceReference, "billing.source-required", "The source reference of the invoice is required.");
        RequireCustomer(d.Customer);
        if (d.PaymentTermDays is < 0 or > 60)
        {
            throw new DomainRuleViolation(
                "invoice.payment-term-out-of-range",
                "Le délai de paiement doit être compris entre 0 (à réception) et 60 jours (art. L441-10 du Code de commerce).");
        }

        var lines = Lines(d.Lines, d.Seller, "invoice");
        var totals = DocumentLine.Totals(lines);
        if (totals.TotalTtc < 0 || totals.PerRate.Any(r => r.Ttc < 0))
        {
            throw new DomainRuleViolation(
                "invoice.negative-total",
                "Une remise ne peut pas dépasser le montant qu'elle réduit : le total de chaque taux de TVA doit être positif ou nul.");
        }

        var series = DocumentSeries.Invoices;
        var customer = CustomerSnapshot.Split(d.Customer);
        return new InvoiceIssued(
            series.DocumentId(year, sequence),
            series.Number(year, sequence),
            d.OfficeId,
            series.Code,
            year,
            sequence,
            issueDate,
            issueDate.AddDays(d.PaymentTermDays),
            d.PaymentTermDays,
            d.Seller,
            customer.CustomerId,
            customer.Kind,
            customer.DataSubjectId,
            customer.Business,
            customer.Consumer,
            lines,
            totals,
            string.IsNullOrWhiteSpace(d.Label) ? lines[0].Label : d.Label.Trim(),
            d.SourceModule.Trim(),
            d.SourceReference.Trim(),
            string.IsNullOrWhiteSpace(d.LatePenaltyMention) ? BillingTexts.DefaultLatePenaltyMention : d.LatePenaltyMention.Trim(),
            d.Customer.Kind == CustomerKind.Business ? BillingTexts.RecoveryIndemnityCents : null,
            c.At,
            d.EmailToCustomer,
            customer.BusinessEmail);
    }

    private static CreditNoteIssued Issue(IssueCreditNote c, RegisterState state)
    {
        var d = c.Draft;
        var (year, sequence, issueDate) = NextNumber(state, DocumentSeries.CreditNotes, d.OfficeId, d.TimeZone, c.At);
        RequireText(d.CreditNoteId, "credit-note.id-required", "The credit note id is required.");
        RequireText(d.Reason, "credit-note.reason-required", "Le motif de l'avoir est obligatoire.");
        RequireCustomer(d.Customer);
        var lines = Lines(d.Lines, d.Seller, "credit-note");
        var totals = DocumentLine.Totals(lines);
        if (totals.TotalTtc <= 0 || totals.PerRate.Any(r => r.Ttc < 0))
        {
            throw new DomainRuleViolation("credit-note.amount-not-positive", "Le montant d'un avoir doit être positif pour chaque taux de TVA.");
        }

        if (d.Disposition == CreditNoteDisposition.KeepAsCredit && d.CreditExpiresOn is null)
        {
            throw new DomainRuleViolation("credit-note.expiry-required", "Un avoir conservé en crédit doit avoir une date de validité.");
        }

        var series = DocumentSeries.CreditNotes;
        var customer = CustomerSnapshot.Split(d.Customer);
        return new CreditNoteIssued(
            d.CreditNoteId,
            series.DocumentId(year, sequence),
            series.Number(year, sequence),
            d.OfficeId,
            series.Code,
            year,
            sequence,
            issueDate,
            d.Seller,
            customer.CustomerId,
            customer.Kind,
            customer.DataSubjectId,
            customer.Business,
            customer.Consumer,
            d.InvoiceId,
            d.InvoiceNumber,
            d.InvoiceDate,
            lines,
            totals,
            d.Reason.Trim(),
            d.Disposition,
            d.Disposition == CreditNoteDisposition.KeepAsCredit ? d.CreditExpiresOn : null,
            c.At,
            customer.BusinessEmail);
    }

    /// <summary>The next number of the day. Every document of a day's stream is dated that day: a command decided just before midnight
    /// that lands in the next day (the day it was decided in closed meanwhile) is dated the later day, so numbers and dates stay in the
    /// same order (chronological series). A command decided on a later day than the stream's is refused: that day must be opened.</summary>
    private static (int Year, int Sequence, DateOnly IssueDate) NextNumber(
        RegisterState state, DocumentSeries series, string officeId, string timeZone, DateTimeOffset at)
    {
        if (!state.Opened)
        {
            throw DayNotOpen();
        }

        if (state.Closed)
        {
            throw new DomainRuleViolation(
                "numbering.day-closed", $"La journée de facturation du {state.Day:dd/MM/yyyy} est close : le document est numéroté sur la journée suivante.", isConflict: true);
        }

        var localDate = LocalDate(at, timeZone);
        if (state.OfficeId != officeId || state.Series != series.Code || localDate > state.Day)
        {
            throw WrongStream($"document {series.Code} of {localDate:yyyy-MM-dd} for office {officeId}", state);
        }

        var day = state.Day!.Value;
        return (day.Year, state.LastSequence + 1, day);
    }

    internal static List<DocumentLine> Lines(IReadOnlyList<InvoiceLineRequest> requested, LegalIdentity seller, string kind)
    {
        if (requested.Count == 0)
        {
            throw new DomainRuleViolation($"{kind}.no-lines", "Le document doit comporter au moins une ligne.");
        }

        return requested.Select(l =>
        {
            RequireText(l.Label, $"{kind}.line-label-required", "Chaque ligne doit avoir un libellé.");
            if (l.Quantity <= 0)
            {
                throw new DomainRuleViolation($"{kind}.quantity-not-positive", $"La quantité de la ligne « {l.Label} » doit être positive (une remise est un prix unitaire négatif).");
            }

            // A seller under the VAT franchise (art. 293 B CGI) charges no VAT: every line is out of scope with that reason.
            var rate = seller.VatExempt ? VatRate.OutOfScope(BillingTexts.VatExemptReason) : l.VatRate;
            return DocumentLine.From(l, rate);
        }).ToList();
    }

    internal static void RequireCustomer(BillingCustomer customer)
    {
        RequireText(customer.CustomerId, "billing.customer-id-required", "The customer id is required.");
        RequireText(customer.Name, "billing.customer-name-required", "Le nom du client est obligatoire.");
        RequireText(customer.Address.City, "billing.customer-address-required", "L'adresse du client est obligatoire.");
    }

    private static void RequireText(string? value, string code, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainRuleViolation(code, message);
        }
    }
}
