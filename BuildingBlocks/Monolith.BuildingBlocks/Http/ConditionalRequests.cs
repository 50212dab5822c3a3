using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Monolith.BuildingBlocks.Http;

/// <summary>Marks a PUT/DELETE endpoint whose resource has an ETag: the request must say which version it changes (If-Match).</summary>
public sealed class IfMatchRequiredMetadata;

/// <summary>HTTP conditional requests on resources that carry an ETag (their stream revision, see <see cref="ETags"/>):
/// <list type="bullet">
/// <item>a GET whose <c>If-None-Match</c> matches the ETag of the answer gets <c>304 Not Modified</c> without a body (every endpoint
/// that sets an ETag, nothing to do in modules);</item>
/// <item>an update marked with <see cref="RequireIfMatch"/> without <c>If-Match</c> gets <c>428 Precondition Required</c> (no lost
/// update: the client must send back the ETag it loaded; a stale one gets 412).</item>
/// </list></summary>
public static class ConditionalRequests
{
    /// <summary>Requires <c>If-Match</c> on this endpoint (428 without it) and documents the header as required.</summary>
    public static RouteHandlerBuilder RequireIfMatch(this RouteHandlerBuilder builder)
    {
        builder.AddEndpointFilter(async (context, next) =>
            HasIfMatch(context.HttpContext.Request) ? await next(context) : TypedResults.Problem(PreconditionRequired()));
        builder.WithMetadata(new IfMatchRequiredMetadata());
        return builder;
    }

    public static ProblemDetails PreconditionRequired() => PlatformProblems.Make(
        StatusCodes.Status428PreconditionRequired,
        ProblemTypes.PreconditionRequired,
        "Version de la fiche requise.",
        "Pour éviter d'écraser la modification de quelqu'un d'autre, envoyez l'en-tête If-Match avec l'ETag reçu en chargeant la fiche (par exemple \"7\").");

    private static bool HasIfMatch(HttpRequest request) =>
        request.Headers.IfMatch.Any(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>304 for a GET/HEAD whose If-None-Match matches the ETag the endpoint sets (weak comparison, RFC 9110 §13.1.2).</summary>
    public static async Task NotModifiedMiddleware(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || request.Headers.IfNoneMatch.Count == 0)
        {
            await next(context);
            return;
        }

        var response = context.Response;
        var original = response.Body;
        var gate = new GateStream(original, response);
        response.Body = gate;
        response.OnStarting(() =>
        {
            if (response.StatusCode == StatusCodes.Status200OK && Matches(request.Headers.IfNoneMatch, response.Headers.ETag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                gate.Discard = true;
            }

            return Task.CompletedTask;
        });

        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }
    }

    internal static bool Matches(IEnumerable<string?> ifNoneMatch, string? etag)
    {
        if (string.IsNullOrEmpty(etag) || !EntityTagHeaderValue.TryParse(etag, out var current))
        {
            return false;
        }

        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch.Select(v => v ?? string.Empty).ToList(), out var tags))
        {
            return false;
        }

        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }

    /// <summary>Starts the response before the first byte, so that the 304 decision is taken before any body is written.</summary>
    private sealed class GateStream(Stream inner, HttpResponse response) : Stream
    {
        public bool Discard { get; set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await StartAsync(cancellationToken);
            if (!Discard)
            {
                await inner.FlushAsync(cancellationToken);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await StartAsync(cancellationToken);
            if (!Discard)
            {
                await inner.WriteAsync(buffer, cancellationToken);
            }
        }

        private async Task StartAsync(CancellationToken cancellationToken)
        {
            if (!response.HasStarted)
            {
                await response.StartAsync(cancellationToken);
            }
        }
    }
}
