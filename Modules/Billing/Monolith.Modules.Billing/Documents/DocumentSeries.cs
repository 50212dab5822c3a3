using System.Globalization;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.Modules.Billing.Documents;

internal enum DocumentKind
{
    Invoice,
    CreditNote,
}

/// <summary>A numbering series (ADR 0010). Numbers are <c>{prefix}{year}/{sequence:D5}</c>: invoices <c>2026/00001</c> (as the seed's
/// <c>2016/02135</c>), credit notes <c>AV2026/00001</c>. One stream per office, series and year holds the issued documents themselves,
/// so a number is taken in the same append as its document: <c>billing-numbering-{office}-{code}-{year}</c>.</summary>
internal sealed record DocumentSeries(string Code, string NumberPrefix, DocumentKind Kind)
{
    public static readonly DocumentSeries Invoices = new("F", "", DocumentKind.Invoice);
    public static readonly DocumentSeries CreditNotes = new("AV", "AV", DocumentKind.CreditNote);

    public static DocumentSeries ForCode(string code) => code switch
    {
        "F" => Invoices,
        "AV" => CreditNotes,
        _ => throw new ArgumentException($"Unknown document series '{code}'.", nameof(code)),
    };

    public string StreamId(string officeId, int year) => StreamIds.For("billing-numbering", officeId, Code, year.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The printed number: "2026/00001", "AV2026/00001".</summary>
    public string Number(int year, int sequence) => $"{NumberPrefix}{year}/{sequence.ToString("D5", CultureInfo.InvariantCulture)}";

    /// <summary>The URL-safe id that also locates the stream: "F2026-00001", "AV2026-00001".</summary>
    public string DocumentId(int year, int sequence) => $"{Code}{year}-{sequence.ToString("D5", CultureInfo.InvariantCulture)}";

    /// <summary>Reads an id made by <see cref="DocumentId"/> back into its series, year and sequence.</summary>
    public static bool TryParseDocumentId(string id, out DocumentSeries series, out int year, out int sequence)
    {
        series = Invoices;
        year = 0;
        sequence = 0;
        foreach (var candidate in new[] { CreditNotes, Invoices })
        {
            if (!id.StartsWith(candidate.Code, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = id[candidate.Code.Length..].Split('-');
            if (rest.Length == 2 && rest[0].Length == 4 && rest[1].Length >= 5
                && int.TryParse(rest[0], NumberStyles.None, CultureInfo.InvariantCulture, out year)
                && int.TryParse(rest[1], NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence > 0)
            {
                series = candidate;
                return true;
            }
        }

        return false;
    }
}
