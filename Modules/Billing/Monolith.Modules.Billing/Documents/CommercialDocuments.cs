using System.Globalization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Billing.Pdf;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Documents;

/// <summary>The model of a quote, order form or delivery note. Its first properties have the names the shared partial
/// <c>billing-document</c> reads (like an invoice's); the rest are the parts only these documents have.</summary>
internal sealed record CommercialDocumentModel(
    string Title,
    string Number,
    string IssueDate,
    LegalIdentity Seller,
    BillingCustomer Customer,
    bool BusinessCustomer,
    IReadOnlyList<Numbering.DocumentLineModel> Lines,
    IReadOnlyList<Numbering.VatLineModel> Vat,
    string TotalHt,
    string TotalVat,
    string TotalTtc,
    string? Label,
    string? ValidUntil,
    string? Deposit,
    string? RemainingAfterDeposit,
    bool Signature,
    string? RelatedReference,
    string? DeliveryDate,
    string? Notes,
    string SourceReference,
    string NotAnInvoiceMention);

/// <summary>What a commercial document amounts to, before rendering.</summary>
internal sealed record CommercialDocument(BillingDocumentKind Kind, string Template, string FileName, CommercialDocumentModel Model, VatBreakdown Totals, DateOnly? ValidUntil);

/// <summary>Quotes, order forms and delivery notes (<see cref="IBillingDocuments"/>): validated, totalled with the invoice's rounding
/// rule, rendered from the French templates, printed by chromium. Nothing is stored: these are not numbered accounting documents.</summary>
internal sealed class CommercialDocuments(IOfficeDirectory offices, IDocumentRenderer renderer, ChromiumPdfPrinter pdf) : IBillingDocuments
{
    public const string QuoteValiditySetting = "billing.quote-validity-days";
    public const int DefaultQuoteValidityDays = 30;

    public async Task<RenderedBillingDocument> RenderHtmlAsync(string officeId, BillingDocumentRequest request, CancellationToken ct = default)
    {
        var office = await offices.GetOfficeAsync(officeId, ct) ?? throw new NotFoundException("Office not found.");
        var seller = office.Legal ?? throw new DomainRuleViolation(
            "billing.seller-identity-missing",
            "L'identité légale de l'office (raison sociale, SIREN, TVA, adresse) doit être renseignée avant d'émettre un document.");
        var terms = await offices.GetTermsInForceAsync(officeId, request.Date, ct);
        var validityDays = terms?.Settings.TryGetValue(QuoteValiditySetting, out var value) == true
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) ? days : DefaultQuoteValidityDays;
        var document = Build(request, seller, validityDays);
        var html = await renderer.RenderOfficeDocumentAsync(officeId, document.Template, document.Model, ct);
        return new RenderedBillingDocument(
            request.Kind, request.Reference.Trim(), document.FileName, html, document.Totals.TotalHt, document.Totals.TotalVat, document.Totals.TotalTtc,
            document.ValidUntil);
    }

    public async Task<BillingDocumentPdf> RenderPdfAsync(string officeId, BillingDocumentRequest request, CancellationToken ct = default)
    {
        var document = await RenderHtmlAsync(officeId, request, ct);
        return pdf.IsAvailable
            ? new BillingDocumentPdf(document, await pdf.PrintAsync(document.Html, ct), null)
            : new BillingDocumentPdf(document, null, BillingProblems.PdfUnavailable);
    }

    public static string Code(BillingDocumentKind kind) => kind switch
    {
        BillingDocumentKind.Quote => "quote",
        BillingDocumentKind.OrderForm => "order-form",
        BillingDocumentKind.DeliveryNote => "delivery-note",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParseCode(string code, out BillingDocumentKind kind)
    {
        foreach (var candidate in Enum.GetValues<BillingDocumentKind>())
        {
            if (Code(candidate) == code)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The document's content under the billing rules (pure: tested without rendering).</summary>
    public static CommercialDocument Build(BillingDocumentRequest r, LegalIdentity seller, int quoteValidityDays)
    {
        var code = Code(r.Kind);
        Require(r.Reference, $"{code}.reference-required", "La référence du document est obligatoire.");
        Require(r.SourceModule, $"{code}.source-required", "Le module d'origine du document est obligatoire.");
        Require(r.SourceReference, $"{code}.source-required", "La référence d'origine du document est obligatoire.");
        DocumentRegister.RequireCustomer(r.Customer);
        var lines = DocumentRegister.Lines(r.Lines, seller, code);
        var totals = DocumentLine.Totals(lines);
        if (totals.TotalTtc < 0 || totals.PerRate.Any(t => t.Ttc < 0))
        {
            throw new DomainRuleViolation(
                $"{code}.negative-total",
                "Une remise ne peut pas dépasser le montant qu'elle réduit : le total de chaque taux de TVA doit être positif ou nul.");
        }

        DateOnly? validUntil = null;
        if (r.Kind == BillingDocumentKind.Quote)
        {
            if (r.ValidUntil is null && (quoteValidityDays is < 0 or > 3660 || r.Date.DayNumber > DateOnly.MaxValue.DayNumber - quoteValidityDays))
            {
                throw new DomainRuleViolation("quote.validity-out-of-range", "La date de validité du devis est hors des dates possibles : vérifiez la date du devis.");
            }

            validUntil = r.ValidUntil ?? r.Date.AddDays(quoteValidityDays);
            if (validUntil < r.Date)
            {
                throw new DomainRuleViolation("quote.validity-before-date", "La date de validité du devis ne peut pas précéder sa date.");
            }
        }
        else if (r.ValidUntil is not null)
        {
            throw new DomainRuleViolation($"{code}.validity-not-applicable", "Seul un devis a une date de validité.");
        }

        if (r.Deposit is { } deposit)
        {
            if (r.Kind == BillingDocumentKind.DeliveryNote)
            {
                throw new DomainRuleViolation("delivery-note.deposit-not-applicable", "Un bon de livraison ne demande pas d'acompte.");
            }

            if (deposit <= 0 || deposit > totals.TotalTtc)
            {
                throw new DomainRuleViolation(
                    $"{code}.deposit-out-of-range", $"L'acompte doit être positif et ne pas dépasser le total TTC ({Euros.Format(totals.TotalTtc)}).");
            }
        }

        var (title, template, filePrefix) = r.Kind switch
        {
            BillingDocumentKind.Quote => ("Devis", "billing.quote", "devis"),
            BillingDocumentKind.OrderForm => ("Bon de commande", "billing.order-form", "bon-de-commande"),
            _ => ("Bon de livraison", "billing.delivery-note", "bon-de-livraison"),
        };
        var model = new CommercialDocumentModel(
            title,
            r.Reference.Trim(),
            Day(r.Date),
            seller,
            r.Customer,
            r.Customer.Kind == CustomerKind.Business,
            Numbering.DocumentModels.Lines(lines),
            Numbering.DocumentModels.VatLines(totals),
            Euros.Format(totals.TotalHt),
            Euros.Format(totals.TotalVat),
            Euros.Format(totals.TotalTtc),
            string.IsNullOrWhiteSpace(r.Label) ? null : r.Label.Trim(),
            validUntil is { } v ? Day(v) : null,
            r.Deposit is { } d ? Euros.Format(d) : null,
            r.Deposit is { } d2 ? Euros.Format(totals.TotalTtc - d2) : null,
            r.Kind == BillingDocumentKind.Quote && r.SignatureBlock,
            string.IsNullOrWhiteSpace(r.RelatedReference) ? null : r.RelatedReference.Trim(),
            r.Kind == BillingDocumentKind.DeliveryNote ? Day(r.DeliveryDate ?? r.Date) : null,
            string.IsNullOrWhiteSpace(r.Notes) ? null : r.Notes.Trim(),
            $"{r.SourceModule.Trim()}/{r.SourceReference.Trim()}",
            "Ce document n'est pas une facture.");
        return new CommercialDocument(r.Kind, template, $"{filePrefix}-{SafeFileName(r.Reference.Trim())}", model, totals, validUntil);
    }

    private static string SafeFileName(string reference) =>
        new([.. reference.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);

    private static string Day(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static void Require(string? value, string code, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainRuleViolation(code, message);
        }
    }
}
