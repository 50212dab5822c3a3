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
    string? Balance,
    IReadOnlyList<DocumentLineModel>? ThirdPartyLines = null,
    string? ThirdPartyTotal = null,
    string? AmountDue = null);

/// <summary>A printed line; <paramref name="CollectedFor"/> on a line collected for a provider ("Encaissé pour le compte de …").</summary>
internal sealed record DocumentLineModel(
    string Label, int Quantity, string UnitPriceHt, string UnitPriceTtc, string Rate, string? ServiceDate, string Ht, string Ttc, string? CollectedFor = null);

internal sealed record VatLineModel(string Rate, string? Reason, string Ht, string Vat, string Ttc);

internal static class DocumentModels
{
    /// <summary>Lines collected for providers (third-party funds, ADR 0022) are printed apart, after the office's own lines: the VAT
    /// breakdown and totals HT / TVA / TTC are the office's own; the débours follow, then the net amount to pay.</summary>
    public static DocumentModel Invoice(InvoiceIssued i, long? balance) => new DocumentModel(
        "Facture",
        i.Number,
        Day(i.IssueDate),
        i.Seller,
        i.Customer,
        i.CustomerKind == CustomerKind.Business,
        Lines(i.Lines.Where(l => l.OnBehalfOf is null)),
        VatLines(DocumentLine.OwnTotals(i.Lines)),
        Euros.Format(DocumentLine.OwnTotals(i.Lines).TotalHt),
        Euros.Format(DocumentLine.OwnTotals(i.Lines).TotalVat),
        Euros.Format(DocumentLine.OwnTotals(i.Lines).TotalTtc),
        Day(i.DueDate),
        BillingTexts.PaymentTerms(i.PaymentTermDays),
        i.LatePenaltyMention,
        i.RecoveryIndemnity is null ? null : BillingTexts.RecoveryIndemnityMention,
        null,
        null,
        null,
        balance is null ? null : Euros.Format(balance.Value)).WithThirdParty(i.Lines, i.Totals);

    public static DocumentModel CreditNote(CreditNoteIssued c) => new DocumentModel(
        "Avoir",
        c.Number,
        Day(c.IssueDate),
        c.Seller,
        c.Customer,
        c.CustomerKind == CustomerKind.Business,
        Lines(c.Lines.Where(l => l.OnBehalfOf is null)),
        VatLines(DocumentLine.OwnTotals(c.Lines)),
        Euros.Format(DocumentLine.OwnTotals(c.Lines).TotalHt),
        Euros.Format(DocumentLine.OwnTotals(c.Lines).TotalVat),
        Euros.Format(DocumentLine.OwnTotals(c.Lines).TotalTtc),
        null,
        null,
        null,
        null,
        $"Avoir sur la facture n° {c.InvoiceNumber} du {Day(c.InvoiceDate)}",
        c.Reason,
        c.CreditExpiresOn is { } until ? $"Montant utilisable en crédit jusqu'au {Day(until)}." : "Montant remboursé au client.",
        null).WithThirdParty(c.Lines, c.Totals);

    /// <summary>Adds the lines collected for providers, their total and the amount of the whole document (null when it has none).</summary>
    private static DocumentModel WithThirdParty(this DocumentModel model, IReadOnlyList<DocumentLine> lines, VatBreakdown totals)
    {
        var collected = lines.Where(l => l.OnBehalfOf is not null).ToList();
        return collected.Count == 0
            ? model
            : model with
            {
                ThirdPartyLines = Lines(collected),
                ThirdPartyTotal = Euros.Format(collected.Sum(l => l.Ttc)),
                AmountDue = Euros.Format(totals.TotalTtc),
            };
    }

    internal static List<DocumentLineModel> Lines(IEnumerable<DocumentLine> lines) =>
        [.. lines.Select(l => new DocumentLineModel(
            l.Label, l.Quantity, Euros.Format(l.UnitPriceHt), Euros.Format(l.UnitPriceTtc), l.VatRate.Label,
            l.ServiceDate is { } d ? Day(d) : null, Euros.Format(l.Ht), Euros.Format(l.Ttc),
            l.OnBehalfOf is { } provider ? ThirdPartyFunds.CollectedFor(provider) : null))];

    internal static List<VatLineModel> VatLines(VatBreakdown totals) =>
        [.. totals.PerRate.Select(r => new VatLineModel(r.Rate.Label, r.Rate.OutOfScopeReason, Euros.Format(r.Ht), Euros.Format(r.Vat), Euros.Format(r.Ttc)))];

    private static string Day(DateOnly d) => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
