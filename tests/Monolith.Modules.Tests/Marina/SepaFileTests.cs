using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Monolith.Modules.Marina.DirectDebits;
using Monolith.Modules.Marina.Mandates;

namespace Monolith.Modules.Tests.Marina;

/// <summary>pain.008 files we write and pain.002 reports we read, validated against the official schemas in ../shared/standards
/// (the ISO 20022 one and the EPC-restricted one).</summary>
public class SepaFileTests
{
    private static readonly Creditor Port = new("Port de Sainte Marie la Mer", "FR7630006000011234567890189", "AGRIFRPP", "FR72ZZZ123456");
    private static readonly DateOnly Collection = new(2026, 3, 16);

    private static readonly Pain008Transaction[] Debits =
    [
        new("d0000000000000000000000000000001", 85000, SequenceType.FRST, "RUM2016-0123456789ABCDEF", new DateOnly(2016, 12, 19), "DUPONT JEAN",
            new DebtorAddress("10, RUE DU MARCHÉ", "11000 CARCASSONNE"), "FR7630006000011234567890189", "MORSFR33XXX", null, "Facture 2026/00001"),
        new("d0000000000000000000000000000002", 17800, SequenceType.RCUR, "RUM2024-ZYXWVTSRQPNMKJHG", new DateOnly(2024, 2, 1), "Hélène Lefèvre & fils",
            new DebtorAddress("3 allée des Œillets", "66470 Sainte-Marie-la-Mer"), "DE89370400440532013000", null, null, "Facture 2026/00002"),
        new("d0000000000000000000000000000003", 120050, SequenceType.RCUR, "RUM2025-0000000000000001", new DateOnly(2025, 1, 10), "MARTIN Paul",
            new DebtorAddress("1 quai Nord", "66000 PERPIGNAN"), "FR1420041010050500013M02606", "PSSTFRPPMON", "FR7630006000011234567890189", "Facture 2026/00003"),
    ];

    private static string Standards(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Monolith.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir!.FullName, "..", "shared", "standards", .. parts]);
    }

    private static List<string> Validate(string xml, params string[] schema)
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        using (var reader = XmlReader.Create(Standards(schema), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
        {
            set.Add(null, reader);
        }

        set.Compile();
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = set,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
        };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using var validating = XmlReader.Create(new StringReader(xml), settings);
        while (validating.Read())
        {
        }

        return errors;
    }

    private static string File008() => Pain008.Write("SDD-20260316-0123456789abcdef", new DateTimeOffset(2026, 3, 12, 6, 0, 0, TimeSpan.Zero), Collection, Port, Debits);

    [Fact]
    public void The_pain008_file_validates_against_the_iso_20022_schema() =>
        Validate(File008(), "sepa-pain.008.001.02", "pain.008.001.02.xsd").Should().BeEmpty();

    [Fact]
    public void The_pain008_file_validates_against_the_epc_restricted_schema() =>
        Validate(File008(), "sepa-pain.008.001.02", "dk-epc", "pain.008.001.02.xsd").Should().BeEmpty();

    [Fact]
    public void The_schemas_do_catch_a_broken_file()
    {
        var broken = File008().Replace("<SeqTp>RCUR</SeqTp>", "<SeqTp>NEXT</SeqTp>", StringComparison.Ordinal);

        Validate(broken, "sepa-pain.008.001.02", "pain.008.001.02.xsd").Should().NotBeEmpty();
    }

    [Fact]
    public void The_restricted_schema_refuses_a_structured_address_the_iso_one_accepts()
    {
        var structured = File008().Replace("<Ctry>FR</Ctry>", "<StrtNm>RUE DU MARCHE</StrtNm><Ctry>FR</Ctry>", StringComparison.Ordinal);

        Validate(structured, "sepa-pain.008.001.02", "pain.008.001.02.xsd").Should().BeEmpty();
        Validate(structured, "sepa-pain.008.001.02", "dk-epc", "pain.008.001.02.xsd").Should().NotBeEmpty();
    }

    [Fact]
    public void One_payment_block_per_sequence_type_with_its_count_and_control_sum()
    {
        XNamespace ns = Pain008.Ns;
        var doc = XDocument.Parse(File008());
        var header = doc.Descendants(ns + "GrpHdr").Single();
        header.Element(ns + "NbOfTxs")!.Value.Should().Be("3");
        header.Element(ns + "CtrlSum")!.Value.Should().Be("2228.50");
        var blocks = doc.Descendants(ns + "PmtInf").ToList();
        blocks.Select(b => b.Descendants(ns + "SeqTp").Single().Value).Should().Equal("FRST", "RCUR");
        blocks.Select(b => b.Element(ns + "NbOfTxs")!.Value).Should().Equal("1", "2");
        blocks.Select(b => b.Element(ns + "CtrlSum")!.Value).Should().Equal("850.00", "1378.50");
        blocks.Should().OnlyContain(b => b.Element(ns + "ReqdColltnDt")!.Value == "2026-03-16");
        blocks.SelectMany(b => b.Descendants(ns + "PmtInfId")).Select(e => e.Value).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Postal_addresses_hold_only_country_and_address_lines_in_the_sepa_character_set()
    {
        XNamespace ns = Pain008.Ns;
        var doc = XDocument.Parse(File008());
        doc.Descendants(ns + "PstlAdr").SelectMany(a => a.Elements()).Select(e => e.Name.LocalName).Distinct().Should().BeEquivalentTo("Ctry", "AdrLine");
        var names = doc.Descendants(ns + "Dbtr").Select(d => d.Element(ns + "Nm")!.Value).ToList();
        names.Should().Contain("Helene Lefevre + fils");
        doc.Descendants(ns + "AdrLine").Select(a => a.Value).Should().Contain(["10, RUE DU MARCHE", "3 allee des OEillets"]);
    }

    [Fact]
    public void An_amended_account_is_announced_and_an_unknown_bic_is_notprovided()
    {
        XNamespace ns = Pain008.Ns;
        var tx = XDocument.Parse(File008()).Descendants(ns + "DrctDbtTxInf").ToList();
        tx[2].Descendants(ns + "AmdmntInd").Single().Value.Should().Be("true");
        tx[2].Descendants(ns + "OrgnlDbtrAcct").Single().Descendants(ns + "Othr").Single().Value.Should().Be("SMNDA", "the account moved to another bank");
        tx[1].Descendants(ns + "AmdmntInd").Single().Value.Should().Be("false");
        tx[1].Element(ns + "DbtrAgt")!.Descendants(ns + "Id").Single().Value.Should().Be("NOTPROVIDED");
    }

    private const string Report = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
          <CstmrPmtStsRpt>
            <GrpHdr>
              <MsgId>STS-20260317-0001</MsgId>
              <CreDtTm>2026-03-17T08:00:00</CreDtTm>
              <CdtrAgt><FinInstnId><BIC>AGRIFRPP</BIC></FinInstnId></CdtrAgt>
            </GrpHdr>
            <OrgnlGrpInfAndSts>
              <OrgnlMsgId>SDD-20260316-0123456789abcdef</OrgnlMsgId>
              <OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId>
            </OrgnlGrpInfAndSts>
            <OrgnlPmtInfAndSts>
              <OrgnlPmtInfId>SDD-20260316-0123456789abcdef-RCUR</OrgnlPmtInfId>
              <TxInfAndSts>
                <StsId>STS-1</StsId>
                <OrgnlEndToEndId>d0000000000000000000000000000002</OrgnlEndToEndId>
                <TxSts>RJCT</TxSts>
                <StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf>
                <OrgnlTxRef>
                  <Amt><InstdAmt Ccy="EUR">178.00</InstdAmt></Amt>
                  <ReqdColltnDt>2026-03-16</ReqdColltnDt>
                </OrgnlTxRef>
              </TxInfAndSts>
            </OrgnlPmtInfAndSts>
          </CstmrPmtStsRpt>
        </Document>
        """;

    [Fact]
    public void The_status_report_used_in_tests_validates_against_the_pain002_schema() =>
        Validate(Report, "sepa-pain.002.001.03", "dk-epc", "pain.002.001.03.xsd").Should().BeEmpty();

    [Fact]
    public void Rejected_transactions_are_read_with_their_reason()
    {
        var rejections = Pain002.ReadRejections(new MemoryStream(Encoding.UTF8.GetBytes(Report)));

        rejections.Should().Equal(new RejectedTransaction("SDD-20260316-0123456789abcdef", "d0000000000000000000000000000002", "AM04"));
    }

    [Fact]
    public void A_rejected_group_rejects_the_whole_message()
    {
        var group = Report.Replace("<OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId>",
            "<OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId><GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf>", StringComparison.Ordinal);

        Pain002.ReadRejections(new MemoryStream(Encoding.UTF8.GetBytes(group)))
            .Should().Equal(new RejectedTransaction("SDD-20260316-0123456789abcdef", null, "FF01"));
    }

    [Fact]
    public void A_file_that_is_not_a_status_report_is_refused_in_french()
    {
        var act = () => Pain002.ReadRejections(new MemoryStream(Encoding.UTF8.GetBytes(File008())));

        act.Should().Throw<Monolith.BuildingBlocks.Deciders.DomainRuleViolation>().Which.Message.Should().Contain("pain.002.001.03");
    }
}
