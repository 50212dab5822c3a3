using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Documents;

/// <summary>A line as issued: what was asked and its amounts under the rounding rule of <see cref="Vat"/> (stored, never recomputed).
/// <paramref name="UnitPriceHt"/> is for display (the unit's TTC less its own VAT); the line's HT is authoritative.</summary>
internal sealed record DocumentLine(
    string Label,
    int Quantity,
    long UnitPriceTtc,
    long UnitPriceHt,
    VatRate VatRate,
    DateOnly? ServiceDate,
    long Ttc,
    long Vat,
    long Ht)
{
    public static DocumentLine From(InvoiceLineRequest line, VatRate rate)
    {
        var amount = BuildingBlocks.Money.Vat.Line(line.Quantity, line.UnitPriceTtc, rate);
        var unitHt = line.UnitPriceTtc - BuildingBlocks.Money.Vat.PartOfTtc(line.UnitPriceTtc, rate);
        return new DocumentLine(line.Label.Trim(), line.Quantity, line.UnitPriceTtc, unitHt, rate, line.ServiceDate, amount.Ttc, amount.Vat, amount.Ht);
    }

    public static VatBreakdown Totals(IEnumerable<DocumentLine> lines) =>
        VatBreakdown.Of(lines.Select(l => (new TaxedAmount(l.Ttc, l.Vat), l.VatRate)));
}

/// <summary>Everything needed to issue an invoice, gathered at the edge (office identity and settings, customer, lines).</summary>
internal sealed record InvoiceDraft(
    string OfficeId,
    string TimeZone,
    LegalIdentity Seller,
    BillingCustomer Customer,
    IReadOnlyList<InvoiceLineRequest> Lines,
    string SourceModule,
    string SourceReference,
    string? Label,
    int PaymentTermDays,
    string LatePenaltyMention,
    bool EmailToCustomer = false)
{
    public string SourceKey => $"{SourceModule}/{SourceReference}";
}

/// <summary>What happens to the amount of a credit note beyond what it cancels on the credited invoice's unpaid balance.</summary>
internal enum CreditNoteDisposition
{
    /// <summary>Refunded to the customer (recorded by a refund when paid out).</summary>
    Refund,

    /// <summary>Kept as customer credit, usable against later invoices until its expiry date.</summary>
    KeepAsCredit,
}

internal sealed record CreditNoteDraft(
    string CreditNoteId,
    string OfficeId,
    string TimeZone,
    LegalIdentity Seller,
    BillingCustomer Customer,
    string InvoiceId,
    string InvoiceNumber,
    DateOnly InvoiceDate,
    IReadOnlyList<InvoiceLineRequest> Lines,
    string Reason,
    CreditNoteDisposition Disposition,
    DateOnly? CreditExpiresOn);

internal static class BillingTexts
{
    public const string DefaultLatePenaltyMention =
        "En cas de retard de paiement, des pénalités sont exigibles au taux de trois fois le taux d'intérêt légal.";

    public const string RecoveryIndemnityMention =
        "Indemnité forfaitaire pour frais de recouvrement due au créancier en cas de retard de paiement : 40\u00A0€ (art. L441-10 et D441-5 du Code de commerce).";

    public const string VatExemptReason = "TVA non applicable, art. 293 B du CGI";

    public const long RecoveryIndemnityCents = 4000;

    public const int DefaultPaymentTermDays = 30;

    public static string PaymentTerms(int days) => days == 0 ? "À réception" : $"{days} jours à compter de la date de facture";
}
