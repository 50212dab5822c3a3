using System.Net.Http.Json;

namespace Monolith.Testing;

/// <summary>PUT/DELETE on a resource with an ETag require <c>If-Match</c> (428 without it). Set-up steps that do not test concurrency send
/// <c>If-Match: *</c> ("whatever the current version"); tests of lost updates send the ETag they loaded.</summary>
public static class IfMatchRequests
{
    public static Task<HttpResponseMessage> PutAsJsonIfMatchAsync<T>(this HttpClient client, string url, T body, string ifMatch = "*")
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> DeleteIfMatchAsync(this HttpClient client, string url, string ifMatch = "*")
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
