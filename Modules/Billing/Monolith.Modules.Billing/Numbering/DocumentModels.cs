using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Numbering;

/// <summary>The model the French document templates read (amounts formatted in code, so templates stay plain).</summary>
internal sealed record DocumentModel(
    string Title,
    string Number,
    string IssueDate,
    LegalIdentity Seller,
    BillingCustomer Customer,
    bool BusinessCustomer,
    IReadOnlyList<DocumentLineModel> Lines,
    IReadOnlyList<VatLineModel> Vat,
    string TotalHt,
    string TotalVat,
    string TotalTtc,
    string? DueDate,
    string? PaymentTerms,
    string? LatePenaltyMention,
    string? RecoveryIndemnityMention,
    string? InvoiceReference,
    string? Reason,
    string? CreditMention,
    string? Balance);

internal sealed record DocumentLineModel(string Label, int Quantity, string UnitPriceHt, string UnitPriceTtc, string Rate, string? ServiceDate, string Ht, string Ttc);

internal sealed record VatLineModel(string Rate, string? Reason, string Ht, string Vat, string Ttc);

internal static class DocumentModels
{
    public static DocumentModel Invoice(InvoiceIssued i, long? balance) => new(
        "Facture",
        i.Number,
        Day(i.IssueDate),
        i.Seller,
        i.Customer,
        i.CustomerKind == CustomerKind.Business,
        Lines(i.Lines),
        VatLines(i.Totals),
        Euros.Format(i.Totals.TotalHt),
        Euros.Format(i.Totals.TotalVat),
        Euros.Format(i.Totals.TotalTtc),
        Day(i.DueDate),
        BillingTexts.PaymentTerms(i.PaymentTermDays),
        i.LatePenaltyMention,
        i.RecoveryIndemnity is null ? null : BillingTexts.RecoveryIndemnityMention,
        null,
        null,
        null,
        balance is null ? null : Euros.Format(balance.Value));

    public static DocumentModel CreditNote(CreditNoteIssued c) => new(
        "Avoir",
        c.Number,
        Day(c.IssueDate),
        c.Seller,
        c.Customer,
        c.CustomerKind == CustomerKind.Business,
        Lines(c.Lines),
        VatLines(c.Totals),
        Euros.Format(c.Totals.TotalHt),
        Euros.Format(c.Totals.TotalVat),
        Euros.Format(c.Totals.TotalTtc),
        null,
        null,
        null,
        null,
        $"Avoir sur la facture n° {c.InvoiceNumber} du {Day(c.InvoiceDate)}",
        c.Reason,
        c.CreditExpiresOn is { } until ? $"Montant utilisable en crédit jusqu'au {Day(until)}." : "Montant remboursé au client.",
        null);

    internal static List<DocumentLineModel> Lines(IEnumerable<DocumentLine> lines) =>
        [.. lines.Select(l => new DocumentLineModel(
            l.Label, l.Quantity, Euros.Format(l.UnitPriceHt), Euros.Format(l.UnitPriceTtc), l.VatRate.Label,
            l.ServiceDate is { } d ? Day(d) : null, Euros.Format(l.Ht), Euros.Format(l.Ttc)))];

    internal static List<VatLineModel> VatLines(VatBreakdown totals) =>
        [.. totals.PerRate.Select(r => new VatLineModel(r.Rate.Label, r.Rate.OutOfScopeReason, Euros.Format(r.Ht), Euros.Format(r.Vat), Euros.Format(r.Ttc)))];

    private static string Day(DateOnly d) => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
