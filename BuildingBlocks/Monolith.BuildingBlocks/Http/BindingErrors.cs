using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Monolith.BuildingBlocks.Http;

/// <summary>Binding failures as field errors a clerk (and a front-end) can act on: the JSON path of a malformed body value
/// (<c>$.lines[0].quantity</c>) or the name of a query/route parameter, with a French message and no C# type name.</summary>
internal static partial class BindingErrors
{
    public static IDictionary<string, string[]>? Describe(BadHttpRequestException exception)
    {
        if (FindJson(exception) is { } json)
        {
            var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
            var message = json.Message.Contains("could not be converted", StringComparison.Ordinal)
                || json.Message.Contains("The JSON value", StringComparison.Ordinal)
                || !IsFrench(json.Message)
                ? path == "$"
                    ? "Le corps de la demande n'est pas un JSON valide."
                    : "La valeur n'a pas le type attendu (voir le contrat OpenAPI : nombre, texte, date AAAA-MM-JJ, booléen…)."
                : json.Message;
            return new Dictionary<string, string[]>(StringComparer.Ordinal) { [path] = [message] };
        }

        var text = exception.Message;
        if (FailedToBind().Match(text) is { Success: true } bind)
        {
            return new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [bind.Groups["name"].Value] = [$"La valeur « {bind.Groups["value"].Value} » n'est pas valide pour ce paramètre."],
            };
        }

        if (RequiredParameter().Match(text) is { Success: true } required)
        {
            var source = required.Groups["source"].Value;
            return source.Contains("body", StringComparison.OrdinalIgnoreCase)
                ? new Dictionary<string, string[]>(StringComparer.Ordinal) { ["$"] = ["Le corps de la demande est obligatoire."] }
                : new Dictionary<string, string[]>(StringComparer.Ordinal) { [required.Groups["name"].Value] = ["Ce paramètre est obligatoire."] };
        }

        if (text.Contains("no body was provided", StringComparison.Ordinal) || text.Contains("Implicit body inferred", StringComparison.Ordinal))
        {
            return new Dictionary<string, string[]>(StringComparer.Ordinal) { ["$"] = ["Le corps de la demande est obligatoire."] };
        }

        if (text.Contains("Content-Type", StringComparison.OrdinalIgnoreCase))
        {
            return new Dictionary<string, string[]>(StringComparer.Ordinal) { ["Content-Type"] = ["Envoyez le corps en JSON (Content-Type: application/json)."] };
        }

        return null;
    }

    private static JsonException? FindJson(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    /// <summary>Our own converters already speak French (e.g. the VAT rate); the framework's messages are English.</summary>
    private static bool IsFrench(string message) =>
        message.Contains(" le ", StringComparison.Ordinal) || message.Contains(" la ", StringComparison.Ordinal)
        || message.Contains(" de ", StringComparison.Ordinal) || message.Contains(" est ", StringComparison.Ordinal);

    [GeneratedRegex("^Failed to bind parameter \"(?:[^\"]*\\s)?(?<name>[^\"\\s]+)\" from \"(?<value>.*)\"\\.?$", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("^Required parameter \"(?:[^\"]*\\s)?(?<name>[^\"\\s]+)\" was not provided from (?<source>[^.]+)\\.?", RegexOptions.Singleline)]
    private static partial Regex RequiredParameter();
}
