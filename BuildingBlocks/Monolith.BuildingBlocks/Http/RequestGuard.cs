using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Validation;

namespace Monolith.BuildingBlocks.Http;

/// <summary>The longest a string property of a request may be (overrides <see cref="RequestGuard.DefaultMaxStringLength"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MaxTextAttribute(int length) : Attribute
{
    public int Length { get; } = length;
}

/// <summary>A structured identifier, checked by its own format rule (SIRET, IBAN, token…): not free text, so not searched for card
/// numbers (a SIRET is 14 digits with a Luhn key, like a card number).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class NotFreeTextAttribute : Attribute;

/// <summary>The largest request body an endpoint accepts, in bytes (default <see cref="RequestGuard.DefaultMaxBodyBytes"/>).</summary>
public sealed class BodySizeLimitMetadata(long bytes)
{
    public long Bytes { get; } = bytes;
}

/// <summary>One guard in front of every endpoint, before its own validator: the JSON body's strings have a maximum length and never
/// hold a card number; required (non-nullable) fields are present; lists hold no null item and a bounded number of items; enum
/// values are defined. Bodies larger than the endpoint's limit are refused with 413 before they are read.</summary>
public static class RequestGuard
{
    public const int DefaultMaxStringLength = 2_000;
    public const int MaxItems = 1_000;
    public const long DefaultMaxBodyBytes = 256 * 1024;
    private const int MaxDepth = 12;

    /// <summary>Names of fields that hold identifiers with their own format check (compared case-insensitively).</summary>
    private static readonly HashSet<string> IdentifierNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "siret", "siren", "iban", "bic", "vatNumber", "sepaCreditorId", "token", "refreshToken", "password", "currentPassword",
        "newPassword", "adminPassword",
    };

    private static readonly ConcurrentDictionary<Type, TypeShape> Shapes = new();

    /// <summary>Sets a body size limit on an endpoint.</summary>
    public static TBuilder WithBodySizeLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodySizeLimitMetadata(bytes));

    /// <summary>Endpoint filter factory: inspects the handler's parameters once; at each call checks the body arguments.</summary>
    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var isService = context.ApplicationServices.GetService<IServiceProviderIsService>();
        var bodies = context.MethodInfo.GetParameters()
            .Select((p, index) => (p, index))
            .Where(x => IsBody(x.p, isService))
            .Select(x => x.index)
            .ToArray();
        if (bodies.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var index in bodies)
            {
                if (index < invocation.Arguments.Count && invocation.Arguments[index] is { } body)
                {
                    Walk(body, string.Empty, errors, 0, null);
                }
            }

            if (errors.Count > 0)
            {
                return ValueTask.FromResult<object?>(TypedResults.Problem(PlatformProblems.Validation(
                    errors.ToDictionary(e => e.Key, e => e.Value.Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal))));
            }

            return next(invocation);
        };
    }

    /// <summary>Checks an object graph as the guard does (for tests and for bodies read by hand); field → messages.</summary>
    public static IReadOnlyDictionary<string, string[]> Check(object body)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Walk(body, string.Empty, errors, 0, null);
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Refuses a body larger than the endpoint's limit (413) and caps the server's read at that limit.</summary>
    internal static async Task BodySizeMiddleware(HttpContext context, RequestDelegate next)
    {
        var endpoint = context.GetEndpoint();
        var limit = endpoint?.Metadata.GetMetadata<BodySizeLimitMetadata>()?.Bytes
            ?? endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? DefaultMaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await TypedResults.Problem(PlatformProblems.Make(
                StatusCodes.Status413PayloadTooLarge,
                ProblemTypes.ForStatus(StatusCodes.Status413PayloadTooLarge),
                "La requête est trop volumineuse.",
                $"Le contenu envoyé dépasse la taille maximale acceptée ({limit / 1024} Ko).")).ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    }

    private static bool IsBody(ParameterInfo parameter, IServiceProviderIsService? isService)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttributes().Any(a => a.GetType().Name is "FromBodyAttribute"))
        {
            return true;
        }

        if (!type.IsClass || type == typeof(string) || type.IsAbstract || type.IsInterface
            || type.Namespace is null || type.Namespace.StartsWith("Microsoft", StringComparison.Ordinal)
            || type.Namespace.StartsWith("System", StringComparison.Ordinal)
            || parameter.GetCustomAttributes().Any(a => a.GetType().Name is "FromServicesAttribute" or "AsParametersAttribute" or "FromKeyedServicesAttribute"))
        {
            return false;
        }

        return isService?.IsService(type) != true;
    }

    private static void Walk(object value, string path, Dictionary<string, List<string>> errors, int depth, PropertyShape? property)
    {
        if (depth > MaxDepth)
        {
            Add(errors, path, "La requête est trop imbriquée.");
            return;
        }

        switch (value)
        {
            case string text:
                CheckText(text, path, errors, property);
                return;
            case Enum e:
                if (!Enum.IsDefined(e.GetType(), e))
                {
                    Add(errors, path, "Cette valeur n'est pas une des valeurs possibles.");
                }

                return;
            case IDictionary dictionary:
                if (dictionary.Count > MaxItems)
                {
                    Add(errors, path, $"Au plus {MaxItems} éléments.");
                    return;
                }

                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key.ToString() ?? string.Empty;
                    var entryPath = $"{path}.{key}";
                    CheckText(key, entryPath, errors, null);
                    if (entry.Value is null)
                    {
                        Add(errors, entryPath, "Ce champ ne peut pas être vide.");
                    }
                    else
                    {
                        Walk(entry.Value, entryPath, errors, depth + 1, property);
                    }
                }

                return;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    if (index >= MaxItems)
                    {
                        Add(errors, path, $"Au plus {MaxItems} éléments.");
                        return;
                    }

                    var itemPath = $"{path}[{index}]";
                    if (item is null)
                    {
                        Add(errors, itemPath, "Un élément de la liste est vide.");
                    }
                    else
                    {
                        Walk(item, itemPath, errors, depth + 1, property);
                    }

                    index++;
                }

                return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.Namespace is null
            || type.Namespace.StartsWith("System", StringComparison.Ordinal) || type.Namespace.StartsWith("Microsoft", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var p in Shapes.GetOrAdd(type, TypeShape.For).Properties)
        {
            var child = p.Property.GetValue(value);
            var childPath = path.Length == 0 ? p.JsonName : $"{path}.{p.JsonName}";
            if (child is null)
            {
                if (p.Required)
                {
                    Add(errors, childPath, "Ce champ est obligatoire.");
                }

                continue;
            }

            Walk(child, childPath, errors, depth + 1, p);
        }
    }

    private static void CheckText(string text, string path, Dictionary<string, List<string>> errors, PropertyShape? property)
    {
        var max = property?.MaxLength ?? DefaultMaxStringLength;
        if (text.Length > max)
        {
            Add(errors, path, $"Ce texte est trop long : {max} caractères au plus.");
            return;
        }

        if (property?.FreeText != false && CardNumbers.ContainsPan(text))
        {
            Add(errors, path, CardNumbers.RefusedMessage);
        }
    }

    private static void Add(Dictionary<string, List<string>> errors, string path, string message)
    {
        if (!errors.TryGetValue(path, out var list))
        {
            errors[path] = list = [];
        }

        list.Add(message);
    }

    private sealed record PropertyShape(PropertyInfo Property, string JsonName, bool Required, int MaxLength, bool FreeText);

    private sealed record TypeShape(IReadOnlyList<PropertyShape> Properties)
    {
        public static TypeShape For(Type type)
        {
            var nullability = new NullabilityInfoContext();
            var constructorParameters = type.GetConstructors()
                .SelectMany(c => c.GetParameters())
                .GroupBy(p => p.Name ?? string.Empty, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
                .Select(p =>
                {
                    constructorParameters.TryGetValue(p.Name, out var parameter);
                    var name = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicyCamel(p.Name);
                    var required = !p.PropertyType.IsValueType && nullability.Create(p).ReadState == NullabilityState.NotNull;
                    var max = p.GetCustomAttribute<MaxTextAttribute>()?.Length ?? parameter?.GetCustomAttribute<MaxTextAttribute>()?.Length
                        ?? DefaultMaxStringLength;
                    var freeText = p.GetCustomAttribute<NotFreeTextAttribute>() is null && parameter?.GetCustomAttribute<NotFreeTextAttribute>() is null
                        && !IdentifierNames.Contains(p.Name);
                    return new PropertyShape(p, name, required, max, freeText);
                })
                .ToList();
            return new TypeShape(properties);
        }

        private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
    }
}
