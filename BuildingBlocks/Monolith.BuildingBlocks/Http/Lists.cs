using System.Data;
using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Monolith.BuildingBlocks.Http;

/// <summary>Typed list filters read from the query string: a value that is not one of the allowed ones, or a range that ends before it
/// starts, is a 400 naming the parameter in French — never an empty list (<c>?status=bogus</c>). See docs/api.md, "Lists".</summary>
public static class ListFilters
{
    /// <summary>An enum filter written in camelCase (<c>?status=bankTransfer</c>, case-insensitive); null when absent.</summary>
    public static T? Enum<T>(string? value, string parameter)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (!char.IsLetter(trimmed[0]) || !trimmed.All(char.IsLetterOrDigit) || !System.Enum.TryParse<T>(trimmed, ignoreCase: true, out var parsed) || !System.Enum.IsDefined(parsed))
        {
            throw Invalid(parameter, trimmed, System.Enum.GetNames<T>().Select(ApiContract.CamelCase));
        }

        return parsed;
    }

    /// <summary>A text filter among <paramref name="allowed"/> (case-insensitive); returns the allowed spelling, null when absent.</summary>
    public static string? OneOf(string? value, string parameter, IReadOnlyCollection<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        return allowed.FirstOrDefault(a => string.Equals(a, trimmed, StringComparison.OrdinalIgnoreCase)) ?? throw Invalid(parameter, trimmed, allowed);
    }

    /// <summary>A date range <c>?from=&amp;to=</c> (both inclusive, either optional): <paramref name="from"/> after <paramref name="to"/> is a 400.
    /// Malformed dates are already a 400 from binding (<c>DateOnly?</c> parameters).</summary>
    public static void Range(DateOnly? from, DateOnly? to, string fromParameter = "from", string toParameter = "to")
    {
        if (from is { } start && to is { } end && start > end)
        {
            throw new RequestValidationException(toParameter,
                $"La date de fin « {end:dd/MM/yyyy} » est antérieure à la date de début « {start:dd/MM/yyyy} » ({fromParameter}).");
        }
    }

    /// <summary>An id or code filter (<c>?customerId=</c>): trimmed, null when absent or blank.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A date filter as the read models store dates (<c>yyyy-MM-dd</c>), null when absent.</summary>
    public static string? Day(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A non-negative amount filter in cents (<c>?minBalance=</c>).</summary>
    public static void NotNegative(long? value, string parameter)
    {
        if (value is < 0)
        {
            throw new RequestValidationException(parameter, $"La valeur de « {parameter} » doit être positive ou nulle.");
        }
    }

    private static RequestValidationException Invalid(string parameter, string value, IEnumerable<string> allowed) =>
        new(parameter, $"La valeur « {value} » n'est pas valide pour « {parameter} ». Valeurs possibles : {string.Join(", ", allowed)}.");
}

/// <summary>The sort of a list (<c>?sort=name</c>, <c>?sort=-dueDate</c> for descending; several keys separated by commas), from a
/// whitelist of keys → SQL expressions. An unknown key is a 400 listing the allowed ones. A key may stand for several expressions
/// (<see cref="Several"/>): the direction applies to each (a document number sorts by year, then length, then text).</summary>
public static class ListSort
{
    public const string Parameter = "sort";

    /// <summary>Separates the expressions one sort key stands for: a control character, never part of SQL (unlike <c>|</c>, whose
    /// double is SQL's concatenation).</summary>
    private const char Then = '\u001F';

    /// <summary>One sort key standing for several SQL expressions, in order: <c>Several("LENGTH(i.number)", "i.number")</c>.</summary>
    public static string Several(params string[] expressions) => string.Join(Then, expressions);

    /// <summary>The ORDER BY expression (without the keywords): the requested keys, then <paramref name="tieBreaker"/> (a unique column,
    /// so pages never overlap). Null or empty <paramref name="sort"/> = <paramref name="defaultSort"/>.</summary>
    public static string OrderBy(string? sort, IReadOnlyDictionary<string, string> columns, string defaultSort, string tieBreaker)
    {
        var requested = string.IsNullOrWhiteSpace(sort) ? defaultSort : sort;
        var parts = new List<string>();
        foreach (var raw in requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var descending = raw.StartsWith('-');
            var key = raw.TrimStart('-', '+');
            var column = columns.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)).Value
                ?? throw new RequestValidationException(Parameter,
                    $"Le tri « {key} » n'est pas possible. Tris possibles : {string.Join(", ", columns.Keys)} (précédé de « - » pour l'ordre décroissant).");
            parts.AddRange(column.Split(Then).Select(expression => expression + (descending ? " DESC" : " ASC")));
        }

        parts.Add(tieBreaker);
        return string.Join(", ", parts);
    }
}

/// <summary>Free-text search as a clerk types it: case- and accent-insensitive (« helene » finds « Hélène »). Read models keep a
/// normalised <c>search_text</c> column filled by their projection with <see cref="Normalize"/>, and lists match it with
/// <c>LIKE</c> on the normalised query (portable SQL: no database-specific collation or function).</summary>
public static class ListSearch
{
    public const string Parameter = "q";
    public const int MaxLength = 100;

    /// <summary>Lower case, without diacritics, whitespace collapsed: « Hôtel  des Îles » → « hotel des iles ».</summary>
    public static string Normalize(params string?[] parts)
    {
        var text = string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p))).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c switch
            {
                'œ' or 'Œ' => "oe",
                'æ' or 'Æ' => "ae",
                'ß' => "ss",
                _ => char.ToLowerInvariant(c).ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>The <c>LIKE</c> pattern for <paramref name="q"/> (escape character <c>\</c>), or null when there is nothing to search.
    /// Longer than <see cref="MaxLength"/> is a 400.</summary>
    public static string? Pattern(string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return null;
        }

        if (q.Length > MaxLength)
        {
            throw new RequestValidationException(Parameter, $"La recherche est limitée à {MaxLength} caractères.");
        }

        var normalized = Normalize(q);
        var escaped = normalized.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        return "%" + escaped + "%";
    }

    /// <summary>The SQL condition for a search column: <c>(@q IS NULL OR search_text LIKE @q ESCAPE '\')</c>.</summary>
    public static string Condition(string column, string parameter = "@q") => $"({parameter} IS NULL OR {column} LIKE {parameter} ESCAPE '\\')";
}

/// <summary>Running a paged list query: <c>SELECT COUNT(*)</c> and the page (<c>LIMIT/OFFSET</c>, portable SQL) over the same
/// <c>FROM … WHERE …</c>; a CSV export reads every matching row (up to <see cref="CsvExport.MaxRows"/>) instead of one page.</summary>
public static class ListQuery
{
    public static async Task<Paged<TRow>> PageAsync<TRow>(
        IDbConnection connection, string select, string fromWhere, string orderBy, object? args, int? page, int? pageSize, bool export = false)
    {
        var (number, size, offset) = export ? (1, CsvExport.MaxRows, 0L) : Paging.Of(page, pageSize);
        var parameters = new DynamicParameters(args);
        parameters.Add("__limit", size);
        parameters.Add("__offset", offset);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) {fromWhere}", parameters);
        var rows = await connection.QueryAsync<TRow>($"SELECT {select} {fromWhere} ORDER BY {orderBy} LIMIT @__limit OFFSET @__offset", parameters);
        return new Paged<TRow>([.. rows], number, size, total);
    }
}

/// <summary>One column of a CSV export: its French header and how a row gives its cell.</summary>
public sealed record CsvColumn<T>(string Header, Func<T, string?> Cell)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static CsvColumn<T> Text(string header, Func<T, string?> value) => new(header, value);

    /// <summary>An amount in cents written in euros with a decimal comma and no thousands separator: <c>1234,50</c>.</summary>
    public static CsvColumn<T> Euros(string header, Func<T, long> cents) =>
        new(header, row => (cents(row) / 100m).ToString("0.00", French));

    public static CsvColumn<T> Number(string header, Func<T, long> value) => new(header, row => value(row).ToString(CultureInfo.InvariantCulture));

    /// <summary>A date as <c>dd/MM/yyyy</c>.</summary>
    public static CsvColumn<T> Date(string header, Func<T, DateOnly?> value) =>
        new(header, row => value(row)?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));

    /// <summary>An instant as <c>dd/MM/yyyy HH:mm</c> in the office's time zone.</summary>
    public static CsvColumn<T> Instant(string header, Func<T, DateTimeOffset?> value, TimeZoneInfo zone) =>
        new(header, row => value(row) is { } at ? TimeZoneInfo.ConvertTime(at, zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : null);
}

/// <summary>The values a list filter accepts (<c>?status=</c>): <see cref="ApiContract"/> documents the query parameter as a string enum, so
/// that generated clients type it (the handler still checks it with <see cref="ListFilters"/>: 400 on anything else).</summary>
public sealed record ListFilterMetadata(string Parameter, IReadOnlyList<string> Values);

/// <summary>The sort keys of a list (<c>?sort=</c>) and its default, documented on the parameter by <see cref="ApiContract"/>.</summary>
public sealed record ListSortMetadata(IReadOnlyList<string> Keys, string Default);

/// <summary>Documents a list's typed query parameters in the OpenAPI contract (one declaration next to the mapping; the values are the ones
/// the handler validates).</summary>
public static class ListContract
{
    /// <summary>Documents <paramref name="parameter"/> as an enum of <paramref name="values"/> (the array the handler passes to
    /// <see cref="ListFilters.OneOf"/>).</summary>
    public static RouteHandlerBuilder WithListFilter(this RouteHandlerBuilder builder, string parameter, IReadOnlyCollection<string> values) =>
        builder.WithMetadata(new ListFilterMetadata(parameter, [.. values]));

    /// <summary>Documents <paramref name="parameter"/> as an enum of <typeparamref name="T"/>'s names in camelCase (what
    /// <see cref="ListFilters.Enum{T}"/> accepts).</summary>
    public static RouteHandlerBuilder WithListFilter<T>(this RouteHandlerBuilder builder, string parameter)
        where T : struct, Enum =>
        builder.WithMetadata(new ListFilterMetadata(parameter, [.. System.Enum.GetNames<T>().Select(ApiContract.CamelCase)]));

    /// <summary>Documents <c>?sort=</c>: its keys (those of the whitelist given to <see cref="ListSort.OrderBy"/>) and the default.</summary>
    public static RouteHandlerBuilder WithListSort(this RouteHandlerBuilder builder, IReadOnlyDictionary<string, string> columns, string defaultSort) =>
        builder.WithMetadata(new ListSortMetadata([.. columns.Keys], defaultSort));
}

/// <summary>Marks a list endpoint that can answer CSV (documented by <see cref="ApiContract"/> as a second media type of its 200).</summary>
public sealed record CsvExportMetadata;

/// <summary>CSV export of staff lists, French-Excel friendly: UTF-8 with BOM, <c>;</c> separator, CRLF lines, decimal comma, dates
/// <c>dd/MM/yyyy</c>, French headers, a file name (<c>Content-Disposition: attachment</c>). Asked with <c>?format=csv</c> or
/// <c>Accept: text/csv</c>; every matching row (filters and sort apply, paging does not) up to <see cref="MaxRows"/>.</summary>
public static class CsvExport
{
    public const string ContentType = "text/csv";
    public const string FormatParameter = "format";
    public const int MaxRows = 50_000;

    private static readonly string[] Formats = ["json", "csv"];

    /// <summary>Whether the caller asked for CSV: <c>?format=csv</c> (another value than json/csv is a 400), or an Accept header that
    /// names <c>text/csv</c> without <c>application/json</c>.</summary>
    public static bool Requested(HttpContext http, string? format)
    {
        if (ListFilters.OneOf(format, FormatParameter, Formats) is { } chosen)
        {
            return chosen == "csv";
        }

        var accept = http.Request.Headers.Accept.ToString();
        return accept.Contains(ContentType, StringComparison.OrdinalIgnoreCase) && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The CSV text (without the BOM).</summary>
    public static string Write<T>(IEnumerable<T> rows, IReadOnlyList<CsvColumn<T>> columns)
    {
        var builder = new StringBuilder();
        builder.AppendJoin(';', columns.Select(c => Escape(c.Header, text: false))).Append("\r\n");
        foreach (var row in rows)
        {
            builder.AppendJoin(';', columns.Select(c => Escape(c.Cell(row), text: true))).Append("\r\n");
        }

        return builder.ToString();
    }

    /// <summary>The file: BOM + <see cref="Write{T}"/>, <c>text/csv; charset=utf-8</c>, named <paramref name="fileBaseName"/>.csv.</summary>
    public static FileContentHttpResult File<T>(IEnumerable<T> rows, IReadOnlyList<CsvColumn<T>> columns, string fileBaseName)
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Write(rows, columns))).ToArray();
        return TypedResults.File(bytes, ContentType + "; charset=utf-8", fileBaseName + ".csv");
    }

    /// <summary>Documents the endpoint's CSV answer (<c>text/csv</c> beside JSON).</summary>
    public static TBuilder WithCsvExport<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CsvExportMetadata());

    /// <summary>Quotes a cell holding <c>;</c>, a quote or a line break; a text cell starting with <c>= + - @</c> gets a leading
    /// apostrophe so a spreadsheet never runs it as a formula.</summary>
    private static string Escape(string? value, bool text)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (text && value[0] is '=' or '+' or '@')
        {
            value = "'" + value;
        }
        else if (text && value[0] == '-' && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.GetCultureInfo("fr-FR"), out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
