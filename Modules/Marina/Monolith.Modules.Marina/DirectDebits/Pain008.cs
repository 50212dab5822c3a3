using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Monolith.Modules.Marina.Mandates;

namespace Monolith.Modules.Marina.DirectDebits;

/// <summary>The creditor of a direct-debit file: the office's legal name, its account and its SEPA creditor identifier (ICS).</summary>
internal sealed record Creditor(string Name, string Iban, string? Bic, string CreditorId);

/// <summary>One debit in a file. <paramref name="OriginalIban"/>: the debtor's account before an amendment of the mandate (announced
/// once, with the next debit).</summary>
internal sealed record Pain008Transaction(
    string EndToEndId, long Amount, SequenceType Sequence, string MandateReference, DateOnly MandateSignedOn, string DebtorName, DebtorAddress DebtorAddress,
    string DebtorIban, string? DebtorBic, string? OriginalIban, string RemittanceInformation);

/// <summary>Writes ISO 20022 pain.008.001.02 (SEPA Core direct debit initiation) as the EPC implementation guidelines restrict it: one
/// payment block per sequence type (FRST, RCUR) for one collection date, SEPA character set, postal addresses as <c>Ctry</c> +
/// <c>AdrLine</c> only, <c>NOTPROVIDED</c> when the debtor's BIC is unknown, the amendment indicator with the original account.</summary>
internal static class Pain008
{
    public static readonly XNamespace Ns = "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02";

    public static string Write(string messageId, DateTimeOffset createdAt, DateOnly collectionDate, Creditor creditor, IReadOnlyList<Pain008Transaction> transactions)
    {
        if (transactions.Count == 0)
        {
            throw new ArgumentException("A direct-debit file holds at least one transaction.", nameof(transactions));
        }

        var document = new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(Ns + "Document",
                new XElement(Ns + "CstmrDrctDbtInitn",
                    new XElement(Ns + "GrpHdr",
                        E("MsgId", Id(messageId)),
                        E("CreDtTm", createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
                        E("NbOfTxs", transactions.Count.ToString(CultureInfo.InvariantCulture)),
                        E("CtrlSum", Amount(transactions.Sum(t => t.Amount))),
                        E("InitgPty", E("Nm", Text(creditor.Name, 70)))),
                    transactions.GroupBy(t => t.Sequence).OrderBy(g => g.Key).Select(g => PaymentInfo(messageId, g.Key, collectionDate, creditor, [.. g])))));
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            document.Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static XElement PaymentInfo(string messageId, SequenceType sequence, DateOnly collectionDate, Creditor creditor, IReadOnlyList<Pain008Transaction> transactions) =>
        E("PmtInf",
            E("PmtInfId", Id($"{messageId}-{sequence}")),
            E("PmtMtd", "DD"),
            E("BtchBookg", "true"),
            E("NbOfTxs", transactions.Count.ToString(CultureInfo.InvariantCulture)),
            E("CtrlSum", Amount(transactions.Sum(t => t.Amount))),
            E("PmtTpInf", E("SvcLvl", E("Cd", "SEPA")), E("LclInstrm", E("Cd", "CORE")), E("SeqTp", sequence.ToString())),
            E("ReqdColltnDt", collectionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            E("Cdtr", E("Nm", Text(creditor.Name, 70))),
            E("CdtrAcct", E("Id", E("IBAN", creditor.Iban))),
            E("CdtrAgt", Agent(creditor.Bic)),
            E("ChrgBr", "SLEV"),
            E("CdtrSchmeId", E("Id", E("PrvtId", E("Othr", E("Id", creditor.CreditorId), E("SchmeNm", E("Prtry", "SEPA")))))),
            transactions.Select(Transaction));

    private static XElement Transaction(Pain008Transaction t) =>
        E("DrctDbtTxInf",
            E("PmtId", E("EndToEndId", Id(t.EndToEndId))),
            new XElement(Ns + "InstdAmt", new XAttribute("Ccy", "EUR"), Amount(t.Amount)),
            E("DrctDbtTx", E("MndtRltdInf",
                E("MndtId", t.MandateReference),
                E("DtOfSgntr", t.MandateSignedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                E("AmdmntInd", t.OriginalIban is null ? "false" : "true"),
                t.OriginalIban is null ? null : E("AmdmntInfDtls", E("OrgnlDbtrAcct", E("Id", SameBank(t.OriginalIban, t.DebtorIban)
                    ? E("IBAN", t.OriginalIban)
                    : E("Othr", E("Id", "SMNDA"))))))),
            E("DbtrAgt", Agent(t.DebtorBic)),
            E("Dbtr",
                E("Nm", Text(t.DebtorName, 70)),
                E("PstlAdr",
                    E("Ctry", t.DebtorAddress.Country),
                    E("AdrLine", Text(t.DebtorAddress.Line1, 70)),
                    E("AdrLine", Text(t.DebtorAddress.Line2, 70)))),
            E("DbtrAcct", E("Id", E("IBAN", t.DebtorIban))),
            E("RmtInf", E("Ustrd", Text(t.RemittanceInformation, 140))));

    private static XElement Agent(string? bic) =>
        E("FinInstnId", bic is null ? E("Othr", E("Id", "NOTPROVIDED")) : E("BIC", bic));

    /// <summary>An account moved to another bank is announced as "SMNDA" (same mandate, new debtor agent), not with its IBAN.</summary>
    private static bool SameBank(string original, string current) =>
        original.Length >= 9 && current.Length >= 9 && string.Equals(original[..9], current[..9], StringComparison.Ordinal);

    private static XElement E(string name, params object?[] content) => new(Ns + name, content);

    internal static string Amount(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>An identifier in the restricted SEPA set, at most 35 characters.</summary>
    private static string Id(string value)
    {
        var text = Text(value, 35).Trim();
        return text.Length == 0 ? "-" : text;
    }

    /// <summary>The EPC's Latin character set: accents removed, anything else outside <c>a-z A-Z 0-9 / - ? : ( ) . , ' +</c> and space
    /// replaced by a space; cut to <paramref name="max"/>.</summary>
    internal static string Text(string value, int max)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(c switch
            {
                'ß' => "ss",
                'Æ' => "AE",
                'æ' => "ae",
                'Œ' => "OE",
                'œ' => "oe",
                '&' => "+",
                _ when char.IsAsciiLetterOrDigit(c) || "/-?:().,'+ ".Contains(c, StringComparison.Ordinal) => c.ToString(),
                _ => " ",
            });
        }

        var text = builder.ToString().Trim();
        text = text.Length == 0 ? "-" : text;
        return text.Length <= max ? text : text[..max].TrimEnd();
    }
}
