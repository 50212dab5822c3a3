extern alias host;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Persistence;

/// <summary>
/// Flash sale over real HTTP (Kestrel on loopback) on the embedded SQLite default (synchronous=FULL): <c>--buyers</c> buyers (default
/// 2,000) start at the same instant to hold one seat each of a numbered session of <c>--seats</c> seats (default 1,000). A buyer told
/// "réessayez" (429) tries again after a short random pause, as a browser would; "complet" (409) ends the attempt. Then every winner
/// turns the hold into an order (retrying on 429 and on 503 + Retry-After, as a client should). Checks: exactly <c>seats</c> holds and orders, no seat twice, no 5xx, every buyer answered. Prints
/// sold-out time, holds/s, hold latency percentiles, the losers' longest wait for their answer, next to the raw SQLite commit rate
/// (one INSERT per transaction, same pragmas, same disk) measured in the same run.
/// Usage: dotnet run -c Release --project tests/Monolith.Benchmarks -- flash-sale [--buyers 2000] [--seats 1000] [--dir PATH]
/// </summary>
internal static class FlashSale
{
    private const string Key = "flash-sale-provisioning";
    private const string Password = "Correct horse battery staple 42";

    public static async Task<int> RunAsync(string[] args)
    {
        var buyers = Arg(args, "--buyers", 2000);
        var seats = Arg(args, "--seats", 1000);
        var root = Path.Combine(ArgText(args, "--dir") ?? Path.GetTempPath(), "monolith-flash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 16), 64);
        Console.WriteLine($"flash sale: {buyers:N0} buyers, {seats:N0} numbered seats, data folder {root}, {Environment.ProcessorCount} cores");

        var failures = new List<string>();
        await using (var factory = new FlashSaleHost(root))
        {
            factory.UseKestrel(0);
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = new Uri(address),
                Timeout = TimeSpan.FromSeconds(60),
            };
            var office = await SetUpAsync(http, seats);

            // Warm-up on another session (JIT, connection pool, caches): not measured.
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => HoldAsync(http, office, "warm-up", $"warm{i}@flash.test")));

            var rawCommitsPerSecond = MeasureRawCommits(Path.Combine(root, "raw.db"), 400);
            Console.WriteLine($"raw SQLite commits (synchronous=FULL, one INSERT per transaction, same disk): {rawCommitsPerSecond:N0}/s");

            var attempts = new ConcurrentBag<(double Ms, HttpStatusCode Status)>();
            var soldAt = new ConcurrentBag<double>();
            var outcomes = new (string Outcome, double AnsweredMs, string? HoldId, IReadOnlyList<string> Seats, int Tries)[buyers];
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var clock = new Stopwatch();
            var tasks = Enumerable.Range(0, buyers).Select(i => Task.Run(async () =>
            {
                await start.Task;
                var random = new Random(i);
                var began = clock.Elapsed.TotalMilliseconds;
                for (var tries = 1; ; tries++)
                {
                    var t0 = clock.Elapsed.TotalMilliseconds;
                    HttpResponseMessage response;
                    try
                    {
                        response = await HoldAsync(http, office, "flash", $"buyer{i}@flash.test");
                    }
                    catch (Exception ex)
                    {
                        outcomes[i] = ("error: " + ex.GetType().Name, clock.Elapsed.TotalMilliseconds - began, null, [], tries);
                        return;
                    }

                    var t1 = clock.Elapsed.TotalMilliseconds;
                    attempts.Add((t1 - t0, response.StatusCode));
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        soldAt.Add(t1);
                        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
                        var held = json.GetProperty("lines")[0].GetProperty("seats").EnumerateArray().Select(s => s.GetString()!).ToList();
                        outcomes[i] = ("held", t1 - began, json.GetProperty("holdId").GetString(), held, tries);
                        return;
                    }

                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.TooManyRequests && body.Contains("réessayez", StringComparison.Ordinal))
                    {
                        await Task.Delay(random.Next(10, 60));
                        continue;
                    }

                    outcomes[i] = (response.StatusCode == HttpStatusCode.Conflict && body.Contains("Complet", StringComparison.Ordinal) ? "complet" : $"{(int)response.StatusCode}: {body}",
                        t1 - began, null, [], tries);
                    return;
                }
            })).ToList();

            clock.Start();
            start.SetResult();
            await Task.WhenAll(tasks);
            var allAnswered = clock.Elapsed;

            var winners = outcomes.Where(o => o.Outcome == "held").ToList();
            var losers = outcomes.Where(o => o.Outcome == "complet").ToList();
            var others = outcomes.Where(o => o.Outcome is not ("held" or "complet")).ToList();
            var soldOutMs = soldAt.Count == 0 ? double.NaN : soldAt.Max();
            var latencies = attempts.Select(a => a.Ms).Order().ToList();
            var fiveXx = attempts.Count(a => (int)a.Status >= 500);
            var allSeats = winners.SelectMany(w => w.Seats).ToList();

            Console.WriteLine();
            Console.WriteLine("| measure | value |");
            Console.WriteLine("|---|---:|");
            Row("raw SQLite commits/s (same run, same disk)", rawCommitsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
            Row("buyers answered", $"{outcomes.Count(o => o.Outcome is "held" or "complet"):N0} / {buyers:N0}");
            Row("holds won / complet / other", $"{winners.Count:N0} / {losers.Count:N0} / {others.Count:N0}");
            Row("sold out after (last seat held)", $"{soldOutMs / 1000:N2} s");
            Row("holds/s (seats / sold-out time)", $"{winners.Count / (soldOutMs / 1000):N0}");
            Row("hold requests (incl. 429 retries)", $"{attempts.Count:N0} ({attempts.Count(a => a.Status == HttpStatusCode.TooManyRequests):N0} × 429)");
            Row("hold latency p50 / p99 / max", $"{Percentile(latencies, 0.50):N0} / {Percentile(latencies, 0.99):N0} / {latencies.LastOrDefault():N0} ms");
            Row("losers' longest wait for \"complet\"", losers.Count == 0 ? "–" : $"{losers.Max(l => l.AnsweredMs):N0} ms");
            Row("every buyer answered after", $"{allAnswered.TotalSeconds:N2} s");
            Row("5xx answers", fiveXx.ToString(CultureInfo.InvariantCulture));
            // Checkout: every winner turns the hold into an order (not part of the hold figures).
            var checkout = Stopwatch.StartNew();
            var orders = await Task.WhenAll(winners.Select((w, n) => OrderAsync(http, office, w.HoldId!, $"winner{n}@flash.test")));
            var checkoutTime = checkout.Elapsed;
            var sold = await GetSoldAsync(http, office);

            Row("orders placed (checkout after the sale)", $"{orders.Count(o => o):N0} in {checkoutTime.TotalSeconds:N2} s ({orders.Count(o => o) / checkoutTime.TotalSeconds:N0}/s)");
            Row("seats sold (session read model / distinct seats held)", $"{sold:N0} / {allSeats.Distinct(StringComparer.Ordinal).Count():N0}");

            if (winners.Count != seats)
            {
                failures.Add($"{winners.Count} holds won, expected {seats}");
            }

            if (allSeats.Count != allSeats.Distinct(StringComparer.Ordinal).Count())
            {
                failures.Add("a seat was held twice");
            }

            if (orders.Count(o => o) != seats || sold != seats)
            {
                failures.Add($"{orders.Count(o => o)} orders, {sold} sold, expected {seats}");
            }

            if (fiveXx > 0 || others.Count > 0)
            {
                failures.Add($"{fiveXx} 5xx, {others.Count} buyers with another answer: {string.Join(" | ", others.Take(3).Select(o => o.Outcome))}");
            }
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }

        Console.WriteLine();
        Console.WriteLine(failures.Count == 0 ? "CORRECT: exactly the seats sold, none twice, no 5xx, every buyer answered." : "FAILED: " + string.Join("; ", failures));
        return failures.Count == 0 ? 0 : 1;
    }

    private static void Row(string name, string value) => Console.WriteLine($"| {name} | {value} |");

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static Task<HttpResponseMessage> HoldAsync(HttpClient http, string office, string session, string email) =>
        http.PostAsJsonAsync($"/api/ticketing/public/{office}/sessions/{session}/holds", new { email, lines = new[] { new { category = "salle", rate = "plein", quantity = 1 } } });

    private static async Task<bool> OrderAsync(HttpClient http, string office, string holdId, string email)
    {
        for (var tries = 0; tries < 400; tries++)
        {
            HttpResponseMessage response;
            try
            {
                response = await http.PostAsJsonAsync($"/api/ticketing/public/{office}/orders", new
                {
                    holds = new[] { new { sessionId = "flash", holdId } },
                    buyer = new { name = "Acheteur", email, street = "1 rue du Port", postalCode = "20137", city = "Porto-Vecchio" },
                });
            }
            catch (Exception ex)
            {
                Console.WriteLine($"order failed: {ex.GetType().Name}");
                return false;
            }

            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            {
                Console.WriteLine($"order refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return false;
            }

            // "réessayez": 429 from the checkout bound, or 503 + Retry-After when the database stayed busy; nothing was written.
            await Task.Delay(response.Headers.RetryAfter?.Delta is { } after ? after : TimeSpan.FromMilliseconds(Random.Shared.Next(10, 60)));
        }

        return false;
    }

    private static string? Staff { get; set; }

    private static async Task<int> GetSoldAsync(HttpClient http, string office)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/ticketing/public/{office}/sessions/flash");
        var json = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("sold").GetInt32();
    }

    private static async Task<string> SetUpAsync(HttpClient http, int seats)
    {
        var office = "ot-flash";
        using (var provision = new HttpRequestMessage(HttpMethod.Post, "/api/platform/offices"))
        {
            provision.Headers.Add("X-Provisioning-Key", Key);
            provision.Content = JsonContent.Create(new { officeId = office, name = "Office de tourisme Flash", adminEmail = "admin@flash.test", adminName = "Admin", adminPassword = Password });
            (await http.SendAsync(provision)).EnsureSuccessStatusCode();
        }

        string token = "";
        for (var i = 0; i < 100 && token.Length == 0; i++)
        {
            var login = await http.PostAsJsonAsync("/api/auth/login", new { tenant = office, email = "admin@flash.test", password = Password });
            if (login.IsSuccessStatusCode)
            {
                token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            }
            else
            {
                await Task.Delay(100); // the users read model catches up
            }
        }

        Staff = token;
        async Task SendAsync(HttpMethod method, string url, object body)
        {
            using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (method == HttpMethod.Put)
            {
                request.Headers.TryAddWithoutValidation("If-Match", "*"); // updates require If-Match (428 without it)
            }

            var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        await SendAsync(HttpMethod.Put, "/api/office/legal-identity", new
        {
            legalName = "Office de tourisme Flash",
            legalForm = "EPIC",
            siren = "732829320",
            vatNumber = "FR44732829320",
            address = new { street = "1 place du Marché", postalCode = "20124", city = "Zonza" },
        });
        await SendAsync(HttpMethod.Post, "/api/ticketing/shows", new
        {
            showId = "grand-concert",
            name = "Grand concert",
            kind = "LiveShow",
            organiserName = "Festival",
            organiserIsPartner = true,
            rates = new[] { new { code = "plein", label = "Plein tarif", kind = "Full", prices = new Dictionary<string, long> { ["salle"] = 3500 } } },
            handlingFeePerTicket = 100,
        });
        var rows = Enumerable.Range(0, (seats + 49) / 50).Select(r => new { row = ((char)('A' + (r % 26))).ToString() + (r / 26 == 0 ? "" : (r / 26).ToString(CultureInfo.InvariantCulture)), from = 1, to = Math.Min(50, seats - (r * 50)) }).ToArray();
        var starts = DateTimeOffset.UtcNow.AddDays(30);
        await SendAsync(HttpMethod.Post, "/api/ticketing/shows/grand-concert/sessions", new
        {
            sessionId = "flash",
            startsAt = starts,
            seating = "Numbered",
            categories = new[] { new { code = "salle", label = "Salle", capacity = seats, rows } },
        });
        await SendAsync(HttpMethod.Post, "/api/ticketing/shows/grand-concert/sessions", new
        {
            sessionId = "warm-up",
            startsAt = starts,
            seating = "Free",
            categories = new[] { new { code = "salle", label = "Salle", capacity = 100 } },
        });
        return office;
    }

    private static double MeasureRawCommits(string path, int count)
    {
        var connections = new SqliteConnectionFactory(path, synchronousFull: true);
        using var connection = connections.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS raw_commits (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO raw_commits (payload) VALUES ($payload)";
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var transaction = connection.BeginWrite();
            insert.Transaction = transaction;
            payload.Value = "{\"seat\":" + i.ToString(CultureInfo.InvariantCulture) + "}";
            insert.ExecuteNonQuery();
            transaction.Commit();
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
    }

    private static string? ArgText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed class FlashSaleHost(string root) : WebApplicationFactory<host::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(AppContext.BaseDirectory);
            builder.UseEnvironment("Development");
            builder.UseSetting("Data:Folder", root);
            builder.UseSetting("Bootstrap:DemoOffice", "false");
            builder.UseSetting("Platform:ProvisioningKey", Key);
            builder.UseSetting("Scheduler:AutoStart", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
