using System.Globalization;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.Modules.Billing.Numbering;

internal enum DocumentKind
{
    Invoice,
    CreditNote,
}

/// <summary>A numbering series (ADR 0010). Numbers are <c>{prefix}{year}/{sequence:D5}</c>: invoices <c>2026/00001</c> (as the seed's
/// <c>2016/02135</c>), credit notes <c>AV2026/00001</c>. One stream per office, series and day holds the issued documents themselves,
/// so a number is taken in the same append as its document: <c>billing-numbering:{office}:{code}:{yyyy-MM-dd}</c>; the day's stream
/// is closed and the next one opens from it. <c>billing-numbering-days:{office}:{code}:{year}</c> lists the days of a year.</summary>
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

    /// <summary>The numbering stream of one day (office-local date): opened, the day's documents, closed.</summary>
    public string DayStreamId(string officeId, DateOnly day) =>
        StreamIds.For("billing-numbering", officeId, Code, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>The list of a year's numbering days with the first number of each.</summary>
    public string DaysStreamId(string officeId, int year) =>
        StreamIds.For("billing-numbering-days", officeId, Code, year.ToString(CultureInfo.InvariantCulture));

    /// <summary>The stream of a whole year that held every document before numbering days existed (read only since; ADR 0010).</summary>
    public string YearStreamId(string officeId, int year) =>
        StreamIds.For("billing-numbering", officeId, Code, year.ToString(CultureInfo.InvariantCulture));

    /// <summary>The printed number: "2026/00001", "AV2026/00001".</summary>
    public string Number(int year, int sequence) => $"{NumberPrefix}{year}/{sequence.ToString("D5", CultureInfo.InvariantCulture)}";

    /// <summary>A list's sort key for this series' numbers held in <paramref name="column"/> (<see cref="Monolith.BuildingBlocks.Http.ListSort"/>):
    /// the year, then the length, then the text — past 99,999 documents a year the sequence grows a digit, and as text "2026/100000"
    /// would come before "2026/99999". Portable SQL (<c>substr</c>, <c>LENGTH</c>).</summary>
    public string SortKey(string column) => Monolith.BuildingBlocks.Http.ListSort.Several(
        string.Create(CultureInfo.InvariantCulture, $"substr({column}, 1, {NumberPrefix.Length + 5})"), $"LENGTH({column})", column);

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
