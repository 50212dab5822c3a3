using Microsoft.AspNetCore.Http;

namespace Monolith.BuildingBlocks.Http;

/// <summary>Headers every answer carries: no MIME sniffing, never framed, no referrer leaked, and a Content-Security-Policy on HTML
/// pages (documents, the test payment page: no script at all; the API explorer at <c>/docs</c>: its own scripts only).</summary>
public static class SecurityHeaders
{
    public const string HtmlPolicy =
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    internal static Task Middleware(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            var html = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
            headers.ContentSecurityPolicy = !html ? ApiPolicy
                : context.Request.Path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase) ? DocsPolicy
                : HtmlPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
