using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Http;

/// <summary>A resource's ETag is its stream revision, quoted: revision 7 ⇄ <c>"7"</c> (a strong validator).</summary>
public static class ETags
{
    public static string ForRevision(long revision) => "\"" + revision.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Sets <c>ETag: "revision"</c> on the response.</summary>
    public static void SetRevision(this HttpResponse response, long revision) =>
        response.Headers.ETag = ForRevision(revision);

    /// <summary>Wraps a result so that it also sends <c>ETag: "revision"</c>: <c>TypedResults.Ok(dto).WithRevision(7)</c>.</summary>
    public static IResult WithRevision(this IResult result, long revision) => new WithETagResult(result, revision);

    private sealed class WithETagResult(IResult inner, long revision) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.SetRevision(revision);
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>Reads the client's <c>If-Match</c> header as the expected revision of an append.</summary>
public static class IfMatch
{
    /// <summary>No header → null (the caller decides: usually <see cref="ExpectedRevision.Any"/> with a bounded retry);
    /// <c>"7"</c> → <see cref="ExpectedRevision.Exact"/>(7); <c>*</c> → <see cref="ExpectedRevision.StreamExists"/>.
    /// A weak, malformed or multiple-valued header → <see cref="RequestValidationException"/> (400).</summary>
    public static ExpectedRevision? Parse(HttpRequest request)
    {
        var values = request.Headers.IfMatch;
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrWhiteSpace(values[0])))
        {
            return null;
        }

        var raw = string.Join(',', values.Select(v => v ?? string.Empty)).Trim();
        if (raw == "*")
        {
            return ExpectedRevision.StreamExists;
        }

        if (!EntityTagHeaderValue.TryParseList([raw], out var tags) || tags.Count != 1)
        {
            throw Invalid("must hold exactly one ETag, for example \"7\", as returned in the ETag header of the resource.");
        }

        var tag = tags[0];
        if (tag.IsWeak)
        {
            throw Invalid("must be a strong ETag such as \"7\"; weak ETags (W/\"…\") cannot be used to update a resource.");
        }

        var inner = tag.Tag.AsSpan().Trim('"');
        if (!long.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            throw Invalid("is not an ETag issued by this API: send back the ETag header of the resource exactly, for example \"7\".");
        }

        return ExpectedRevision.Exact(revision);
    }

    private static RequestValidationException Invalid(string message) => new(HeaderNames.IfMatch, "If-Match " + message);
}

/// <summary>Typed results (so OpenAPI documents the body) that also send the resource's <c>ETag: "revision"</c>:
/// <c>return Revisioned.Ok(http, view, result.Revision);</c>.</summary>
public static class Revisioned
{
    public static Microsoft.AspNetCore.Http.HttpResults.Ok<T> Ok<T>(HttpContext http, T value, long revision)
    {
        http.Response.SetRevision(revision);
        return TypedResults.Ok(value);
    }

    public static Microsoft.AspNetCore.Http.HttpResults.Created<T> Created<T>(HttpContext http, string location, T value, long revision)
    {
        http.Response.SetRevision(revision);
        return TypedResults.Created(location, value);
    }
}
