namespace Monolith.Modules.Billing.Numbering;

/// <summary>The one file name rule for an issued document, used by the API and the e-mail alike: the kind in French and the document
/// number as printed, '/' replaced by '-' (invoice 2026/00001 → <c>facture-2026-00001.pdf</c>, credit note AV2026/00003 →
/// <c>avoir-AV2026-00003.pdf</c>).</summary>
internal static class DocumentFileNames
{
    public static string Invoice(string number, string extension = "pdf") => $"facture-{Safe(number)}.{extension}";

    public static string CreditNote(string number, string extension = "pdf") => $"avoir-{Safe(number)}.{extension}";

    private static string Safe(string number) => number.Replace('/', '-').Replace('\\', '-').Replace(' ', '-');
}
