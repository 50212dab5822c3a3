using System.Text;
using Microsoft.AspNetCore.Http;
using Monolith.BuildingBlocks.Http;

namespace Monolith.BuildingBlocks.Tests.Http;

public sealed class ListToolkitTests
{
    private enum Colour
    {
        Red,
        BankTransfer,
    }

    private sealed record Line(string Label, long Cents, DateOnly Day);

    [Theory]
    [InlineData("Hélène  LEFÈVRE", "helene lefevre")]
    [InlineData("Société de l'Étoile", "societe de l'etoile")]
    [InlineData("Cœur d'Île", "coeur d'ile")]
    [InlineData("  Ça   va ", "ca va")]
    public void Search_text_is_lower_case_without_accents(string text, string expected) =>
        ListSearch.Normalize(text).Should().Be(expected);

    [Fact]
    public void A_search_pattern_escapes_like_wildcards() =>
        ListSearch.Pattern("50%_Été").Should().Be("%50\\%\\_ete%");

    [Fact]
    public void An_empty_search_is_no_search() => ListSearch.Pattern("  ").Should().BeNull();

    [Fact]
    public void An_enum_filter_reads_camel_case_values() =>
        ListFilters.Enum<Colour>("bankTransfer", "method").Should().Be(Colour.BankTransfer);

    [Theory]
    [InlineData("bogus")]
    [InlineData("1")]
    [InlineData("red,bankTransfer")]
    public void An_unknown_enum_value_is_a_french_error_naming_the_parameter(string value)
    {
        var error = FluentActions.Invoking(() => ListFilters.Enum<Colour>(value, "status")).Should().Throw<RequestValidationException>().Which;
        error.Errors.Should().ContainKey("status");
        error.Errors["status"].Single().Should().Contain($"« {value} »").And.Contain("red, bankTransfer");
    }

    [Fact]
    public void A_range_that_ends_before_it_starts_is_an_error_on_its_end() =>
        FluentActions.Invoking(() => ListFilters.Range(new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 9)))
            .Should().Throw<RequestValidationException>().Which.Errors.Should().ContainKey("to");

    [Fact]
    public void A_one_day_range_is_fine() =>
        FluentActions.Invoking(() => ListFilters.Range(new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 10))).Should().NotThrow();

    [Fact]
    public void Sorting_maps_whitelisted_keys_and_ends_with_the_tie_breaker()
    {
        var columns = new Dictionary<string, string> { ["name"] = "search_text", ["due"] = "due_date" };
        ListSort.OrderBy("-due,name", columns, "name", "id").Should().Be("due_date DESC, search_text ASC, id");
        ListSort.OrderBy(null, columns, "name", "id").Should().Be("search_text ASC, id");
    }

    [Fact]
    public void A_sort_key_standing_for_several_expressions_applies_the_direction_to_each()
    {
        var columns = new Dictionary<string, string> { ["number"] = ListSort.Several("LENGTH(number)", "number"), ["label"] = "code || ' ' || name" };
        ListSort.OrderBy("-number", columns, "number", "id").Should().Be("LENGTH(number) DESC, number DESC, id");
        ListSort.OrderBy("label", columns, "number", "id").Should().Be("code || ' ' || name ASC, id", "SQL's concatenation is one expression");
    }

    [Fact]
    public void Sorting_by_an_unknown_key_is_an_error_listing_the_allowed_ones()
    {
        var columns = new Dictionary<string, string> { ["name"] = "search_text" };
        var error = FluentActions.Invoking(() => ListSort.OrderBy("id; DROP TABLE x", columns, "name", "id")).Should().Throw<RequestValidationException>().Which;
        error.Errors["sort"].Single().Should().Contain("name");
    }

    [Fact]
    public void Paging_is_bounded()
    {
        Paging.Of(null, null).Should().Be((1, 50, 0L));
        Paging.Of(3, 20).Should().Be((3, 20, 40L));
        Paging.Of(0, 1000).Should().Be((1, 200, 0L));
        Paging.Of(-2, 0).Should().Be((1, 1, 0L));
    }

    [Fact]
    public void Csv_uses_semicolons_decimal_commas_french_dates_and_quotes_when_needed()
    {
        CsvColumn<Line>[] columns =
        [
            CsvColumn<Line>.Text("Libellé", l => l.Label),
            CsvColumn<Line>.Euros("Montant (€)", l => l.Cents),
            CsvColumn<Line>.Date("Date", l => l.Day),
        ];

        var csv = CsvExport.Write([new Line("Contrat; annuel", 123456, new DateOnly(2026, 3, 1)), new Line("Remise \"fidélité\"", -2000, new DateOnly(2026, 12, 31))], columns);

        csv.Should().Be("Libellé;Montant (€);Date\r\n\"Contrat; annuel\";1234,56;01/03/2026\r\n\"Remise \"\"fidélité\"\"\";-20,00;31/12/2026\r\n");
    }

    [Fact]
    public void A_csv_text_cell_that_looks_like_a_formula_is_neutralised() =>
        CsvExport.Write([new Line("=HYPERLINK(\"x\")", 0, default)], [CsvColumn<Line>.Text("Libellé", l => l.Label)])
            .Should().Be("Libellé\r\n\"'=HYPERLINK(\"\"x\"\")\"\r\n");

    [Fact]
    public void The_csv_file_starts_with_a_utf8_bom_and_names_itself()
    {
        var file = CsvExport.File([new Line("Été", 100, new DateOnly(2026, 7, 1))], [CsvColumn<Line>.Text("Libellé", l => l.Label)], "liste");

        file.FileDownloadName.Should().Be("liste.csv");
        file.ContentType.Should().Be("text/csv; charset=utf-8");
        file.FileContents.ToArray().Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        Encoding.UTF8.GetString(file.FileContents.ToArray()[3..]).Should().Be("Libellé\r\nÉté\r\n");
    }

    [Theory]
    [InlineData("csv", null, true)]
    [InlineData("json", "text/csv", false)]
    [InlineData(null, "text/csv", true)]
    [InlineData(null, "application/json, text/csv", false)]
    [InlineData(null, null, false)]
    public void Csv_is_asked_with_format_or_accept(string? format, string? accept, bool expected)
    {
        var http = new DefaultHttpContext();
        if (accept is not null)
        {
            http.Request.Headers.Accept = accept;
        }

        CsvExport.Requested(http, format).Should().Be(expected);
    }
}
