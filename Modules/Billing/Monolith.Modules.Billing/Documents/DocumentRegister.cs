using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Documents;

// The numbering stream of one office, series and year ("billing-numbering-{office}-{series}-{year}", ADR 0010). It holds the issued
// documents themselves: taking the next number and issuing the document is one append, so no gap and no duplicate can occur; under
// concurrent issuing the expected-revision conflict makes the generic handler reload and retry, which serialises the numbers.

internal abstract record RegisterCommand;
internal sealed record IssueInvoice(InvoiceDraft Draft, DateTimeOffset At) : RegisterCommand;
internal sealed record IssueCreditNote(CreditNoteDraft Draft, DateTimeOffset At) : RegisterCommand;

internal abstract record RegisterEvent;

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
    bool EmailToCustomer = false) : RegisterEvent
{
    /// <summary>The customer as printed: a consumer's details read back as erased once they are forgotten.</summary>
    [JsonIgnore]
    public BillingCustomer Customer => CustomerSnapshot.Read(CustomerId, CustomerKind, BusinessCustomer, ConsumerCustomer);
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
    DateTimeOffset IssuedAt) : RegisterEvent
{
    [JsonIgnore]
    public BillingCustomer Customer => CustomerSnapshot.Read(CustomerId, CustomerKind, BusinessCustomer, ConsumerCustomer);
}

/// <summary>How the customer is stored on a document: a business in clear; a consumer's name, address and e-mail as personal data
/// (encrypted under the data subject's key, erasable without rewriting history), the ids and kind in clear.</summary>
internal static class CustomerSnapshot
{
    public static (string CustomerId, CustomerKind Kind, string? DataSubjectId, BillingCustomer? Business, BillingCustomer? Consumer) Split(BillingCustomer c) =>
        c.Kind == CustomerKind.Business
            ? (c.CustomerId, c.Kind, null, c, null)
            : (c.CustomerId, c.Kind, c.DataSubjectId ?? c.CustomerId, null, c with { DataSubjectId = c.DataSubjectId ?? c.CustomerId });

    public static BillingCustomer Read(string customerId, CustomerKind kind, BillingCustomer? business, BillingCustomer? consumer) =>
        business ?? consumer ?? new BillingCustomer(customerId, kind, PersonalData.ErasedText, new BillingAddress(PersonalData.ErasedText, "", ""));
}

/// <summary>A document already issued in this stream, found again by its idempotency key.</summary>
internal sealed record IssuedDocument(string DocumentId, string Number, int Sequence);

internal sealed record RegisterState(
    string? OfficeId,
    string? Series,
    int Year,
    int LastSequence,
    DateOnly? LastIssueDate,
    ImmutableDictionary<string, IssuedDocument> ByKey)
{
    public static readonly RegisterState Initial = new(null, null, 0, 0, null, ImmutableDictionary<string, IssuedDocument>.Empty);
}

internal static class DocumentRegister
{
    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(InvoiceIssued)] = "billing.invoice-issued",
        [typeof(CreditNoteIssued)] = "billing.credit-note-issued",
    };

    public static readonly Decider<RegisterCommand, RegisterEvent, RegisterState> Decider = new(Decide, Evolve, RegisterState.Initial);

    /// <summary>The idempotency key of an invoice: its source module and reference.</summary>
    public static string InvoiceKey(string sourceModule, string sourceReference) => $"invoice:{sourceModule}/{sourceReference}";

    public static string CreditNoteKey(string creditNoteId) => $"credit-note:{creditNoteId}";

    /// <summary>The office-local calendar date of an instant: the issue date of a document (Europe/Paris by default).</summary>
    public static DateOnly LocalDate(DateTimeOffset at, string timeZone) => OfficeCalendar.DateOf(at, timeZone);

    internal static IReadOnlyList<RegisterEvent> Decide(RegisterCommand command, RegisterState state) => command switch
    {
        IssueInvoice c when state.ByKey.ContainsKey(InvoiceKey(c.Draft.SourceModule, c.Draft.SourceReference)) => [],
        IssueInvoice c => [Issue(c, state)],
        IssueCreditNote c when state.ByKey.ContainsKey(CreditNoteKey(c.Draft.CreditNoteId)) => [],
        IssueCreditNote c => [Issue(c, state)],
        _ => throw new DomainRuleViolation("billing.invalid-command", "This command is not possible on a numbering series."),
    };

    internal static RegisterState Evolve(RegisterState state, RegisterEvent @event) => @event switch
    {
        InvoiceIssued e => Numbered(state, e.OfficeId, e.Series, e.Year, e.IssueDate, InvoiceKey(e.SourceModule, e.SourceReference), new IssuedDocument(e.InvoiceId, e.Number, e.Sequence)),
        CreditNoteIssued e => Numbered(state, e.OfficeId, e.Series, e.Year, e.IssueDate, CreditNoteKey(e.CreditNoteId), new IssuedDocument(e.DocumentId, e.Number, e.Sequence)),
        _ => state,
    };

    private static RegisterState Numbered(RegisterState state, string officeId, string series, int year, DateOnly issueDate, string key, IssuedDocument document) =>
        state with
        {
            OfficeId = officeId,
            Series = series,
            Year = year,
            LastSequence = document.Sequence,
            LastIssueDate = issueDate,
            ByKey = state.ByKey.SetItem(key, document),
        };

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
            d.EmailToCustomer);
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
            c.At);
    }

    /// <summary>The next number of the stream. The issue date never goes backwards within a series: a command decided just after
    /// midnight may lose the append race to one decided earlier that retries, so the date is the later of the local date and the last
    /// issue date — numbers and dates stay in the same order (chronological series).</summary>
    private static (int Year, int Sequence, DateOnly IssueDate) NextNumber(
        RegisterState state, DocumentSeries series, string officeId, string timeZone, DateTimeOffset at)
    {
        var localDate = LocalDate(at, timeZone);
        if (state.OfficeId is not null && (state.OfficeId != officeId || state.Series != series.Code || state.Year != localDate.Year))
        {
            throw new DomainRuleViolation(
                "numbering.wrong-stream",
                $"Document {series.Code} of {localDate.Year} for office {officeId} cannot be numbered in the series {state.Series} {state.Year} of office {state.OfficeId}.");
        }

        var issueDate = state.LastIssueDate is { } last && last > localDate ? last : localDate;
        return (localDate.Year, state.LastSequence + 1, issueDate);
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
