using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Modules.Billing.Closures;

// The closures of one office and fiscal year ("billing-closures:{office}:{year}", ADR 0021): one event per closed day, plus a month's
// closure after its last day and the year's after 31 December, which closes the stream — the next year's stream carries the perpetual
// grand total on. Each closure holds the period's totals, the perpetual grand total since the office started, the office's chain head
// when it was closed and the signature of its closure document (the same document is written to the archive folder, outside the
// database, and is the anchor the chain is verified against).

internal enum ClosureKind
{
    Day,
    Month,
    Year,
}

/// <summary>Sales or credit notes at one VAT rate (cents).</summary>
internal sealed record RateTotal(string Rate, string Label, long Ht, long Vat, long Ttc);

/// <summary>Money received by one method, and what went back out by that method (returned payments, refunds).</summary>
internal sealed record MethodTotal(PaymentMethod Method, long Received, long Returned, long Refunded)
{
    public long Net => Received - Returned - Refunded;
}

/// <summary>A period's totals. <see cref="Sales"/>, <see cref="CreditNotesPerRate"/> and their TTC are the office's own (lines collected
/// for providers excluded); <see cref="ThirdPartyFunds"/>: lines collected for providers less credit-note lines taking them back (ADR 0022),
/// outside the sales and the perpetual grand total. <see cref="Payments"/> is all the money received, third-party funds included.</summary>
internal sealed record ClosureTotals(
    int Invoices,
    IReadOnlyList<RateTotal> Sales,
    long SalesTtc,
    int CreditNotes,
    IReadOnlyList<RateTotal> CreditNotesPerRate,
    long CreditNotesTtc,
    IReadOnlyList<MethodTotal> Payments,
    long PaymentsNet,
    long ThirdPartyFunds,
    int LateFacts)
{
    public static readonly ClosureTotals Zero = new(0, [], 0, 0, [], 0, [], 0, 0, 0);

    public long NetSalesTtc => SalesTtc - CreditNotesTtc;

    public ClosureTotals Add(ClosureTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var builder = new ClosureTotalsBuilder();
        builder.Merge(this);
        builder.Merge(other);
        return builder.Build();
    }
}

/// <summary>The perpetual grand total since the office's first closure: never reset by a month or a year.</summary>
internal sealed record PerpetualTotals(long SalesTtc, long CreditNotesTtc, long NetSalesTtc, long PaymentsNet)
{
    public static readonly PerpetualTotals Zero = new(0, 0, 0, 0);

    public PerpetualTotals Add(ClosureTotals period) => new(
        SalesTtc + period.SalesTtc, CreditNotesTtc + period.CreditNotesTtc, NetSalesTtc + period.NetSalesTtc, PaymentsNet + period.PaymentsNet);
}

/// <summary>The office's chain when the period was closed: its last event of the period (position and office hash) and how many events
/// the office had then.</summary>
internal sealed record ChainHead(long Position, string OfficeHash, long OfficeEvents)
{
    public static readonly ChainHead Empty = new(0, OfficeHashChain.GenesisHash, 0);
}

internal abstract record ClosureCommand;

/// <summary>Records the closure of <paramref name="Day"/> (computed by <see cref="ClosureRunner"/>) and, when it ends a month or the
/// year, those closures too.</summary>
internal sealed record RecordDayClosure(DateOnly Day, IReadOnlyList<PeriodClosed> Closures) : ClosureCommand;

internal abstract record ClosureEvent;

internal sealed record PeriodClosed(
    string OfficeId,
    ClosureKind Kind,
    string Period,
    DateOnly From,
    DateOnly To,
    ClosureTotals Totals,
    PerpetualTotals GrandTotal,
    ChainHead Head,
    string Signature,
    DateTimeOffset ClosedAt,
    int TotalsVersion = 1) : ClosureEvent
{
    /// <summary>Closures recorded since billing separates third-party funds (ADR 0022) carry 2; older ones (absent field) 1 — their
    /// document keeps the note it was signed with.</summary>
    public const int ThirdPartySeparated = 2;

    /// <summary>"journée du 01/03/2026", "mois de 03/2026", "exercice 2026".</summary>
    [JsonIgnore]
    public string Label => Kind switch
    {
        ClosureKind.Day => $"journée du {From.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}",
        ClosureKind.Month => $"mois de {From.ToString("MM/yyyy", CultureInfo.InvariantCulture)}",
        _ => $"exercice {From.Year.ToString(CultureInfo.InvariantCulture)}",
    };

    /// <summary>The archive file name: <c>day-2026-03-01</c>, <c>month-2026-03</c>, <c>year-2026</c>.</summary>
    [JsonIgnore]
    public string FileName => $"{Kind.ToString().ToLowerInvariant()}-{Period}";
}

internal sealed record ClosuresState(
    string? OfficeId,
    DateOnly? LastClosedDay,
    PerpetualTotals GrandTotal,
    ChainHead Head,
    ClosureTotals MonthToDate,
    ClosureTotals YearToDate,
    bool YearClosed,
    PeriodClosed? Last)
{
    public static readonly ClosuresState Initial = new(null, null, PerpetualTotals.Zero, ChainHead.Empty, ClosureTotals.Zero, ClosureTotals.Zero, false, null);
}

internal static class PeriodClosures
{
    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(PeriodClosed)] = "billing.period-closed",
    };

    public static readonly Decider<ClosureCommand, ClosureEvent, ClosuresState> Decider = new(Decide, Evolve, ClosuresState.Initial);

    /// <summary>The fiscal year's closures stream (fiscal year = calendar year).</summary>
    public static string StreamId(string officeId, int year) =>
        StreamIds.For("billing-closures", officeId, year.ToString(CultureInfo.InvariantCulture));

    internal static IReadOnlyList<ClosureEvent> Decide(ClosureCommand command, ClosuresState state) => command switch
    {
        RecordDayClosure c when state.LastClosedDay is { } last && c.Day <= last => [], // already closed: a rerun of the job
        RecordDayClosure when state.YearClosed =>
            throw new DomainRuleViolation("closure.year-closed", "L'exercice est clôturé : aucune journée ne peut plus y être clôturée.", isConflict: true),
        RecordDayClosure c when state.LastClosedDay is { } last && c.Day != last.AddDays(1) =>
            throw new DomainRuleViolation("closure.out-of-order", $"La journée du {last.AddDays(1):dd/MM/yyyy} doit être clôturée avant celle du {c.Day:dd/MM/yyyy}.", isConflict: true),
        RecordDayClosure c when c.Closures.Count == 0 || c.Closures[0].Kind != ClosureKind.Day || c.Closures[0].From != c.Day =>
            throw new DomainRuleViolation("closure.invalid", "Une clôture journalière commence par la journée clôturée."),
        RecordDayClosure c when state.LastClosedDay is not null && c.Closures[0].GrandTotal != state.GrandTotal.Add(c.Closures[0].Totals) =>
            throw new DomainRuleViolation("closure.grand-total", "Le total perpétuel ne prolonge pas celui de la clôture précédente.", isConflict: true),
        RecordDayClosure c => [.. c.Closures],
        _ => throw new DomainRuleViolation("billing.invalid-command", "This command is not possible on the closures of an office."),
    };

    internal static ClosuresState Evolve(ClosuresState state, ClosureEvent @event) => @event switch
    {
        PeriodClosed { Kind: ClosureKind.Day } e => state with
        {
            OfficeId = e.OfficeId,
            LastClosedDay = e.To,
            GrandTotal = e.GrandTotal,
            Head = e.Head,
            MonthToDate = (state.LastClosedDay is { } last && last.Month == e.To.Month && last.Year == e.To.Year ? state.MonthToDate : ClosureTotals.Zero).Add(e.Totals),
            YearToDate = (state.LastClosedDay is { } previous && previous.Year == e.To.Year ? state.YearToDate : ClosureTotals.Zero).Add(e.Totals),
            Last = e,
        },
        PeriodClosed { Kind: ClosureKind.Month } e => state with { Last = e },
        PeriodClosed { Kind: ClosureKind.Year } e => state with { YearClosed = true, Last = e },
        _ => state,
    };
}

/// <summary>The closure document written to the archive and e-mailed: readable without our software (JSON, documented in
/// docs/adr/0017), signed by <c>{file}.json.sig</c> (HMAC-SHA256 of the file's bytes with the office's closure key).</summary>
internal sealed record ClosureDocument(
    string Format,
    string OfficeId,
    string Kind,
    string Period,
    string Label,
    DateOnly From,
    DateOnly To,
    ClosureTotals Totals,
    PerpetualTotals GrandTotal,
    ChainAnchor Anchor,
    DateTimeOffset ClosedAt,
    string Note)
{
    public const string CurrentFormat = "monolith.closure/v1";

    public const string ThirdPartyNote =
        "Fonds de tiers : la facturation n'enregistre pas encore de ventes pour le compte de prestataires ; le montant est donc nul.";

    /// <summary>The note of closures recorded since third-party funds are separated (<see cref="PeriodClosed.ThirdPartySeparated"/>).</summary>
    public const string ThirdPartySeparatedNote =
        "Fonds de tiers : sommes encaissées au nom et pour le compte de prestataires (lignes de factures moins lignes d'avoirs), dues aux prestataires ; " +
        "elles ne sont ni dans les ventes ni dans le total perpétuel des ventes. Les règlements par moyen de paiement comprennent tout l'argent reçu.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable French in a file, never put in HTML
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static ClosureDocument For(
        string officeId, ClosureKind kind, string period, string label, DateOnly from, DateOnly to, ClosureTotals totals, PerpetualTotals grandTotal, ChainHead head,
        DateTimeOffset closedAt, string note = ThirdPartyNote) =>
        new(CurrentFormat, officeId, kind.ToString().ToLowerInvariant(), period, label, from, to, totals, grandTotal,
            new ChainAnchor(officeId, head.Position, head.OfficeHash, head.OfficeEvents, closedAt, label), closedAt, note);

    public static ClosureDocument Of(PeriodClosed e) =>
        For(e.OfficeId, e.Kind, e.Period, e.Label, e.From, e.To, e.Totals, e.GrandTotal, e.Head, e.ClosedAt,
            e.TotalsVersion >= PeriodClosed.ThirdPartySeparated ? ThirdPartySeparatedNote : ThirdPartyNote);

    /// <summary>The exact text that is signed and archived (deterministic: same closure, same bytes).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>Sums billing facts into <see cref="ClosureTotals"/>.</summary>
internal sealed class ClosureTotalsBuilder
{
    private readonly SortedDictionary<string, RateTotal> _sales = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, RateTotal> _credits = new(StringComparer.Ordinal);
    private readonly SortedDictionary<PaymentMethod, MethodTotal> _payments = [];
    private int _invoices;
    private int _creditNotes;
    private long _thirdParty;
    private int _late;

    public void Invoice(Monolith.BuildingBlocks.Money.VatBreakdown totals)
    {
        _invoices++;
        AddRates(_sales, totals);
    }

    public void CreditNote(Monolith.BuildingBlocks.Money.VatBreakdown totals)
    {
        _creditNotes++;
        AddRates(_credits, totals);
    }

    /// <summary>Third-party funds: + collected for providers on an invoice, − taken back by a credit note (ADR 0022).</summary>
    public void ThirdParty(long amount) => _thirdParty += amount;

    public void Payment(PaymentMethod method, long received, long returned, long refunded) =>
        _payments[method] = _payments.TryGetValue(method, out var t)
            ? t with { Received = t.Received + received, Returned = t.Returned + returned, Refunded = t.Refunded + refunded }
            : new MethodTotal(method, received, returned, refunded);

    /// <summary>A fact recorded in this period whose own date falls in an earlier (closed) one.</summary>
    public void Late() => _late++;

    public void Merge(ClosureTotals totals)
    {
        _invoices += totals.Invoices;
        _creditNotes += totals.CreditNotes;
        foreach (var r in totals.Sales)
        {
            AddRate(_sales, r);
        }

        foreach (var r in totals.CreditNotesPerRate)
        {
            AddRate(_credits, r);
        }

        foreach (var p in totals.Payments)
        {
            Payment(p.Method, p.Received, p.Returned, p.Refunded);
        }

        _thirdParty += totals.ThirdPartyFunds;
        _late += totals.LateFacts;
    }

    public ClosureTotals Build()
    {
        var sales = _sales.Values.ToList();
        var credits = _credits.Values.ToList();
        var payments = _payments.Values.ToList();
        return new ClosureTotals(
            _invoices, sales, sales.Sum(r => r.Ttc), _creditNotes, credits, credits.Sum(r => r.Ttc), payments, payments.Sum(p => p.Net), _thirdParty, _late);
    }

    private static void AddRates(SortedDictionary<string, RateTotal> into, Monolith.BuildingBlocks.Money.VatBreakdown totals)
    {
        foreach (var rate in totals.PerRate)
        {
            AddRate(into, new RateTotal(rate.Rate.Key, rate.Rate.Label, rate.Ht, rate.Vat, rate.Ttc));
        }
    }

    private static void AddRate(SortedDictionary<string, RateTotal> into, RateTotal rate) =>
        into[rate.Rate] = into.TryGetValue(rate.Rate, out var t)
            ? t with { Ht = t.Ht + rate.Ht, Vat = t.Vat + rate.Vat, Ttc = t.Ttc + rate.Ttc }
            : rate;
}
