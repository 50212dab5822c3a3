using System.Globalization;
using Monolith.BuildingBlocks.Audit;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.Modules.Billing.Numbering;

/// <summary>The numbering state checked directly against the log at start-up (<see cref="LogIntegrityCheck"/>, ADR 0021): the highest
/// invoice and credit-note number of each office in billing's read models must still be in the log's numbering streams. A log restored
/// from an older backup, or whose newest events were deleted, would otherwise hand out those numbers again; this holds even when the
/// projection checkpoints went back with the log.</summary>
internal sealed class NumberingLogWitness(IReadModelDatabase connections, DocumentNumbering numbering) : ILogHeadWitness
{
    public async Task<IReadOnlyList<string>> FindRegressionsAsync(long head, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        // The text MAX is taken per length, and the newest number chosen by (year, sequence) here: past 99,999 a year the sequence grows
        // a digit ("2026/100000" sorts before "2026/99999" as text), and a same-length MAX is right under any collation (same
        // prefix, fixed width, digits only).
        command.CommandText = """
            SELECT office_id, CAST(MAX(number) AS TEXT) FROM billing_invoices GROUP BY office_id, LENGTH(number)
            UNION ALL
            SELECT office_id, CAST(MAX(number) AS TEXT) FROM billing_credit_notes GROUP BY office_id, LENGTH(number)
            """;
        var rows = new List<(string OfficeId, string Number)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (!reader.IsDBNull(0) && !reader.IsDBNull(1))
                {
                    rows.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        var findings = new List<string>();
        foreach (var ((officeId, series), (number, year, sequence)) in Newest(rows))
        {
            if (await numbering.FindAsync(series, officeId, year, sequence, ct) is null)
            {
                findings.Add($"le n° {number} de l'office {officeId} figure dans les registres de facturation mais plus dans la numérotation du journal (tête du journal : {head})");
            }
        }

        return findings;
    }

    /// <summary>The newest number of each office and series among <paramref name="rows"/>, by (year, sequence), not by text.</summary>
    internal static Dictionary<(string OfficeId, DocumentSeries Series), (string Number, int Year, int Sequence)> Newest(
        IEnumerable<(string OfficeId, string Number)> rows)
    {
        var newest = new Dictionary<(string OfficeId, DocumentSeries Series), (string Number, int Year, int Sequence)>();
        foreach (var (officeId, number) in rows)
        {
            if (!TryParse(number, out var series, out var year, out var sequence))
            {
                continue;
            }

            if (!newest.TryGetValue((officeId, series), out var known) || (year, sequence).CompareTo((known.Year, known.Sequence)) > 0)
            {
                newest[(officeId, series)] = (number, year, sequence);
            }
        }

        return newest;
    }

    /// <summary>"2026/00005" (invoices) or "AV2026/00001" (credit notes).</summary>
    private static bool TryParse(string number, out DocumentSeries series, out int year, out int sequence)
    {
        series = number.StartsWith(DocumentSeries.CreditNotes.NumberPrefix, StringComparison.Ordinal) ? DocumentSeries.CreditNotes : DocumentSeries.Invoices;
        var parts = number[series.NumberPrefix.Length..].Split('/');
        year = 0;
        sequence = 0;
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out year)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
