using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.EInvoicing;

/// <summary>What an e-invoice says, whatever the document (invoice 380 or credit note 381): the issued document's stored facts, never
/// recomputed. Amounts are cents as issued (credit notes carry positive amounts, as the CII wants).</summary>
internal sealed record EInvoiceContent(
    string TypeCode,
    string Number,
    DateOnly IssueDate,
    LegalIdentity Seller,
    BillingCustomer Buyer,
    IReadOnlyList<DocumentLine> Lines,
    VatBreakdown Totals,
    DateOnly? DueDate,
    string? PaymentTerms,
    string? LatePenaltyMention,
    bool RecoveryIndemnity,
    string? PrecedingInvoiceNumber,
    DateOnly? PrecedingInvoiceDate,
    string? Reason)
{
    public const string Invoice = "380";
    public const string CreditNote = "381";

    public static EInvoiceContent Of(InvoiceIssued i) => new(
        Invoice, i.Number, i.IssueDate, i.Seller, i.Customer, i.Lines, i.Totals, i.DueDate, BillingTexts.PaymentTerms(i.PaymentTermDays),
        i.LatePenaltyMention, i.RecoveryIndemnity is not null, null, null, null);

    public static EInvoiceContent Of(CreditNoteIssued c) => new(
        CreditNote, c.Number, c.IssueDate, c.Seller, c.Customer, c.Lines, c.Totals, null, null, null, false, c.InvoiceNumber, c.InvoiceDate,
        c.Reason);
}

/// <summary>The UN/CEFACT Cross Industry Invoice (CII D16B) of a business document, Factur-X 1.0 profile EN 16931 (guideline
/// <c>urn:cen.eu:en16931:2017</c>): seller and buyer with SIREN (scheme 0002), SIRET (0009) and VAT ids, one line item per document line,
/// the VAT breakdown per rate and category, the totals, payment terms, due date and the office's IBAN. Pure: the same document gives the
/// same bytes (UTF-8, no BOM), so the XML embedded in the PDF can be compared with the one validated against the XSD.</summary>
internal static class CrossIndustryInvoice
{
    public const string Guideline = "urn:cen.eu:en16931:2017";

    private static readonly XNamespace Rsm = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    private static readonly XNamespace Ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
    private static readonly XNamespace Udt = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
    private static readonly XNamespace Qdt = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";

    public static bool Applies(BillingCustomer customer) => customer.Kind == CustomerKind.Business;

    public static byte[] Build(EInvoiceContent d)
    {
        var root = new XElement(
            Rsm + "CrossIndustryInvoice",
            new XAttribute(XNamespace.Xmlns + "rsm", Rsm),
            new XAttribute(XNamespace.Xmlns + "ram", Ram),
            new XAttribute(XNamespace.Xmlns + "udt", Udt),
            new XAttribute(XNamespace.Xmlns + "qdt", Qdt),
            new XElement(
                Rsm + "ExchangedDocumentContext",
                new XElement(Ram + "GuidelineSpecifiedDocumentContextParameter", new XElement(Ram + "ID", Guideline))),
            new XElement(
                Rsm + "ExchangedDocument",
                new XElement(Ram + "ID", d.Number),
                new XElement(Ram + "TypeCode", d.TypeCode),
                new XElement(Ram + "IssueDateTime", DateTime(Udt, d.IssueDate)),
                Notes(d)),
            new XElement(
                Rsm + "SupplyChainTradeTransaction",
                d.Lines.Select((l, i) => LineItem(l, i + 1)),
                new XElement(
                    Ram + "ApplicableHeaderTradeAgreement",
                    Seller(d.Seller),
                    Buyer(d.Buyer)),
                new XElement(Ram + "ApplicableHeaderTradeDelivery", Delivery(d)),
                Settlement(d)));
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }

        return buffer.ToArray();
    }

    private static IEnumerable<XElement> Notes(EInvoiceContent d)
    {
        var s = d.Seller;
        var registration = string.Join(
            " – ",
            new[]
            {
                string.IsNullOrWhiteSpace(s.ShareCapital) ? s.LegalForm : $"{s.LegalForm} au capital de {s.ShareCapital}",
                string.IsNullOrWhiteSpace(s.RegistrationCity) ? null : $"RCS {s.RegistrationCity} {s.Siren}",
            }.Where(p => !string.IsNullOrWhiteSpace(p)));
        if (!string.IsNullOrWhiteSpace(registration))
        {
            yield return Note(registration, "REG");
        }

        if (d.Reason is { Length: > 0 } reason)
        {
            yield return Note($"Motif de l'avoir : {reason}", "AAI");
        }

        if (d.LatePenaltyMention is { Length: > 0 } penalty)
        {
            yield return Note(penalty, "PMD");
        }

        if (d.RecoveryIndemnity)
        {
            yield return Note(BillingTexts.RecoveryIndemnityMention, "PMT");
        }
    }

    private static XElement Note(string content, string subject) =>
        new(Ram + "IncludedNote", new XElement(Ram + "Content", content), new XElement(Ram + "SubjectCode", subject));

    private static XElement LineItem(DocumentLine l, int number)
    {
        // A discount line (negative amount) is a negative quantity at a positive net price (BR-27: a price is never negative). When the
        // line's HT does not divide by its quantity, the price is given for the whole quantity (BasisQuantity), so quantity × price /
        // basis equals the line's HT exactly (BR-LIN-04) and nothing is rounded again.
        var quantity = l.Ht < 0 ? -l.Quantity : l.Quantity;
        var magnitude = Math.Abs(l.Ht);
        var divisible = l.Quantity != 0 && magnitude % l.Quantity == 0;
        var price = new XElement(
            Ram + "NetPriceProductTradePrice",
            new XElement(Ram + "ChargeAmount", Amount(divisible ? magnitude / l.Quantity : magnitude, 4)),
            divisible ? null : new XElement(Ram + "BasisQuantity", new XAttribute("unitCode", "C62"), Quantity(Math.Abs(l.Quantity))));
        return new XElement(
            Ram + "IncludedSupplyChainTradeLineItem",
            new XElement(Ram + "AssociatedDocumentLineDocument", new XElement(Ram + "LineID", number.ToString(CultureInfo.InvariantCulture))),
            new XElement(Ram + "SpecifiedTradeProduct", new XElement(Ram + "Name", l.Label)),
            new XElement(Ram + "SpecifiedLineTradeAgreement", price),
            new XElement(Ram + "SpecifiedLineTradeDelivery", new XElement(Ram + "BilledQuantity", new XAttribute("unitCode", "C62"), Quantity(quantity))),
            new XElement(
                Ram + "SpecifiedLineTradeSettlement",
                new XElement(
                    Ram + "ApplicableTradeTax",
                    new XElement(Ram + "TypeCode", "VAT"),
                    new XElement(Ram + "CategoryCode", Category(l.VatRate).Code),
                    new XElement(Ram + "RateApplicablePercent", Percent(l.VatRate))),
                l.ServiceDate is { } day
                    ? new XElement(
                        Ram + "BillingSpecifiedPeriod",
                        new XElement(Ram + "StartDateTime", DateTime(Udt, day)),
                        new XElement(Ram + "EndDateTime", DateTime(Udt, day)))
                    : null,
                new XElement(Ram + "SpecifiedTradeSettlementLineMonetarySummation", new XElement(Ram + "LineTotalAmount", Amount(l.Ht)))));
    }

    private static XElement Seller(LegalIdentity s) => new(
        Ram + "SellerTradeParty",
        string.IsNullOrWhiteSpace(s.Siret) ? null : new XElement(Ram + "GlobalID", new XAttribute("schemeID", "0009"), Digits(s.Siret)),
        new XElement(Ram + "Name", s.LegalName),
        new XElement(Ram + "SpecifiedLegalOrganization", new XElement(Ram + "ID", new XAttribute("schemeID", "0002"), Digits(s.Siren))),
        Address(s.Address.Street, s.Address.PostalCode, s.Address.City, s.Address.Country),
        string.IsNullOrWhiteSpace(s.Email) ? null : Email(s.Email),
        string.IsNullOrWhiteSpace(s.VatNumber) ? null : VatId(s.VatNumber));

    private static XElement Buyer(BillingCustomer b) => new(
        Ram + "BuyerTradeParty",
        new XElement(Ram + "Name", b.Name),
        string.IsNullOrWhiteSpace(b.Siren)
            ? null
            : new XElement(Ram + "SpecifiedLegalOrganization", new XElement(Ram + "ID", new XAttribute("schemeID", "0002"), Digits(b.Siren))),
        Address(b.Address.Street, b.Address.PostalCode, b.Address.City, b.Address.Country),
        string.IsNullOrWhiteSpace(b.Email) ? null : Email(b.Email),
        string.IsNullOrWhiteSpace(b.VatNumber) ? null : VatId(b.VatNumber));

    private static XElement Address(string street, string postalCode, string city, string country) => new(
        Ram + "PostalTradeAddress",
        new XElement(Ram + "PostcodeCode", postalCode),
        new XElement(Ram + "LineOne", street),
        new XElement(Ram + "CityName", city),
        new XElement(Ram + "CountryID", CountryCode(country)));

    private static XElement Email(string email) =>
        new(Ram + "URIUniversalCommunication", new XElement(Ram + "URIID", new XAttribute("schemeID", "EM"), email.Trim()));

    private static XElement VatId(string vat) =>
        new(Ram + "SpecifiedTaxRegistration", new XElement(Ram + "ID", new XAttribute("schemeID", "VA"), vat.Replace(" ", string.Empty, StringComparison.Ordinal)));

    private static IEnumerable<XElement> Delivery(EInvoiceContent d)
    {
        // BT-72, the date of the service (242 nonies A): the latest service date of the lines, when they have one.
        var last = d.Lines.Where(l => l.ServiceDate is not null).Select(l => l.ServiceDate!.Value).DefaultIfEmpty().Max();
        if (last != default)
        {
            yield return new XElement(Ram + "ActualDeliverySupplyChainEvent", new XElement(Ram + "OccurrenceDateTime", DateTime(Udt, last)));
        }
    }

    private static XElement Settlement(EInvoiceContent d)
    {
        var bank = d.Seller.Bank;
        return new XElement(
            Ram + "ApplicableHeaderTradeSettlement",
            new XElement(Ram + "PaymentReference", d.Number),
            new XElement(Ram + "InvoiceCurrencyCode", "EUR"),
            bank is null || d.TypeCode == EInvoiceContent.CreditNote
                ? null
                : new XElement(
                    Ram + "SpecifiedTradeSettlementPaymentMeans",
                    new XElement(Ram + "TypeCode", "58"), // SEPA credit transfer
                    new XElement(Ram + "Information", "Virement SEPA"),
                    new XElement(
                        Ram + "PayeePartyCreditorFinancialAccount",
                        new XElement(Ram + "IBANID", bank.Iban.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()),
                        new XElement(Ram + "AccountName", bank.AccountHolder)),
                    string.IsNullOrWhiteSpace(bank.Bic)
                        ? null
                        : new XElement(Ram + "PayeeSpecifiedCreditorFinancialInstitution", new XElement(Ram + "BICID", bank.Bic.Trim().ToUpperInvariant()))),
            d.Totals.PerRate.Select(VatBreakdownLine),
            d.DueDate is null && d.PaymentTerms is null
                ? null
                : new XElement(
                    Ram + "SpecifiedTradePaymentTerms",
                    d.PaymentTerms is null ? null : new XElement(Ram + "Description", d.PaymentTerms),
                    d.DueDate is { } due ? new XElement(Ram + "DueDateDateTime", DateTime(Udt, due)) : null),
            new XElement(
                Ram + "SpecifiedTradeSettlementHeaderMonetarySummation",
                new XElement(Ram + "LineTotalAmount", Amount(d.Totals.TotalHt)),
                new XElement(Ram + "TaxBasisTotalAmount", Amount(d.Totals.TotalHt)),
                new XElement(Ram + "TaxTotalAmount", new XAttribute("currencyID", "EUR"), Amount(d.Totals.TotalVat)),
                new XElement(Ram + "GrandTotalAmount", Amount(d.Totals.TotalTtc)),
                new XElement(Ram + "DuePayableAmount", Amount(d.Totals.TotalTtc))),
            d.PrecedingInvoiceNumber is null
                ? null
                : new XElement(
                    Ram + "InvoiceReferencedDocument",
                    new XElement(Ram + "IssuerAssignedID", d.PrecedingInvoiceNumber),
                    d.PrecedingInvoiceDate is { } on
                        ? new XElement(Ram + "FormattedIssueDateTime", DateTime(Qdt, on))
                        : null));
    }

    private static XElement VatBreakdownLine(VatRateTotal r)
    {
        var (code, reason, reasonCode) = Category(r.Rate);
        return new XElement(
            Ram + "ApplicableTradeTax",
            new XElement(Ram + "CalculatedAmount", Amount(r.Vat)),
            new XElement(Ram + "TypeCode", "VAT"),
            reason is null ? null : new XElement(Ram + "ExemptionReason", reason),
            new XElement(Ram + "BasisAmount", Amount(r.Ht)),
            new XElement(Ram + "CategoryCode", code),
            reasonCode is null ? null : new XElement(Ram + "ExemptionReasonCode", reasonCode),
            new XElement(Ram + "RateApplicablePercent", Percent(r.Rate)));
    }

    /// <summary>EN 16931 VAT category (UNTDID 5305): S standard/reduced rates, Z zero rate, E exempt (the VAT franchise of CGI art. 293 B,
    /// code VATEX-FR-FRANCHISE), O outside the scope of VAT (a membership fee with no counterpart, VATEX-EU-O).</summary>
    internal static (string Code, string? Reason, string? ReasonCode) Category(VatRate rate) => rate switch
    {
        { IsOutOfScope: true, OutOfScopeReason: BillingTexts.VatExemptReason } => ("E", rate.OutOfScopeReason, "VATEX-FR-FRANCHISE"),
        { IsOutOfScope: true } => ("O", rate.OutOfScopeReason, "VATEX-EU-O"),
        { BasisPoints: 0 } => ("Z", null, null),
        _ => ("S", null, null),
    };

    /// <summary>ISO 3166-1 alpha-2 of the printed country ("France" → FR); a two-letter code is taken as it is. An unknown name is
    /// printed as FR (the offices' customers are French businesses; see ADR 0019).</summary>
    internal static string CountryCode(string? country)
    {
        var c = (country ?? string.Empty).Trim();
        if (c.Length == 2 && c.All(char.IsAsciiLetter))
        {
            return c.ToUpperInvariant();
        }

        return c.ToLowerInvariant() switch
        {
            "belgique" => "BE",
            "suisse" => "CH",
            "allemagne" => "DE",
            "espagne" => "ES",
            "italie" => "IT",
            "luxembourg" => "LU",
            "monaco" => "MC",
            "pays-bas" => "NL",
            "royaume-uni" => "GB",
            "portugal" => "PT",
            _ => "FR",
        };
    }

    private static XElement DateTime(XNamespace ns, DateOnly day) =>
        new(ns + "DateTimeString", new XAttribute("format", "102"), day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    private static string Amount(long cents, int decimals = 2)
    {
        var value = cents / 100m;
        return value.ToString(decimals == 4 ? "0.0000" : "0.00", CultureInfo.InvariantCulture);
    }

    private static string Quantity(int quantity) => quantity.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Percent(VatRate rate) => (rate.BasisPoints / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Digits(string value) => new([.. value.Where(char.IsAsciiDigit)]);
}
