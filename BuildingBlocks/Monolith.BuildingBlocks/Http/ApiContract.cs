using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Monolith.BuildingBlocks.Http.Auth;

namespace Monolith.BuildingBlocks.Http;

/// <summary>Which module maps an endpoint (set on each module's endpoint group by the platform): the first half of its OpenAPI tag.</summary>
public sealed record ModuleEndpointMetadata(string Module);

/// <summary>The conventions of the published OpenAPI contract, applied to every endpoint by the platform (modules add only their
/// success bodies): a unique camelCase operationId, a summary, one tag "Module — audience", module-qualified schema names, the problem
/// responses each operation can give (<c>application/problem+json</c>), <c>security</c> on every operation (anonymous ones say none is
/// required), stable servers and an info block that says how to sign in. See docs/api.md.</summary>
public static class ApiContract
{
    public const string ProblemSchema = "ProblemDetails";
    public const string ValidationProblemSchema = "HttpValidationProblemDetails";
    public const string ProblemContentType = "application/problem+json";

    public const string SignInDescription =
        "Back office API of French tourism offices. **Signing in**: `POST /api/auth/login` with `{ tenant, email, password }` " +
        "(the tenant is the office id) returns an `accessToken`; send it as `Authorization: Bearer <accessToken>` on every call, " +
        "and renew it with `POST /api/auth/refresh` and the `refreshToken`. Operations marked with an empty security requirement " +
        "are public. Errors are RFC 9457 problem details in French (`title`, `detail`) with a stable English `type` and, for " +
        "business rules, a `code`. Conventions (pagination, ETags and If-Match, Idempotency-Key, waiting for reads): docs/api.md.";

    private static readonly ConcurrentDictionary<string, Type> SchemaOwners = new(StringComparer.Ordinal);

    /// <summary>Applies the conventions to the document options (called by <see cref="HttpPlatform.AddHttpPlatform"/>).</summary>
    public static void Configure(OpenApiOptions options)
    {
        options.CreateSchemaReferenceId = SchemaReferenceId;
        options.AddOperationTransformer(OperationAsync);
        options.AddDocumentTransformer(DocumentAsync);
        options.AddSchemaTransformer(VatRateSchemaAsync);
    }

    /// <summary>A VAT rate is read and written by its own converter, so the generator sees no properties: describe the wire shape
    /// (<c>{ "basisPoints": 2000 }</c> or <c>{ "basisPoints": 0, "outOfScopeReason": "…" }</c>) so that clients send what is accepted.</summary>
    private static Task VatRateSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Type == typeof(Money.VatRate) || context.JsonTypeInfo.Type == typeof(Money.VatRate?))
        {
            schema.Type = JsonSchemaType.Object;
            schema.Description = "VAT rate in basis points (2000 = 20 %, 1000 = 10 %, 550 = 5,5 %, 0 = 0 %); out of the scope of VAT: 0 with a reason.";
            schema.Required = new HashSet<string>(StringComparer.Ordinal) { "basisPoints" };
            schema.Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["basisPoints"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = "10000" },
                ["outOfScopeReason"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, MinLength = 1 },
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>Schema names qualified by module (<c>Membership.OfferRequest</c> → <c>MembershipOfferRequest</c>), nested types by
    /// their declaring type (<c>IssueInvoice.Request</c> → <c>BillingIssueInvoiceRequest</c>), so that no two types share a name.</summary>
    public static string? SchemaReferenceId(JsonTypeInfo typeInfo)
    {
        var fallback = OpenApiOptions.CreateDefaultSchemaReferenceId(typeInfo);
        if (fallback is null)
        {
            return null;
        }

        var name = QualifiedName(typeInfo.Type);
        var owner = SchemaOwners.GetOrAdd(name, typeInfo.Type);
        return owner == typeInfo.Type ? name : Sanitize(typeInfo.Type.FullName ?? typeInfo.Type.Name);
    }

    internal static string QualifiedName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return QualifiedName(underlying);
        }

        if (type.IsArray)
        {
            return QualifiedName(type.GetElementType()!) + "List";
        }

        if (type != typeof(string) && type.IsGenericType && type.GetGenericArguments().Length == 1
            && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
        {
            return QualifiedName(type.GetGenericArguments()[0]) + "List";
        }

        var local = LocalName(type);
        var module = ModuleOf(type.Namespace);
        return module is null || local.StartsWith(module, StringComparison.Ordinal) ? local : module + local;
    }

    private static string LocalName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        if (type.IsGenericType)
        {
            name += "Of" + string.Join("And", type.GetGenericArguments().Select(QualifiedName));
        }

        return type.IsNested && type.DeclaringType is { } declaring ? LocalName(declaring) + name : name;
    }

    /// <summary><c>Monolith.Modules.Billing.Numbering</c> → <c>Billing</c>; other namespaces → null.</summary>
    internal static string? ModuleOf(string? @namespace)
    {
        const string Prefix = "Monolith.Modules.";
        if (@namespace is null || !@namespace.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = @namespace[Prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static string Sanitize(string name) => new(name.Where(char.IsLetterOrDigit).ToArray());

    private static Task OperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = (description.HttpMethod ?? "GET").ToUpperInvariant();
        var route = "/" + (description.RelativePath ?? string.Empty).TrimStart('/');
        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
        var document = context.Document;

        // Security: a bearer token, or explicitly none (`security: []`; the document's default is the bearer token).
        operation.Security = anonymous
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HttpPlatform.BearerSchemeName, document)] = [] }];

        operation.OperationId = CamelCase(metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName ?? FromRoute(method, route));
        if (string.IsNullOrWhiteSpace(operation.Summary))
        {
            operation.Summary = Humanize(operation.OperationId);
        }

        var module = Capitalize(metadata.OfType<ModuleEndpointMetadata>().LastOrDefault()?.Module
            ?? ModuleOf(metadata.OfType<MethodInfo>().FirstOrDefault()?.DeclaringType?.Namespace)
            ?? "Platform");
        operation.Tags = new HashSet<OpenApiTagReference> { new(TagName(module, Audience(route, metadata, anonymous)), document) };

        if (metadata.OfType<IdempotentEndpointMetadata>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Idempotency.HeaderName,
                In = ParameterLocation.Header,
                Required = false,
                Description = "A unique key (e.g. a UUID) per command: a retry with the same key returns the first answer and runs nothing.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Idempotency.MaxKeyLength },
            });
        }

        var ifMatchRequired = metadata.OfType<IfMatchRequiredMetadata>().Any();
        if (ifMatchRequired)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = true,
                Description = "The ETag of the resource as you loaded it (e.g. \"7\"): 412 if it changed since, 428 without it.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        DescribeListParameters(operation, metadata);
        AddDocumentResponse(operation, route);
        if (metadata.OfType<CsvExportMetadata>().Any())
        {
            AddCsvResponse(operation);
        }

        AddProblemResponses(operation, document, method, route, anonymous, ifMatchRequired);
        return Task.CompletedTask;
    }

    /// <summary>A list's filters declared with <see cref="ListContract"/>: each as a string enum of the values the handler accepts; the sort
    /// parameter with its keys and default.</summary>
    private static void DescribeListParameters(OpenApiOperation operation, IEnumerable<object> metadata)
    {
        var filters = metadata.OfType<ListFilterMetadata>().ToList();
        var sort = metadata.OfType<ListSortMetadata>().LastOrDefault();
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter { In: ParameterLocation.Query } query)
            {
                continue;
            }

            if (filters.LastOrDefault(f => string.Equals(f.Parameter, query.Name, StringComparison.Ordinal)) is { } filter)
            {
                query.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. filter.Values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v))],
                };
                query.Description ??= "One of the listed values (case-insensitive); any other value is a 400.";
            }
            else if (sort is not null && query.Name == ListSort.Parameter)
            {
                query.Description = $"Sort keys: {string.Join(", ", sort.Keys.Select(k => "`" + k + "`"))}; prefix a key with `-` for descending, "
                    + $"several keys separated by commas. Default `{sort.Default}`. Any other key is a 400.";
            }
        }
    }

    private static readonly string[] Printable = ["application/pdf", "text/html"];

    /// <summary>Routes that answer a document (a file, not JSON), by their last segment.</summary>
    private static readonly (string Suffix, string[] ContentTypes)[] DocumentRoutes =
    [
        ("/html", ["text/html"]),
        ("/pdf", Printable),
        ("/signed-copy", Printable),
        ("/document", Printable),
        ("/quote", Printable),
        ("/contract", Printable),
        ("/delivery-note", Printable),
        ("/file", ["application/xml"]),
        ("/fec", ["text/tab-separated-values"]),
        ("/documents/{documentId}", ["application/octet-stream"]),
        ("/archives/{name}", ["application/zip"]),
        ("/closures/{year}/{name}", ["application/json"]),
        ("/closures/{year:int}/{name}", ["application/json"]),
        ("/office/logo", ["image/png", "image/jpeg"]),
        ("/office/logo/", ["image/png", "image/jpeg"]),
    ];

    /// <summary>Convention for document endpoints that declare no success body: 200 with the file's media types.</summary>
    private static void AddDocumentResponse(OpenApiOperation operation, string route)
    {
        operation.Responses ??= [];
        if (operation.Responses.Any(r => r.Key.StartsWith('2') && (r.Key is "202" or "204" || r.Value.Content is { Count: > 0 })))
        {
            return;
        }

        var match = DocumentRoutes.FirstOrDefault(d => route.EndsWith(d.Suffix, StringComparison.Ordinal));
        if (match.Suffix is null)
        {
            return;
        }

        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "The document.",
            Content = match.ContentTypes.ToDictionary(
                type => type,
                type => new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = type.StartsWith("text/", StringComparison.Ordinal) ? null : "binary" },
                }),
        };
    }

    /// <summary>A list that exports CSV (<see cref="CsvExport"/>): its 200 also answers <c>text/csv</c>; <c>format</c> says how to ask.</summary>
    private static void AddCsvResponse(OpenApiOperation operation)
    {
        operation.Responses ??= [];
        if (!operation.Responses.TryGetValue("200", out var ok) || ok is not OpenApiResponse response)
        {
            response = new OpenApiResponse { Description = "OK" };
            operation.Responses["200"] = response;
        }

        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        response.Content[CsvExport.ContentType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "UTF-8 with BOM, `;` separator, decimal comma, dates dd/MM/yyyy, French headers (every matching row, not one page).",
            },
        };
        response.Description = "The page of the list (JSON), or with `format=csv` / `Accept: text/csv` every matching row as a CSV file.";
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { Name: CsvExport.FormatParameter } format)
            {
                format.Description = "`csv` for a CSV file of every matching row (French Excel: `;`, decimal comma, UTF-8 BOM); default `json`.";
                format.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("json"), System.Text.Json.Nodes.JsonValue.Create("csv")] };
            }
        }
    }

    private static void AddProblemResponses(
        OpenApiOperation operation, OpenApiDocument? document, string method, string route, bool anonymous, bool ifMatchRequired)
    {
        var write = method is "POST" or "PUT" or "DELETE" or "PATCH";
        var hasInput = operation.RequestBody is not null || operation.Parameters is { Count: > 0 } || route.Contains('{', StringComparison.Ordinal);
        operation.Responses ??= [];
        if (hasInput)
        {
            Add(StatusCodes.Status400BadRequest, "Invalid request: the `errors` member lists each field with a French message.", ValidationProblemSchema);
        }

        if (!anonymous)
        {
            Add(StatusCodes.Status401Unauthorized, "Not signed in, or the access token expired.", ProblemSchema);
            Add(StatusCodes.Status403Forbidden, "Signed in without the role this operation needs, or outside the office.", ProblemSchema);
        }

        if (route.Contains('{', StringComparison.Ordinal))
        {
            Add(StatusCodes.Status404NotFound, "No such resource in your office.", ProblemSchema);
        }

        if (write)
        {
            Add(StatusCodes.Status409Conflict, "The resource changed at the same time, or the request conflicts with its state (`code`).", ProblemSchema);
            Add(StatusCodes.Status422UnprocessableEntity, "A business rule prevents the operation (`code` names the rule).", ProblemSchema);
        }

        if (method is "PUT" or "DELETE" or "PATCH")
        {
            Add(StatusCodes.Status412PreconditionFailed, "If-Match does not match the current ETag: reload and apply the change again.", ProblemSchema);
        }

        if (ifMatchRequired)
        {
            Add(StatusCodes.Status428PreconditionRequired, "If-Match is required: send the ETag of the resource you loaded.", ProblemSchema);
        }

        if (anonymous && write)
        {
            Add(StatusCodes.Status429TooManyRequests, "Too many attempts: wait and try again.", ProblemSchema);
        }

        void Add(int status, string description, string schema)
        {
            var key = status.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses.TryGetValue(key, out var existing) && existing.Content is { Count: > 0 })
            {
                if (existing.Content.TryGetValue(ProblemContentType, out _))
                {
                    return;
                }
            }

            operation.Responses[key] = new OpenApiResponse
            {
                Description = existing?.Description is { Length: > 0 } known && known != "Bad Request" ? known : description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(schema, document) },
                },
            };
        }
    }

    private static async Task DocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "Monolith — tourism office back office API";
        document.Info.Version = "1.0.0";
        document.Info.Description = SignInDescription;
        document.Info.License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://office.example/licence") };
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[HttpPlatform.BearerSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Access token from POST /api/auth/login (renew it with POST /api/auth/refresh).",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HttpPlatform.BearerSchemeName, document)] = [] }];

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(ProblemSchema))
        {
            document.AddComponent(ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct));
        }

        if (!document.Components.Schemas.ContainsKey(ValidationProblemSchema))
        {
            document.AddComponent(ValidationProblemSchema, await context.GetOrCreateSchemaAsync(typeof(HttpValidationProblemDetails), null, ct));
        }

        // Tags: exactly those used, each described, grouped by module for readers that understand x-tagGroups.
        var used = document.Paths.Values
            .SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(o => o.Tags ?? Enumerable.Empty<OpenApiTagReference>())
            .Select(t => t.Name ?? t.Reference.Id ?? string.Empty)
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag { Name = name, Description = TagDescription(name) }));

        // operationIds must be unique: a second use gets the route-derived id.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (httpMethod, operation) in item.Operations ?? [])
            {
                if (operation.OperationId is null || !seen.Add(operation.OperationId))
                {
                    operation.OperationId = CamelCase(FromRoute(httpMethod.Method.ToUpperInvariant(), path));
                    seen.Add(operation.OperationId);
                }
            }
        }
    }

    private static string TagName(string module, string audience) => module + " — " + audience;

    private static string TagDescription(string tag)
    {
        var parts = tag.Split(" — ");
        var audience = parts.Length > 1 ? parts[1] : string.Empty;
        var who = audience switch
        {
            "staff" => "office staff (bearer token of an office user)",
            "portal" => "customers signed in to the portal (bearer token of a customer account)",
            "public" => "anyone, without signing in (public web pages, sign-in)",
            "admin" => "office administrators and platform operators",
            _ => audience,
        };
        return $"{parts[0]} operations for {who}.";
    }

    /// <summary>staff, portal, public or admin, from the route and the authorization of the endpoint.</summary>
    internal static string Audience(string route, IEnumerable<object> metadata, bool anonymous)
    {
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy ?? a.Roles ?? string.Empty).ToList();
        if (anonymous || route.Contains("/public/", StringComparison.Ordinal))
        {
            return "public";
        }

        if (route.Contains("/portal", StringComparison.Ordinal) || policies.Contains(PlatformPolicies.Customer))
        {
            return "portal";
        }

        if (route.StartsWith("/api/admin/", StringComparison.Ordinal) || route.StartsWith("/api/platform/", StringComparison.Ordinal)
            || policies.Contains(PlatformPolicies.PlatformOperator) || policies.Contains(PlatformPolicies.OfficeAdminOrOperator))
        {
            return "admin";
        }

        return "staff";
    }

    /// <summary><c>GET /api/billing/invoices/{invoiceId}/pdf</c> → <c>getBillingInvoicesByInvoiceIdPdf</c>.</summary>
    internal static string FromRoute(string method, string route)
    {
        var builder = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in route.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "api")
            {
                continue;
            }

            if (segment.StartsWith('{'))
            {
                var name = segment.Trim('{', '}');
                var colon = name.IndexOf(':', StringComparison.Ordinal);
                builder.Append("By").Append(Pascal(colon < 0 ? name : name[..colon]));
            }
            else
            {
                builder.Append(Pascal(segment));
            }
        }

        return builder.ToString();
    }

    private static string Pascal(string text) =>
        string.Concat(text.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries).Select(Capitalize));

    private static string Capitalize(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    internal static string CamelCase(string name)
    {
        var pascal = Pascal(name);
        return pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    /// <summary><c>issueCreditNote</c> → "Issue credit note".</summary>
    internal static string Humanize(string operationId)
    {
        var builder = new StringBuilder();
        foreach (var c in operationId)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(builder.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return builder.ToString();
    }
}
