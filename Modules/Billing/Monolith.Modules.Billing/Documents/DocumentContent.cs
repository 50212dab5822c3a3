using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Documents;

/// <summary>A line as issued: what was asked and its amounts under the rounding rule of <see cref="Vat"/> (stored, never recomputed).
/// <paramref name="UnitPriceHt"/> is for display (the unit's TTC less its own VAT); the line's HT is authoritative.
/// <para><paramref name="OnBehalfOf"/> (optional field added to the v2 document events, null in events written before it): a line
/// collected in a partner provider's name (third-party funds, ADR 0022) — its rate is <see cref="ThirdPartyFunds.Rate"/>, outside the
/// office's taxable base.</para></summary>
internal sealed record DocumentLine(
    string Label,
    int Quantity,
    long UnitPriceTtc,
    long UnitPriceHt,
    VatRate VatRate,
    DateOnly? ServiceDate,
    long Ttc,
    long Vat,
    long Ht,
    ThirdPartyProvider? OnBehalfOf = null)
{
    public static DocumentLine From(InvoiceLineRequest line, VatRate rate)
    {
        var provider = ThirdPartyFunds.Normalise(line.OnBehalfOf);
        rate = provider is null ? rate : ThirdPartyFunds.Rate(provider);
        var amount = BuildingBlocks.Money.Vat.Line(line.Quantity, line.UnitPriceTtc, rate);
        var unitHt = line.UnitPriceTtc - BuildingBlocks.Money.Vat.PartOfTtc(line.UnitPriceTtc, rate);
        return new DocumentLine(line.Label.Trim(), line.Quantity, line.UnitPriceTtc, unitHt, rate, line.ServiceDate, amount.Ttc, amount.Vat, amount.Ht, provider);
    }

    /// <summary>The line as a request again (a credit note of the whole invoice copies its lines, the provider with them).</summary>
    public InvoiceLineRequest ToRequest() => new(Label, Quantity, UnitPriceTtc, VatRate, ServiceDate, OnBehalfOf);

    public static VatBreakdown Totals(IEnumerable<DocumentLine> lines) =>
        VatBreakdown.Of(lines.Select(l => (new TaxedAmount(l.Ttc, l.Vat), l.VatRate)));

    /// <summary>The office's own sales of a document: its lines less those collected for providers (closures, revenue).</summary>
    public static VatBreakdown OwnTotals(IEnumerable<DocumentLine> lines) => Totals(lines.Where(l => l.OnBehalfOf is null));
}

/// <summary>Third-party funds (ADR 0022): money the office collects as the agent of a partner provider ("au nom et pour le compte de"),
/// owed to the provider and never the office's revenue. Such a line is outside the office's taxable base (débours of a transparent
/// intermediary, CGI art. 267 II 2°): the office charges no VAT on it, whatever rate the selling module asked (the provider's own VAT
/// is the provider's business); its rate is out of scope with a reason naming the provider, so each provider has its own VAT-breakdown
/// row (and its own credit-note cap).</summary>
internal static class ThirdPartyFunds
{
    /// <summary>The ledger account of third-party funds (PCG 467 "Autres comptes débiteurs ou créditeurs"), one auxiliary per provider.</summary>
    public const string Account = "467000";

    public const string AccountLabel = "Fonds encaissés pour le compte de tiers";

    public static string AuxAccount(string providerId) => "TIERS-" + providerId.Trim();

    public static ThirdPartyProvider? Normalise(ThirdPartyProvider? provider)
    {
        if (provider is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(provider.ProviderId) || string.IsNullOrWhiteSpace(provider.Name))
        {
            throw new BuildingBlocks.Deciders.DomainRuleViolation(
                "billing.provider-required", "Une ligne encaissée pour le compte d'un prestataire doit nommer ce prestataire (identifiant et nom).");
        }

        var siren = string.IsNullOrWhiteSpace(provider.Siren) ? null : provider.Siren.Replace(" ", "", StringComparison.Ordinal).Trim();
        return new ThirdPartyProvider(provider.ProviderId.Trim(), provider.Name.Trim(), siren);
    }

    /// <summary>"Encaissé pour le compte de Théâtre du Port (SIREN 123456789)".</summary>
    public static string CollectedFor(ThirdPartyProvider provider) =>
        $"Encaissé pour le compte de {provider.Name}{(provider.Siren is { } siren ? $" (SIREN {siren})" : "")}";

    public static VatRate Rate(ThirdPartyProvider provider) =>
        VatRate.OutOfScope($"Débours — {CollectedFor(provider)}, hors base d'imposition de l'office (art. 267 II 2° du CGI)");
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
