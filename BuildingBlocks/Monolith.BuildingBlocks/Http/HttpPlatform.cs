using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.BuildingBlocks.Http;

/// <summary>The HTTP platform of the host in two calls: <c>builder.AddHttpPlatform()</c> and <c>app.UseHttpPlatform()</c>.</summary>
public static class HttpPlatform
{
    public const string OpenApiPath = "/openapi/v1.json";
    public const string BearerSchemeName = "Bearer";

    /// <summary>Problem details and the exception handler, JSON (camelCase, enums as strings), the data folder and SQLite,
    /// bearer-token authentication with the role policies, the caller context, login throttling, idempotency keys, validators of
    /// the auth endpoints, OpenAPI with a bearer security scheme, and health checks (a "database" check; add others with
    /// <c>services.AddHealthChecks().AddCheck…</c>).</summary>
    public static WebApplicationBuilder AddHttpPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDataFolder(builder.Configuration);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = Customize);
        services.AddExceptionHandler<PlatformExceptionHandler>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            // Numbers are JSON numbers (not also strings): the contract types integers as integers.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });

        // People read French: FluentValidation's French messages; binding failures reach the exception handler (field-named, French)
        // instead of a bare 400.
        FluentValidation.ValidatorOptions.Global.LanguageManager.Culture = new System.Globalization.CultureInfo("fr");
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddHttpContextAccessor();
        services.TryAddScoped<ICallerContext, HttpCallerContext>();
        services.AddAuthentication(BearerTokenDefaults.AuthenticationScheme).AddBearerToken(
            BearerTokenDefaults.AuthenticationScheme, options => options.Events.OnMessageReceived = SecurityStamps.OnMessageReceivedAsync);
        services.AddAuthorizationBuilder().AddPlatformPolicies();
        services.TryAddSingleton<IPasswordHasher<UserCredentials>, PasswordHasher<UserCredentials>>();
        services.TryAddSingleton<IUserDirectory, EmptyUserDirectory>();
        services.TryAddSingleton<LoginThrottleOptions>();
        services.TryAddSingleton<LoginThrottle>();
        services.TryAddSingleton<SecurityStampOptions>();
        services.TryAddSingleton<SecurityStamps>();
        services.TryAddSingleton<Documents.RenderingGateOptions>();
        services.TryAddSingleton<Documents.RenderingGate>();
        services.AddValidator<LoginRequest, LoginRequestValidator>();
        services.AddValidator<RefreshRequest, RefreshRequestValidator>();

        // Tokens must survive a restart: the data-protection keys that seal them live in the data folder.
        services.AddDataProtection();
        services.AddOptions<KeyManagementOptions>().Configure<DataFolder, ILoggerFactory>((options, folder, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder.Sub("keys")), loggers));

        services.TryAddSingleton<IdempotencyOptions>();
        services.TryAddSingleton<IdempotencyStore>();

        services.AddOpenApi(ApiContract.Configure);

        services.AddHealthChecks().AddCheck<SqliteHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>Adds endpoints that <see cref="UseHttpPlatform"/> maps (for building blocks and tests that cannot touch Program.cs).</summary>
    public static IServiceCollection AddPlatformEndpoints(this IServiceCollection services, Action<IEndpointRouteBuilder> map)
    {
        services.AddSingleton(new PlatformEndpointMapper(map));
        return services;
    }

    /// <summary>Exception handler, problem details for bare status codes, authentication and authorization, <c>/openapi/v1.json</c>,
    /// Swagger UI at <c>/docs</c>, <c>/health/live</c> and <c>/health/ready</c>, <c>/api/auth/*</c>, and the endpoints added with
    /// <see cref="AddPlatformEndpoints"/>. Map the modules' endpoints after this call.</summary>
    public static WebApplication UseHttpPlatform(this WebApplication app)
    {
        app.Use(SecurityHeaders.Middleware);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(RequestGuard.BodySizeMiddleware);
        app.Use(Idempotency.BufferBodyMiddleware);
        app.Use(ConditionalRequests.NotModifiedMiddleware);
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.DocumentTitle = "Monolith API";
            options.SwaggerEndpoint(OpenApiPath, "Monolith API v1");
            options.EnablePersistAuthorization(); // the bearer token survives a reload of /docs
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(LogPositions.Middleware);

        app.MapOpenApi(OpenApiPath).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
        // Anonymous callers (load balancers) get the status only; platform operators get every check with its data.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteForCallerAsync,
        }).AllowAnonymous();
        // Every API endpoint is mapped under one root group whose filter guards request bodies (lengths, card numbers, nulls).
        var root = app.MapGroup(string.Empty);
        root.AddEndpointFilterFactory(RequestGuard.Factory);
        ((IApplicationBuilder)app).Properties[RootGroupKey] = root;
        root.MapAuthEndpoints();

        foreach (var mapper in app.Services.GetServices<PlatformEndpointMapper>())
        {
            mapper.Map(root);
        }

        return app;
    }

    private const string RootGroupKey = "monolith.root-group";

    /// <summary>Where modules map their endpoints (after <see cref="UseHttpPlatform"/>): the root group with the request guard.</summary>
    public static IEndpointRouteBuilder ApiEndpoints(this WebApplication app) =>
        ((IApplicationBuilder)app).Properties.TryGetValue(RootGroupKey, out var root) && root is IEndpointRouteBuilder group
            ? group
            : throw new InvalidOperationException("Call app.UseHttpPlatform() before mapping endpoints.");

    private static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;

        // Bare status codes (status code pages, authentication challenges) get the platform's type and a useful sentence.
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            var known = status switch
            {
                StatusCodes.Status400BadRequest => PlatformProblems.BadRequest(
                    "La demande n'a pas pu être lue : vérifiez que le corps est un JSON valide avec les champs et les types documentés."),
                StatusCodes.Status401Unauthorized => PlatformProblems.Unauthenticated(),
                StatusCodes.Status403Forbidden => PlatformProblems.Forbidden(),
                StatusCodes.Status404NotFound => PlatformProblems.NotFound("Aucune ressource ne correspond à cette adresse."),
                StatusCodes.Status405MethodNotAllowed => PlatformProblems.Make(
                    status, ProblemTypes.MethodNotAllowed, "Méthode non autorisée.", $"Cette adresse n'accepte pas la méthode {context.HttpContext.Request.Method}."),
                >= 500 => PlatformProblems.Unexpected(),
                _ => null,
            };
            problem.Type = known?.Type ?? ProblemTypes.ForStatus(status);
            problem.Title = known?.Title ?? problem.Title;
            problem.Detail ??= known?.Detail;
            problem.Extensions.TryAdd("code", ProblemTypes.CodeOf(problem.Type));
        }

        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        problem.Extensions.Remove("exception");
    }

    internal sealed record PlatformEndpointMapper(Action<IEndpointRouteBuilder> Map);
}
