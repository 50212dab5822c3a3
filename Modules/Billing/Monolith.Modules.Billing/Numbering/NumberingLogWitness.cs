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
        command.CommandText = """
            SELECT office_id, CAST(MAX(number) AS TEXT) FROM billing_invoices GROUP BY office_id
            UNION ALL
            SELECT office_id, CAST(MAX(number) AS TEXT) FROM billing_credit_notes GROUP BY office_id
            """;
        var newest = new List<(string OfficeId, string Number)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (!reader.IsDBNull(0) && !reader.IsDBNull(1))
                {
                    newest.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        var findings = new List<string>();
        foreach (var (officeId, number) in newest)
        {
            if (!TryParse(number, out var series, out var year, out var sequence))
            {
                continue;
            }

            if (await numbering.FindAsync(series, officeId, year, sequence, ct) is null)
            {
                findings.Add($"le n° {number} de l'office {officeId} figure dans les registres de facturation mais plus dans la numérotation du journal (tête du journal : {head})");
            }
        }

        return findings;
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
