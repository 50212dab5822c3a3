using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Monolith.Modules.Marina.DirectDebits;

/// <summary>A rejected debit read from a status report: the original message and end-to-end id (our debit id) and the ISO reason.</summary>
internal sealed record RejectedTransaction(string OriginalMessageId, string? EndToEndId, string ReasonCode);

/// <summary>Reads an ISO 20022 pain.002.001.03 customer payment status report (the bank's answer to a pain.008 file): every rejected
/// transaction (<c>TxSts</c> RJCT), or every transaction of a rejected payment block or group (then <see cref="RejectedTransaction.EndToEndId"/>
/// is null: the whole original message is rejected). Accepted statuses are ignored. Anything that is not a pain.002.001.03 document is
/// refused with a French message.</summary>
internal static class Pain002
{
    public static readonly XNamespace Ns = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03";

    public static IReadOnlyList<RejectedTransaction> ReadRejections(Stream xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }));
        }
        catch (XmlException e)
        {
            throw new BuildingBlocks.Deciders.DomainRuleViolation("pain002.unreadable", $"Le fichier n'est pas un XML lisible (ligne {e.LineNumber}).");
        }

        var report = document.Root?.Element(Ns + "CstmrPmtStsRpt");
        if (document.Root?.Name != Ns + "Document" || report is null)
        {
            throw new BuildingBlocks.Deciders.DomainRuleViolation(
                "pain002.not-a-status-report", "Le fichier n'est pas un rapport de statut de paiement pain.002.001.03 de la banque.");
        }

        var group = report.Element(Ns + "OrgnlGrpInfAndSts")!;
        var messageId = (string?)group.Element(Ns + "OrgnlMsgId") ?? "";
        var rejections = new List<RejectedTransaction>();
        if ((string?)group.Element(Ns + "GrpSts") == "RJCT")
        {
            rejections.Add(new RejectedTransaction(messageId, null, Reason(group)));
            return rejections;
        }

        foreach (var block in report.Elements(Ns + "OrgnlPmtInfAndSts"))
        {
            if ((string?)block.Element(Ns + "PmtInfSts") == "RJCT" && !block.Elements(Ns + "TxInfAndSts").Any())
            {
                rejections.Add(new RejectedTransaction(messageId, null, Reason(block)));
                continue;
            }

            foreach (var tx in block.Elements(Ns + "TxInfAndSts"))
            {
                var status = (string?)tx.Element(Ns + "TxSts") ?? (string?)block.Element(Ns + "PmtInfSts");
                if (status == "RJCT")
                {
                    rejections.Add(new RejectedTransaction(messageId, (string?)tx.Element(Ns + "OrgnlEndToEndId"), Reason(tx, block, group)));
                }
            }
        }

        return rejections;
    }

    private static string Reason(params XElement[] scopes) =>
        scopes.Select(s => (string?)s.Element(Ns + "StsRsnInf")?.Element(Ns + "Rsn")?.Element(Ns + "Cd")).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))
        ?? "MS03";

    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
