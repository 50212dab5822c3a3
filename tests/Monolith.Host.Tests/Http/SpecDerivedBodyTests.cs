using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Monolith.Host.Tests.Offices;

namespace Monolith.Host.Tests.Http;

/// <summary>A body built only from the served OpenAPI document is understood by the API: for every operation with a JSON request body,
/// a small generator derives a body from the request schema (required members, formats, enums, bounds) and sends it, signed in as an
/// office administrator, with <c>If-Match: *</c> and an Idempotency-Key. The API may refuse it for business reasons (400 naming a
/// member whose value breaks a rule, 403, 404, 409, 422, 428…), but never with a 500, and never with a 400 that blames the shape the
/// document itself gave (a binding error on a JSON path <c>$…</c> or on the content type): that would mean the document lies.</summary>
public sealed class SpecDerivedBodyTests(OfficesApp app) : IClassFixture<OfficesApp>
{
    private static readonly string[] WriteMethods = ["post", "put", "patch", "delete"];

    [Fact]
    public async Task A_body_derived_from_the_document_is_never_a_500_nor_a_shape_error()
    {
        var (client, officeId, _) = await app.NewOfficeAsync();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var generator = new BodyGenerator(document["components"]?["schemas"]?.AsObject());
        var failures = new List<string>();
        var tried = 0;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject().Where(m => WriteMethods.Contains(m.Key)))
            {
                var schema = node!["requestBody"]?["content"]?["application/json"]?["schema"];
                if (schema is null)
                {
                    continue;
                }

                tried++;
                var url = Url(path, node, officeId);
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
                {
                    Content = JsonContent.Create(generator.Generate(schema, 0)),
                };
                request.Headers.TryAddWithoutValidation("If-Match", "*");
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.InternalServerError)
                {
                    failures.Add($"{method.ToUpperInvariant()} {path}: 500 {body}");
                }
                else if (response.StatusCode == HttpStatusCode.BadRequest && BlamesTheShape(body) is { } member)
                {
                    failures.Add($"{method.ToUpperInvariant()} {path}: 400 on {member} for a body the document describes: {body}");
                }
            }
        }

        tried.Should().BeGreaterThan(30, "the document describes the request body of most commands");
        failures.Should().BeEmpty("a body derived from the document is accepted or refused for business reasons only");
    }

    /// <summary>The member a 400 blames when it is a binding error (a JSON path, the body itself or its content type), else null.</summary>
    private static string? BlamesTheShape(string body)
    {
        using var problem = JsonDocument.Parse(body);
        if (!problem.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return errors.EnumerateObject().Select(e => e.Name)
            .FirstOrDefault(name => name.StartsWith('$') || name == "Content-Type");
    }

    /// <summary>Route values: integers where the parameter is one, the caller's office for <c>officeId</c>, a made-up id otherwise;
    /// required query parameters likewise.</summary>
    private static string Url(string path, JsonNode operation, string officeId)
    {
        var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
        string ValueOf(string name)
        {
            var type = parameters.FirstOrDefault(p => p["name"]?.GetValue<string>() == name)?["schema"]?["type"]?.ToJsonString() ?? string.Empty;
            return name == "officeId" ? officeId
                : type.Contains("integer", StringComparison.Ordinal) ? "2026"
                : type.Contains("string", StringComparison.Ordinal) && name.Contains("date", StringComparison.OrdinalIgnoreCase) ? "2026-03-02"
                : "spec-" + name;
        }

        var url = System.Text.RegularExpressions.Regex.Replace(path, "{([^}:]+)(:[^}]+)?}", m => Uri.EscapeDataString(ValueOf(m.Groups[1].Value)));
        var query = parameters
            .Where(p => p["in"]?.GetValue<string>() == "query" && p["required"]?.GetValue<bool>() == true)
            .Select(p => p["name"]!.GetValue<string>())
            .Select(name => $"{name}={Uri.EscapeDataString(ValueOf(name))}")
            .ToList();
        return query.Count == 0 ? url : url + "?" + string.Join('&', query);
    }

    /// <summary>The smallest valid-looking JSON value for a schema: required members only, the first enum value, formats honoured,
    /// lengths and bounds respected, one item in required arrays.</summary>
    private sealed class BodyGenerator(JsonObject? components)
    {
        public JsonNode? Generate(JsonNode schema, int depth)
        {
            if (depth > 8)
            {
                return null;
            }

            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                var name = reference[(reference.LastIndexOf('/') + 1)..];
                return components?[name] is { } target ? Generate(target, depth + 1) : null;
            }

            foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
            {
                if (schema[combinator] is JsonArray options)
                {
                    var chosen = options.FirstOrDefault(o => !IsNull(o!)) ?? options[0];
                    return Generate(chosen!, depth + 1);
                }
            }

            if (schema["enum"] is JsonArray values && values.FirstOrDefault(v => v is not null) is { } first)
            {
                return first.DeepClone();
            }

            var type = Types(schema).FirstOrDefault(t => t != "null");
            if (type is null && schema["properties"] is not null)
            {
                type = "object";
            }

            return type switch
            {
                "object" => Object(schema, depth),
                "array" => Array(schema, depth),
                "integer" => JsonValue.Create(Number(schema, 1)),
                "number" => JsonValue.Create((double)Number(schema, 1)),
                "boolean" => JsonValue.Create(false),
                "string" => JsonValue.Create(Text(schema)),
                _ => null,
            };
        }

        private JsonObject Object(JsonNode schema, int depth)
        {
            var result = new JsonObject();
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var (name, property) in schema["properties"]?.AsObject() ?? new JsonObject())
            {
                if (required.Contains(name) && property is not null)
                {
                    result[name] = Generate(property, depth + 1);
                }
            }

            return result;
        }

        private JsonArray Array(JsonNode schema, int depth)
        {
            var items = schema["items"];
            var count = Math.Max(1, schema["minItems"]?.GetValue<int>() ?? 1);
            var result = new JsonArray();
            for (var i = 0; i < count && items is not null; i++)
            {
                result.Add(Generate(items, depth + 1));
            }

            return result;
        }

        private static long Number(JsonNode schema, long fallback)
        {
            var minimum = schema["minimum"] is { } min ? (long)Math.Ceiling(double.Parse(min.ToJsonString(), CultureInfo.InvariantCulture)) : (long?)null;
            var maximum = schema["maximum"] is { } max ? (long)Math.Floor(double.Parse(max.ToJsonString(), CultureInfo.InvariantCulture)) : (long?)null;
            var value = Math.Max(fallback, minimum ?? fallback);
            return maximum is { } top && value > top ? top : value;
        }

        private static string Text(JsonNode schema)
        {
            var text = schema["format"]?.GetValue<string>() switch
            {
                "date" => "2026-03-02",
                "date-time" => "2026-03-02T10:00:00+01:00",
                "time" => "10:00:00",
                "email" => "exemple@office.test",
                "uuid" => Guid.NewGuid().ToString(),
                "uri" => "https://office.example/retour",
                _ => "Exemple",
            };
            var minLength = schema["minLength"]?.GetValue<int>() ?? 0;
            var maxLength = schema["maxLength"]?.GetValue<int>() ?? int.MaxValue;
            if (text.Length < minLength)
            {
                text = text.PadRight(minLength, 'x');
            }

            return text.Length > maxLength ? text[..maxLength] : text;
        }

        private static IEnumerable<string> Types(JsonNode schema) => schema["type"] switch
        {
            JsonArray many => many.Select(t => t!.GetValue<string>()),
            JsonValue one => [one.GetValue<string>()],
            _ => [],
        };

        private static bool IsNull(JsonNode schema) => Types(schema).SequenceEqual(["null"]);
    }
}
