using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Microsoft.Extensions.Configuration;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.EInvoicing;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Billing.Pdf;
using UglyToad.PdfPig;
using static Monolith.Modules.Tests.Billing.BillingFixtures;

namespace Monolith.Modules.Tests.Billing;

/// <summary>Factur-X (EN 16931) e-invoices of business documents: the CII XML validates against the Factur-X 1.0.9 EN16931 XSD in
/// ../shared/standards/factur-x, and the PDF carries exactly that XML as <c>factur-x.xml</c> (read back with PdfPig).</summary>
public sealed class FacturXTests
{
    private static readonly BillingCustomer Company = Business with { Siren = "732829320", VatNumber = "FR44732829320", Email = "compta@voiles.example" };

    private static InvoiceIssued BusinessInvoice() => Issued(
        Draft(
            "pack-2026",
            Company,
            30,
            null,
            new InvoiceLineRequest("Cotisation annuelle", 1, 5000, VatRate.OutOfScope("Cotisation d'association sans contrepartie")),
            new InvoiceLineRequest("Pack PRO visibilité", 3, 24000, VatRate.Standard, new DateOnly(2026, 3, 1)),
            new InvoiceLineRequest("Visite guidée", 7, 1234, VatRate.Intermediate),
            new InvoiceLineRequest("Remise fidélité", 1, -2000, VatRate.Standard)) with
        { LatePenaltyMention = BillingTexts.DefaultLatePenaltyMention },
        At(2026, 3, 2));

    private static CreditNoteIssued BusinessCreditNote() =>
        (CreditNoteIssued)DocumentRegister.Decide(
            new IssueCreditNote(
                new CreditNoteDraft(
                    "cn-1", Office, Paris, Seller, Company, "F2026-00001", "2026/00001", new DateOnly(2026, 3, 2),
                    [new InvoiceLineRequest("Pack PRO visibilité", 1, 24000, VatRate.Standard)], "Annulation du pack", CreditNoteDisposition.Refund, null),
                At(2026, 5, 1)),
            OpenedOn(new DateOnly(2026, 5, 1), DocumentSeries.CreditNotes)).Single();

    internal static string Standards(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Monolith.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir!.FullName, "..", "shared", "standards", .. parts]);
    }

    /// <summary>Errors and warnings of <paramref name="xml"/> against the Factur-X 1.0.9 EN16931 schema (compiled offline).</summary>
    internal static List<string> ValidateEn16931(byte[] xml)
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.Add("urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100", Standards("factur-x", "en16931", "Factur-X_EN16931.xsd"));
        set.Compile();
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = set, ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    private static XElement Cii(byte[] xml) => XDocument.Load(new MemoryStream(xml)).Root!;

    private static IEnumerable<string> Values(XElement root, string localName) =>
        root.Descendants().Where(e => e.Name.LocalName == localName).Select(e => e.Value);

    private static byte[] BlankPdf()
    {
        using var document = new PdfSharp.Pdf.PdfDocument();
        document.AddPage();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static (byte[] Xml, string? Relationship, string? Metadata) ReadBack(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        document.Advanced.TryGetEmbeddedFiles(out var files).Should().BeTrue("a Factur-X PDF has an embedded file");
        var file = files.Should().ContainSingle().Which;
        file.Name.Should().Be("factur-x.xml");
        var catalog = document.Structure.Catalog.CatalogDictionary;
        catalog.TryGet(UglyToad.PdfPig.Tokens.NameToken.Create("AF"), out _).Should().BeTrue("the XML is an associated file of the document (/AF)");
        document.TryGetXmpMetadata(out var xmp).Should().BeTrue("the Factur-X XMP metadata is present");
        return ([.. file.Bytes], AssociatedFileRelationship(pdf), System.Text.Encoding.UTF8.GetString([.. xmp!.GetXmlBytes()]));
    }

    /// <summary>The /AFRelationship of the catalog's associated file (read with PDFsharp: PdfPig does not expose file specifications).</summary>
    private static string? AssociatedFileRelationship(byte[] pdf)
    {
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        var af = document.Internals.Catalog.Elements.GetArray("/AF");
        var spec = af?.Elements.Count == 1 ? ((PdfSharp.Pdf.Advanced.PdfReference)af.Elements[0]).Value as PdfSharp.Pdf.PdfDictionary : null;
        return spec?.Elements.GetName("/AFRelationship").TrimStart('/');
    }

    [Fact]
    public void A_business_invoice_gives_a_CII_that_validates_against_the_EN16931_schema() =>
        ValidateEn16931(CrossIndustryInvoice.Build(EInvoiceContent.Of(BusinessInvoice()))).Should().BeEmpty();

    [Fact]
    public void A_business_credit_note_gives_a_CII_381_referring_to_its_invoice_that_validates()
    {
        var xml = CrossIndustryInvoice.Build(EInvoiceContent.Of(BusinessCreditNote()));

        ValidateEn16931(xml).Should().BeEmpty();
        var root = Cii(xml);
        Values(root, "TypeCode").First().Should().Be("381");
        Values(root, "IssuerAssignedID").Should().ContainSingle().Which.Should().Be("2026/00001");
    }

    [Fact]
    public void The_CII_carries_identities_lines_VAT_per_rate_totals_terms_due_date_and_IBAN()
    {
        var invoice = BusinessInvoice();
        var root = Cii(CrossIndustryInvoice.Build(EInvoiceContent.Of(invoice)));
        XNamespace ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";

        Values(root, "ID").Should().Contain(["urn:cen.eu:en16931:2017", invoice.Number]);
        var seller = root.Descendants(ram + "SellerTradeParty").Single();
        seller.Element(ram + "SpecifiedLegalOrganization")!.Element(ram + "ID")!.Attribute("schemeID")!.Value.Should().Be("0002");
        Values(seller, "ID").Should().Contain(["123456789", "FR32123456789"]);
        Values(root.Descendants(ram + "BuyerTradeParty").Single(), "ID").Should().Equal("732829320", "FR44732829320");
        root.Descendants(ram + "IncludedSupplyChainTradeLineItem").Should().HaveCount(4);
        Values(root, "LineTotalAmount").Take(4).Select(decimal.Parse).Sum().Should().Be(invoice.Totals.TotalHt / 100m);
        var vat = root.Descendants(ram + "ApplicableHeaderTradeSettlement").Single().Elements(ram + "ApplicableTradeTax").ToList();
        vat.Select(t => t.Element(ram + "CategoryCode")!.Value).Should().Equal("S", "S", "O");
        vat.Select(t => decimal.Parse(t.Element(ram + "CalculatedAmount")!.Value, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Equal(invoice.Totals.PerRate.Select(r => r.Vat / 100m));
        Values(root, "GrandTotalAmount").Single().Should().Be((invoice.Totals.TotalTtc / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        Values(root, "DueDateDateTime").Single().Should().Be(invoice.DueDate.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        Values(root, "IBANID").Single().Should().Be("FR7630006000011234567890189");
        Values(root, "Content").Should().Contain(BillingTexts.RecoveryIndemnityMention);
    }

    [Fact]
    public void A_discount_line_is_a_negative_quantity_at_a_positive_price()
    {
        var root = Cii(CrossIndustryInvoice.Build(EInvoiceContent.Of(BusinessInvoice())));
        var discount = root.Descendants().Where(e => e.Name.LocalName == "IncludedSupplyChainTradeLineItem").Last();

        Values(discount, "BilledQuantity").Single().Should().Be("-1.0000");
        Values(discount, "ChargeAmount").Single().Should().NotStartWith("-");
        Values(discount, "LineTotalAmount").Single().Should().StartWith("-");
    }

    [Fact]
    public void The_PDF_of_a_business_invoice_embeds_the_validated_XML_as_factur_x_xml_with_its_XMP_and_output_intent()
    {
        var invoice = BusinessInvoice();
        var xml = CrossIndustryInvoice.Build(EInvoiceContent.Of(invoice));
        ValidateEn16931(xml).Should().BeEmpty();

        var pdf = BusinessPdf.ForInvoice(invoice, BlankPdf());

        var (embedded, relationship, xmp) = ReadBack(pdf);
        embedded.Should().Equal(xml);
        relationship.Should().Be("Data");
        xmp.Should().Contain("<fx:DocumentType>INVOICE</fx:DocumentType>").And.Contain("<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>")
            .And.Contain("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>").And.Contain("<pdfaid:part>3</pdfaid:part>")
            .And.Contain("<pdf:Producer>PDFsharp", "the XMP states the Info dictionary's producer, as PDF/A requires");
        System.Text.Encoding.Latin1.GetString(pdf).Should().Contain("/OutputIntents").And.Contain("/GTS_PDFA1");
    }

    [Fact]
    public void A_consumer_invoice_stays_the_plain_printed_PDF()
    {
        var printed = BlankPdf();
        var consumer = Issued(Draft("berth-1"), At(2026, 3, 2));

        BusinessPdf.ForInvoice(consumer, printed).Should().BeSameAs(printed);
    }

    [ChromiumFact]
    public async Task A_chromium_printed_business_invoice_carries_the_validated_XML_and_its_fonts_stay_embedded()
    {
        var invoice = BusinessInvoice();
        var printer = new ChromiumPdfPrinter(new ConfigurationBuilder().Build(), new RenderingGate(new RenderingGateOptions()));
        var printed = await printer.PrintAsync($"<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><body><h1>Facture n° {invoice.Number}</h1><p>Total TTC : {Euros.Format(invoice.Totals.TotalTtc)}</p></body></html>");

        var pdf = BusinessPdf.ForInvoice(invoice, printed);

        var (embedded, _, _) = ReadBack(pdf);
        embedded.Should().Equal(CrossIndustryInvoice.Build(EInvoiceContent.Of(invoice)));
        ValidateEn16931(embedded).Should().BeEmpty();
        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().Select(p => p.Text));
        text.Should().Contain(invoice.Number, "the printed page is kept as it was");
        FontsWithoutProgram(pdf).Should().BeEmpty("PDF/A needs every font program embedded");
    }

    /// <summary>Names of the fonts used by the pages whose descriptor has no embedded program (FontFile, FontFile2 or FontFile3).</summary>
    private static List<string> FontsWithoutProgram(byte[] pdf)
    {
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        var missing = new List<string>();
        foreach (var page in document.Pages)
        {
            var fonts = page.Elements.GetDictionary("/Resources")?.Elements.GetDictionary("/Font");
            foreach (var name in fonts?.Elements.Keys ?? [])
            {
                var font = fonts!.Elements.GetDictionary(name)!;
                var descendants = font.Elements.GetArray("/DescendantFonts");
                var described = descendants is null ? font : (PdfSharp.Pdf.PdfDictionary)((PdfSharp.Pdf.Advanced.PdfReference)descendants.Elements[0]).Value;
                var descriptor = described.Elements.GetDictionary("/FontDescriptor");
                if (font.Elements.GetName("/Subtype") != "/Type3"
                    && (descriptor is null || !new[] { "/FontFile", "/FontFile2", "/FontFile3" }.Any(descriptor.Elements.ContainsKey)))
                {
                    missing.Add(font.Elements.GetName("/BaseFont"));
                }
            }
        }

        return missing;
    }
}

/// <summary>A fact that needs Debian's <c>chromium</c> on PATH (skipped, with the reason, when it is absent).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "chromium")) || File.Exists(Path.Combine(dir, "chromium-browser"))))
        {
            Skip = "chromium is not on PATH: PDF printing cannot be tested here (install Debian's chromium package, as tools/setup.sh does).";
        }
    }
}
