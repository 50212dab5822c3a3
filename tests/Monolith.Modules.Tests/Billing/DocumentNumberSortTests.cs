using Dapper;
using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.Http;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Tests.Billing;

/// <summary>Lists sorted by number (invoices, aged receivables, credit notes) sort by year, then length, then text: past 99,999 documents
/// a year the sequence grows a digit, and as text "2026/100000" would come before "2026/99999".</summary>
public sealed class DocumentNumberSortTests
{
    private static async Task<IReadOnlyList<string>> SortedAsync(DocumentSeries series, string sort, params string[] numbers)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE docs (id INTEGER PRIMARY KEY, number TEXT NOT NULL)");
        foreach (var number in numbers)
        {
            await connection.ExecuteAsync("INSERT INTO docs (number) VALUES (@number)", new { number });
        }

        var orderBy = ListSort.OrderBy(sort, new Dictionary<string, string> { ["number"] = series.SortKey("number") }, "number", "id");
        return [.. await connection.QueryAsync<string>($"SELECT number FROM docs ORDER BY {orderBy}")];
    }

    [Fact]
    public async Task The_100000th_invoice_of_a_year_comes_after_the_99999th_and_before_the_next_year_s_first()
    {
        var sorted = await SortedAsync(DocumentSeries.Invoices, "number", "2027/00001", "2026/100000", "2025/100001", "2026/99999", "2026/00002");

        sorted.Should().Equal("2025/100001", "2026/00002", "2026/99999", "2026/100000", "2027/00001");
    }

    [Fact]
    public async Task Credit_notes_sorted_newest_first_put_the_six_digit_number_first()
    {
        var sorted = await SortedAsync(DocumentSeries.CreditNotes, "-number", "AV2026/99999", "AV2026/100000", "AV2025/00010");

        sorted.Should().Equal("AV2026/100000", "AV2026/99999", "AV2025/00010");
    }
}
