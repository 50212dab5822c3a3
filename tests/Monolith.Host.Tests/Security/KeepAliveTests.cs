using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Monolith.Host.Tests.Security;

/// <summary>The host on real Kestrel (TestServer hides connection handling).</summary>
public sealed class KestrelHostApp : TempHostApp
{
    public KestrelHostApp()
        : base("kestrel") => UseKestrel(0);

    public Uri Address
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }
    }
}

/// <summary>An idempotent command answering 204, replayed with the same Idempotency-Key, must not write a body or a
/// Content-Length on the 204: that is a protocol error which made Kestrel drop the keep-alive connection (and log exceptions).
/// Over real Kestrel, every request of the test goes through one single TCP connection.</summary>
public sealed class KeepAliveTests(KestrelHostApp app) : IClassFixture<KestrelHostApp>
{
    [Fact]
    public async Task A_replayed_204_keeps_the_connection_alive()
    {
        var address = app.Address;
        var (officeId, _) = await app.ProvisionOfficeAsync("ka");
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, ct) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = address };
        await app.CatchUpAsync();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { tenant = officeId, email = TempHostApp.AdminEmail(officeId), password = TempHostApp.Password });
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var created = await client.PostAsJsonAsync("/api/office/users",
            new { email = "guichet@ot.test", displayName = "Guichet", roles = new[] { "office-staff" }, password = TempHostApp.Password });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString();

        var key = Guid.NewGuid().ToString();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/office/users/{userId}/deactivation");
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.NoContent, $"attempt {attempt + 1}");
            response.Content.Headers.ContentLength.GetValueOrDefault().Should().Be(0);
        }

        (await client.GetAsync("/api/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        connections.Should().Be(1, "no response closed the keep-alive connection");
    }
}
