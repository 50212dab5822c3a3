using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Monolith.Host.Tests.Offices;

namespace Monolith.Host.Tests.Http;

/// <summary>The published contract (docs/openapi/v1.json) is the document the host serves, and it follows the platform's conventions
/// (docs/api.md). To accept a change of the contract: <c>MONOLITH_UPDATE_OPENAPI=1 dotnet test tests/Monolith.Host.Tests --filter
/// ApiContractTests</c>, then review the diff of docs/openapi/v1.json (CI lints it and compiles a TypeScript consumer against it).</summary>
public sealed partial class ApiContractTests(OfficesApp app) : IClassFixture<OfficesApp>
{
    private static readonly string[] Audiences = ["staff", "portal", "public", "admin"];

    [Fact]
    public async Task The_served_document_is_the_committed_contract()
    {
        var served = Normalize(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var path = Path.Combine(RepositoryRoot(), "docs", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable("MONOLITH_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served, new UTF8Encoding(false));
        }

        File.Exists(path).Should().BeTrue("docs/openapi/v1.json is the committed contract (MONOLITH_UPDATE_OPENAPI=1 writes it)");
        var committed = Normalize(await File.ReadAllTextAsync(path));
        served.Should().Be(committed,
            "the contract changed: review it and update docs/openapi/v1.json with MONOLITH_UPDATE_OPENAPI=1 (see the class remarks)");
    }

    [Fact]
    public async Task Every_operation_has_a_unique_camel_case_operation_id_a_summary_and_one_module_audience_tag()
    {
        var document = await DocumentAsync();
        var ids = new List<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            var id = operation["operationId"]?.GetValue<string>();
            id.Should().NotBeNullOrEmpty($"{method} {path} needs an operationId");
            CamelCase().IsMatch(id!).Should().BeTrue($"{id} is camelCase");
            ids.Add(id!);
            operation["summary"]?.GetValue<string>().Should().NotBeNullOrWhiteSpace($"{method} {path} needs a summary");
            var tags = operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            tags.Should().ContainSingle($"{method} {path} has one tag");
            tags[0].Split(" — ").Should().HaveCount(2).And.Subject.Last().Should().BeOneOf(Audiences);
        }

        ids.Should().OnlyHaveUniqueItems();
        ids.Should().HaveCountGreaterThan(150);
    }

    [Fact]
    public async Task Anonymous_operations_say_security_none_and_the_others_document_401_and_403_as_problems()
    {
        var document = await DocumentAsync();
        document["security"]!.AsArray().Should().NotBeEmpty("the default is the bearer token");
        document["info"]!["description"]!.GetValue<string>().Should().Contain("/api/auth/login");

        var login = document["paths"]!["/api/auth/login"]!["post"]!;
        login["security"]!.AsArray().Should().BeEmpty();

        var invoices = document["paths"]!["/api/billing/invoices/{invoiceId}"]!["get"]!;
        invoices["security"]!.AsArray().Should().ContainSingle();
        foreach (var status in new[] { "401", "403", "404" })
        {
            invoices["responses"]![status]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>()
                .Should().Be("#/components/schemas/ProblemDetails");
        }

        var put = document["paths"]!["/api/marina/contracts/{contractId}"]!["put"]!["responses"]!;
        foreach (var status in new[] { "400", "409", "412", "422", "428" })
        {
            put[status]!["content"]!["application/problem+json"].Should().NotBeNull($"PUT documents {status}");
        }
    }

    [Fact]
    public async Task Schema_names_are_module_qualified_and_integers_are_integers()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject().Select(p => p.Key).ToList();
        schemas.Should().Contain(["SubscriptionsOfferRequest", "BillingRecordPaymentRequest", "BillingIssueInvoiceRequest"]);
        schemas.Should().Contain(n => n.StartsWith("Membership", StringComparison.Ordinal) && n.EndsWith("OfferRequest", StringComparison.Ordinal));
        schemas.Should().Contain(n => n.StartsWith("Membership", StringComparison.Ordinal) && n.EndsWith("RecordPaymentRequest", StringComparison.Ordinal));
        schemas.Should().NotContain(["OfferRequest", "RecordPaymentRequest", "Request"]);

        var text = document.ToJsonString();
        text.Should().NotContain("[\"integer\",\"string\"]").And.NotContain("[\"null\",\"integer\",\"string\"]");
        document["components"]!["schemas"]!["BillingInvoiceLineRequest"]!["properties"]!["quantity"]!["type"]!.ToJsonString()
            .Should().Be("\"integer\"");
    }

    [Fact]
    public async Task Status_and_other_enum_filters_of_the_lists_are_string_enums_and_sort_lists_its_keys()
    {
        var document = await DocumentAsync();
        var filters = (from path in document["paths"]!.AsObject()
                       where path.Value!["get"] is not null && !path.Key.StartsWith("/api/admin/", StringComparison.Ordinal) // the platform's, not a module list
                       from parameter in path.Value!["get"]!["parameters"]?.AsArray() ?? []
                       let name = parameter!["name"]!.GetValue<string>()
                       where parameter["in"]!.GetValue<string>() == "query" && name is "status" or "kind" or "role" or "channel" or "method" or "bucket"
                       select (Route: path.Key, Name: name, Schema: parameter["schema"]!)).ToList();

        filters.Should().HaveCountGreaterThan(15);
        filters.Where(f => f.Schema["enum"] is not JsonArray { Count: > 0 }).Select(f => $"{f.Route} ?{f.Name}").Should().BeEmpty(
            "a front-end's generated client must type every list filter (ListContract.WithListFilter)");
        filters.Single(f => f.Route == "/api/marina/contracts" && f.Name == "status").Schema["enum"]!.AsArray().Select(v => v!.GetValue<string>())
            .Should().Equal("draft", "signed", "tacitly-renewed");
        filters.Single(f => f.Route == "/api/billing/invoices" && f.Name == "status").Schema["enum"]!.AsArray().Select(v => v!.GetValue<string>())
            .Should().Equal("open", "overdue", "paid");

        var sort = document["paths"]!["/api/bookings/group-bookings"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "sort")!;
        sort["description"]!.GetValue<string>().Should().Contain("`arrival`").And.Contain("`customer`").And.Contain("Default `arrival`");
    }

    [Fact]
    public async Task A_problem_has_a_French_title_and_its_English_code()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var response = await admin.GetAsync("/api/billing/invoices/nope");
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("Introuvable.");
        problem.GetProperty("code").GetString().Should().Be("not-found");

        var anonymous = await app.CreateClient().GetAsync("/api/billing/invoices");
        var unauthenticated = await anonymous.Content.ReadFromJsonAsync<JsonElement>();
        unauthenticated.GetProperty("title").GetString().Should().Be("Connexion requise.");
        unauthenticated.GetProperty("code").GetString().Should().Be("unauthenticated");
    }

    [Fact]
    public async Task A_malformed_query_value_names_the_parameter_in_French_without_CSharp_types()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var response = await admin.GetAsync("/api/office/terms-of-sale/in-force?on=demain");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("Nullable").And.NotContain("DateOnly").And.NotContain("Failed to bind");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("title").GetString().Should().Be("Un ou plusieurs champs sont invalides.");
        problem.GetProperty("errors").GetProperty("on")[0].GetString().Should().Contain("« demain »").And.Contain("n'est pas valide");
    }

    [Fact]
    public async Task A_body_value_of_the_wrong_type_names_its_JSON_path_in_French()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var response = await admin.PostAsync("/api/billing/invoices", new StringContent(
            """{"sourceModule":"test","sourceReference":"r1","customer":{"id":"c1","name":"Client"},"lines":[{"label":"x","quantity":"deux","unitPriceTtc":100,"vatRate":{"basisPoints":2000}}]}""",
            Encoding.UTF8,
            "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("Int32").And.NotContain("System.");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        errors.TryGetProperty("$.lines[0].quantity", out var quantity).Should().BeTrue(body);
        quantity[0].GetString().Should().Contain("type attendu");
    }

    [Fact]
    public async Task Validation_messages_are_French_ours_and_FluentValidation_defaults()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { tenant = new string('a', 101), email = "", password = "x" });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("must");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("code").GetString().Should().Be("validation");
        problem.GetProperty("errors").GetProperty("email")[0].GetString().Should().Be("Saisissez votre adresse e-mail.");
        problem.GetProperty("errors").GetProperty("tenant")[0].GetString().Should().Contain("caractères");
    }

    [Fact]
    public async Task A_GET_whose_If_None_Match_matches_the_ETag_answers_304_without_a_body()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var first = await admin.GetAsync("/api/office");
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var etag = first.Headers.ETag;
        etag.Should().NotBeNull();

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/office");
        again.Headers.IfNoneMatch.Add(etag!);
        var notModified = await admin.SendAsync(again);
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await notModified.Content.ReadAsByteArrayAsync()).Should().BeEmpty();

        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/office");
        stale.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"999999\""));
        var changed = await admin.SendAsync(stale);
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await changed.Content.ReadFromJsonAsync<JsonElement>()).ValueKind.Should().Be(JsonValueKind.Object);
    }

    [Fact]
    public async Task An_update_of_a_resource_with_an_ETag_without_If_Match_is_428_in_French()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var response = await admin.PutAsJsonAsync("/api/marina/contracts/any", new { boatId = "boat-1", berthId = "B-03", options = Array.Empty<string>() });
        response.StatusCode.Should().Be((HttpStatusCode)428);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("precondition-required");
        problem.GetProperty("detail").GetString().Should().Contain("If-Match").And.Contain("ETag");
    }

    [Fact]
    public async Task A_command_answers_its_log_position_and_a_GET_waiting_for_it_sees_the_write()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var created = await admin.PostAsJsonAsync("/api/office/users", new
        {
            email = $"u{TestIds.Letters()}@ot.test",
            displayName = "Lecture Écriture",
            roles = new[] { "accountant" },
            password = TempHostApp.Password,
        });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var position = long.Parse(created.Headers.GetValues("X-Log-Position").Single(), System.Globalization.CultureInfo.InvariantCulture);
        position.Should().BePositive();

        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/office/users");
        read.Headers.Add("X-Wait-For-Position", position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var users = await admin.SendAsync(read);
        users.StatusCode.Should().Be(HttpStatusCode.OK);
        var reached = users.Headers.GetValues("X-Log-Position-Reached").Single();
        reached.Should().BeOneOf("true", "false");
        if (reached == "true")
        {
            (await users.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(u => u.GetProperty("displayName").GetString())
                .Should().Contain("Lecture Écriture");
        }
    }

    [Fact]
    public async Task Waiting_for_a_position_is_bounded_and_a_malformed_position_is_400()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var future = await admin.GetAsync("/api/office/users?waitForPosition=999999999");
        clock.Stop();
        future.StatusCode.Should().Be(HttpStatusCode.OK);
        future.Headers.GetValues("X-Log-Position-Reached").Single().Should().Be("false");
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(1.5)).And.BeLessThan(TimeSpan.FromSeconds(30));

        var malformed = await admin.GetAsync("/api/office/users?waitForPosition=bientot");
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("X-Wait-For-Position")[0].GetString()
            .Should().Contain("entier");
    }

    private async Task<JsonNode> DocumentAsync() => JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "get" or "post" or "put" or "delete" or "patch")
                {
                    yield return (path, method, operation!);
                }
            }
        }
    }

    private static string Normalize(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .ReplaceLineEndings("\n") + "\n";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Monolith.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Monolith.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();
}
