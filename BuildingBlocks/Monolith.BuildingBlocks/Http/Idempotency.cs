using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.BuildingBlocks.Http;

/// <summary><c>Idempotency-Key</c> support for command endpoints (POST, PUT, DELETE).</summary>
public static class Idempotency
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Set on a replayed answer.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    public const int MaxKeyLength = 255;

    /// <summary>Headers of the first answer that a replay sends again (besides status, content type and body).</summary>
    private static readonly string[] ReplayedHeaders = [HeaderNames.ETag, HeaderNames.Location];

    /// <summary>With an <c>Idempotency-Key</c> header, the first answer (2xx or 4xx) is stored durably, scoped per tenant and user; a retry
    /// with the same key and the same request gets that answer again — status, body, ETag, Location — and runs nothing. The same key with
    /// a different request → 422; while the first is still running → 409. 5xx answers are not stored (the client may retry).
    /// Requests without the header run normally.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder)
    {
        builder.AddEndpointFilter(InvokeAsync);
        builder.WithMetadata(new IdempotentEndpointMetadata());
        return builder;
    }

    private static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var values = http.Request.Headers[HeaderName];
        if (values.Count == 0)
        {
            return await next(context);
        }

        var key = values.Count == 1 ? values[0]?.Trim() : null;
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            throw new RequestValidationException(HeaderName, $"{HeaderName} must be one non-empty value of at most {MaxKeyLength} characters (a UUID is a good choice).");
        }

        var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
        var tenantId = http.User.FindFirst(PlatformClaims.TenantId)?.Value ?? string.Empty;
        var userId = http.User.FindFirst(PlatformClaims.UserId)?.Value ?? string.Empty;
        var requestHash = await HashRequestAsync(http.Request);

        var begin = await store.BeginAsync(tenantId, userId, key, requestHash, http.RequestAborted);
        switch (begin.Outcome)
        {
            case IdempotencyOutcome.Replay:
                return new ReplayResult(begin.Response!);
            case IdempotencyOutcome.Mismatch:
                return TypedResults.Problem(PlatformProblems.Make(
                    StatusCodes.Status422UnprocessableEntity,
                    ProblemTypes.IdempotencyKeyReused,
                    "Idempotency-Key already used for another request.",
                    $"This {HeaderName} was already used with a different request. Use a new key for a new request."));
            case IdempotencyOutcome.InFlight:
                return TypedResults.Problem(PlatformProblems.Make(
                    StatusCodes.Status409Conflict,
                    ProblemTypes.IdempotencyKeyInFlight,
                    "The same request is still being processed.",
                    $"A request with this {HeaderName} is still being processed. Retry in a moment to get its result."));
        }

        // Ids created by this request (resources, events) derive from the key: a retry after a crash re-targets the same ones.
        using var scope = IdempotencyScope.Begin(DeterministicGuid.Create(
            DeterministicGuid.PlatformNamespace, $"idempotency\n{tenantId}\n{userId}\n{key}\n{requestHash}"));
        var originalBody = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        StoredResponse response;
        try
        {
            IResult result;
            try
            {
                result = ToResult(await next(context));
            }
            catch (Exception exception) when (ExceptionProblemMapper.Map(exception, http).Status is < 500)
            {
                // A broken rule, a validation error, a stale If-Match: the answer to this request, stored like any other.
                var problem = ExceptionProblemMapper.Map(exception, http);
                result = TypedResults.Problem(problem);
            }

            await result.ExecuteAsync(http);
            response = new StoredResponse(
                http.Response.StatusCode,
                http.Response.ContentType,
                buffer.ToArray(),
                ReplayedHeaders
                    .Where(h => http.Response.Headers.ContainsKey(h))
                    .ToDictionary(h => h, h => http.Response.Headers[h].ToString(), StringComparer.OrdinalIgnoreCase));
        }
        catch
        {
            http.Response.Body = originalBody;
            await store.AbandonAsync(tenantId, userId, key, requestHash, CancellationToken.None);
            throw;
        }
        finally
        {
            http.Response.Body = originalBody;
        }

        if (response.StatusCode >= 500)
        {
            await store.AbandonAsync(tenantId, userId, key, requestHash, CancellationToken.None);
        }
        else
        {
            // Not cancellable: the command ran, its answer must be kept even if the client has gone.
            await store.CompleteAsync(tenantId, userId, key, requestHash, response, CancellationToken.None);
        }

        if (response.Body.Length > 0 && HasBody(response.StatusCode))
        {
            await originalBody.WriteAsync(response.Body, http.RequestAborted);
        }

        return EmptyHttpResult.Instance;
    }

    private static bool HasBody(int status) => status is not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified) and >= 200;

    private static IResult ToResult(object? value) => value switch
    {
        IResult result => result,
        null => EmptyHttpResult.Instance,
        string text => TypedResults.Text(text, "text/plain; charset=utf-8"),
        _ => TypedResults.Json<object>(value),
    };

    /// <summary>SHA-256 over method, path, query and body: the same key with anything else is a different request.</summary>
    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                hash.AppendData(chunk, 0, read);
            }

            request.Body.Position = 0;
        }
        else if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            throw new InvalidOperationException("The request body was not buffered: call app.UseHttpPlatform() so that Idempotency-Key requests can be hashed.");
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Makes the body of requests that carry an Idempotency-Key re-readable, so the filter can hash it after binding.</summary>
    internal static Task BufferBodyMiddleware(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Headers.ContainsKey(HeaderName))
        {
            context.Request.EnableBuffering();
        }

        return next(context);
    }

    private sealed class ReplayResult(StoredResponse response) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var r = httpContext.Response;
            r.StatusCode = response.StatusCode;
            if (response.ContentType is not null)
            {
                r.ContentType = response.ContentType;
            }

            foreach (var (name, value) in response.Headers)
            {
                r.Headers[name] = value;
            }

            r.Headers[ReplayedHeaderName] = "true";
            if (!HasBody(response.StatusCode))
            {
                // 204 and 304 have no body and no Content-Length: writing one is a protocol error that drops the connection.
                return;
            }

            r.ContentLength = response.Body.Length;
            if (response.Body.Length > 0)
            {
                await r.Body.WriteAsync(response.Body, httpContext.RequestAborted);
            }
        }
    }
}

/// <summary>Marks an endpoint that honours <c>Idempotency-Key</c> (used to document the header in OpenAPI).</summary>
public sealed class IdempotentEndpointMetadata;
