extern alias host;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
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
/// Flash sale over real HTTP (Kestrel on loopback) on the embedded SQLite default (synchronous=FULL), in two phases on two sessions of
/// <c>--seats</c> numbered seats (default 1,000), each with <c>--buyers</c> buyers (default 2,000) holding one seat each:
/// <list type="number">
/// <item><b>Closed burst</b>: every buyer starts at the same instant (the issue's scenario). A buyer told "réessayez" (429) tries again
/// after a short random pause, as a browser would; "complet" (409) ends the attempt. Then every winner turns the hold into an order
/// (retrying on 429 and on 503 + Retry-After, as a client should).</item>
/// <item><b>Open arrivals</b>: buyers arrive one after another at <c>--rate</c> a second (default 500, the throughput target), each
/// answer timed from the buyer's scheduled arrival (a late client does not hide a slow server). This is where "p99 of a hold" is
/// defined: with 2,000 requests fired at one instant, the k-th answer cannot come before k / throughput (Little's law), so the burst's
/// p99 measures the queue, not the hold (ADR 0016).</item>
/// </list>
/// Checks: exactly <c>seats</c> holds per session (and orders after the burst), no seat twice, no 5xx, every buyer answered. Prints the
/// figures next to the raw SQLite commit rate (one INSERT per transaction, same pragmas, same disk) measured before and after, and the
/// desk's own figures (decisions per commit, time from submission to answer) from its meter.
/// Usage: dotnet run -c Release --project tests/Monolith.Benchmarks -- flash-sale [--buyers 2000] [--seats 1000] [--rate 500] [--dir PATH]
/// [--skip-checkout]; with FLASH_GC_TRACE=1 it also prints each collection and the open-arrival phase's start and end (time since the process
/// started), to cut a <c>dotnet-trace</c> profile to that phase.
/// </summary>
internal static class FlashSale
{
    private const string Key = "flash-sale-provisioning";
    private const string Password = "Correct horse battery staple 42";

    public static async Task<int> RunAsync(string[] args)
    {
        var buyers = Arg(args, "--buyers", 2000);
        var seats = Arg(args, "--seats", 1000);
        var rate = Arg(args, "--rate", 500);
        var root = Path.Combine(ArgText(args, "--dir") ?? Path.GetTempPath(), "monolith-flash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 16), 64);
        Console.WriteLine($"flash sale: {buyers:N0} buyers, {seats:N0} numbered seats, data folder {root}, {Environment.ProcessorCount} cores, " +
            $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC (the host ships with server GC)");

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

            var rawBefore = MeasureRawCommits(Path.Combine(root, "raw.db"), 400);
            Console.WriteLine($"raw SQLite commits (synchronous=FULL, one INSERT per transaction, same disk): {rawBefore:N0}/s");

            using var desk = new DeskListener();
            using var gc = new GcPauses();
            var burst = await SellAsync(http, office, "flash", buyers, arrivalsPerSecond: null);
            var burstDesk = desk.TakeFigures();
            var burstGc = gc.Take();
            Trace("open arrivals start");
            var paced = await SellAsync(http, office, "paced", buyers, arrivalsPerSecond: rate);
            Trace("open arrivals end");
            var pacedDesk = desk.TakeFigures();
            var pacedGc = gc.Take();
            var rawAfter = MeasureRawCommits(Path.Combine(root, "raw-after.db"), 400);

            Console.WriteLine();
            Console.WriteLine($"| measure | target | closed burst ({buyers:N0} at once) | open arrivals ({rate:N0}/s) |");
            Console.WriteLine("|---|---|---:|---:|");
            Row("raw SQLite commits/s (before / after, same disk)", "", $"{rawBefore:N0} / {rawAfter:N0}", "");
            Row("buyers answered", "all", burst.Answered, paced.Answered);
            Row("holds won / complet / other", $"{seats:N0} / rest / 0", burst.Split, paced.Split);
            Row("sold out after (first request to last seat held)", "≤ 5 s", $"{burst.SoldOutMs / 1000:N2} s", $"{paced.SoldOutMs / 1000:N2} s");
            Row("holds/s (seats / sold-out time)", "≥ 500", $"{burst.HoldsPerSecond:N0}", $"{paced.HoldsPerSecond:N0} (arrivals paced)");
            Row("holds/s ÷ raw commits/s", "", $"{burst.HoldsPerSecond / Math.Min(rawBefore, rawAfter):N2}", "");
            Row("answers/s (every buyer answered / time)", "", $"{burst.AnswersPerSecond:N0}", "");
            Row("hold requests (incl. 429 retries)", "", burst.Requests, paced.Requests);
            Row("hold latency p50 / p99 / max", "p99 ≤ 100 ms", burst.Latency, paced.Latency);
            Row("burst p99 floor at this run's answer rate (Little: 0.99 × buyers / answers/s)", "", $"{0.99 * buyers / burst.AnswersPerSecond * 1000:N0} ms", "");
            Row("losers' longest wait for \"complet\"", "≤ 2 s", burst.LosersLongest, paced.LosersLongest);
            Row("every buyer answered after", "", $"{burst.AllAnsweredMs / 1000:N2} s", $"{paced.AllAnsweredMs / 1000:N2} s");
            Row("5xx answers", "0", burst.FiveXx.ToString(CultureInfo.InvariantCulture), paced.FiveXx.ToString(CultureInfo.InvariantCulture));
            Row("desk: commits / decisions per commit (mean / max)", "", burstDesk.Batches, pacedDesk.Batches);
            Row("server: hold request duration p50 / p99 (ASP.NET Core's http.server.request.duration)", "", burstDesk.Spread("server.hold"), pacedDesk.Spread("server.hold"));
            Row("desk: submission → answer p50 / p99 (queue + decision + shared commit)", "", burstDesk.Answer, pacedDesk.Answer);

            PrintBreakdown(burstDesk, pacedDesk);
            Row("GCs during the phase: gen0 / gen1 / gen2, pause total / longest; CPU used (host and buyers share the process)", "", burstGc, pacedGc);

            failures.AddRange(burst.Check(seats).Select(f => "burst: " + f));
            failures.AddRange(paced.Check(seats).Select(f => "open arrivals: " + f));
            if (args.Contains("--skip-checkout"))
            {
                Row("orders placed (checkout after the burst)", "", "skipped (--skip-checkout)", "");
            }
            else
            {
                // Checkout: every winner of the burst turns the hold into an order (not part of the hold figures), then the reactor has
                // billing issue each order's invoice and the order records it (after the sale's commit, never inside it).
                var checkout = Stopwatch.StartNew();
                var placed = await Task.WhenAll(burst.Winners.Select((w, n) => OrderAsync(http, office, w.HoldId!, $"winner{n}@flash.test", checkout)));
                var checkoutTime = checkout.Elapsed;
                var (invoiced, invoicedTime) = await WaitForInvoicesAsync(factory.Services, seats, checkout);
                var orders = placed.Select(o => o.Placed).ToArray();
                var sold = await GetSoldAsync(http, office);
                var perSecond = orders.Count(o => o) / checkoutTime.TotalSeconds;
                var answered = placed.Where(o => o.Placed).Select(o => o.AnsweredMs).Order().ToList();
                Row("orders placed (checkout after the burst, all at once)", "", $"{orders.Count(o => o):N0} in {checkoutTime.TotalSeconds:N2} s ({perSecond:N0}/s)", "");
                Row("checkout orders/s ÷ raw commits/s", "", $"{perSecond / Math.Min(rawBefore, rawAfter):N2}", "");
                Row("checkout requests (incl. 429/503 retries) / order answer p50 / p99", "",
                    $"{placed.Sum(o => o.Requests):N0} ({placed.Sum(o => o.Requests - 1):N0} retries) / {Percentile(answered, 0.50):N0} / {Percentile(answered, 0.99):N0} ms", "");
                Row("orders invoiced (reactor: billing numbers the invoice, the order records it)", "",
                    $"{invoiced:N0} after {invoicedTime.TotalSeconds:N2} s ({invoiced / invoicedTime.TotalSeconds:N0}/s){(invoiced < seats ? " — stopped waiting" : "")}", "");
                Row("seats sold (session read model / distinct seats held)", "", $"{sold:N0} / {burst.DistinctSeats:N0}", "");

                if (orders.Count(o => o) != seats || sold != seats)
                {
                    failures.Add($"{orders.Count(o => o)} orders, {sold} sold, expected {seats}");
                }
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

    /// <summary>FLASH_GC_TRACE set: print every collection as the sampler sees it, and marks around the open-arrival phase.</summary>
    private static readonly bool Tracing = Environment.GetEnvironmentVariable("FLASH_GC_TRACE") is not null;

    /// <summary>With <see cref="Tracing"/>: a mark with the time since the process started (to cut a profile to one phase).</summary>
    private static void Trace(string mark)
    {
        if (Tracing)
        {
            Console.WriteLine($"mark {mark}: {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms since process start");
        }
    }

    /// <summary>One sale of a session: every buyer at once (<paramref name="arrivalsPerSecond"/> null) or arriving at that rate.</summary>
    private static async Task<Sale> SellAsync(HttpClient http, string office, string session, int buyers, int? arrivalsPerSecond)
    {
        var attempts = new ConcurrentBag<(double Ms, HttpStatusCode Status)>();
        var soldAt = new ConcurrentBag<double>();
        var outcomes = new Outcome[buyers];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();

        async Task BuyAsync(int i, double arrival)
        {
            var random = new Random(i);
            for (var tries = 1; ; tries++)
            {
                // Closed burst: each attempt is timed from its own send. Open arrivals: the first attempt from the scheduled arrival.
                var t0 = tries == 1 ? arrival : clock.Elapsed.TotalMilliseconds;
                HttpResponseMessage response;
                try
                {
                    response = await HoldAsync(http, office, session, $"{session}{i}@flash.test");
                }
                catch (Exception ex)
                {
                    outcomes[i] = new Outcome("error: " + ex.GetType().Name, clock.Elapsed.TotalMilliseconds - arrival, null, []);
                    return;
                }

                var t1 = clock.Elapsed.TotalMilliseconds;
                attempts.Add((t1 - t0, response.StatusCode));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    soldAt.Add(t1);
                    var json = await response.Content.ReadFromJsonAsync<JsonElement>();
                    var held = json.GetProperty("lines")[0].GetProperty("seats").EnumerateArray().Select(s => s.GetString()!).ToList();
                    outcomes[i] = new Outcome("held", t1 - arrival, json.GetProperty("holdId").GetString(), held);
                    return;
                }

                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.TooManyRequests && body.Contains("réessayez", StringComparison.Ordinal))
                {
                    await Task.Delay(random.Next(10, 60));
                    continue;
                }

                outcomes[i] = new Outcome(response.StatusCode == HttpStatusCode.Conflict && body.Contains("Complet", StringComparison.Ordinal) ? "complet" : $"{(int)response.StatusCode}: {body}",
                    t1 - arrival, null, []);
                return;
            }
        }

        List<Task> tasks;
        if (arrivalsPerSecond is not { } perSecond)
        {
            tasks = [.. Enumerable.Range(0, buyers).Select(i => Task.Run(async () =>
            {
                await start.Task;
                await BuyAsync(i, 0);
            }))];
            clock.Start();
            start.SetResult();
        }
        else
        {
            tasks = new List<Task>(buyers);
            clock.Start();
            for (var i = 0; i < buyers; i++)
            {
                var due = i * 1000.0 / perSecond;
                var ahead = due - clock.Elapsed.TotalMilliseconds;
                if (ahead >= 1)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(ahead));
                }

                var buyer = i;
                tasks.Add(Task.Run(() => BuyAsync(buyer, due)));
            }
        }

        await Task.WhenAll(tasks);
        return new Sale(outcomes, [.. attempts], soldAt.IsEmpty ? double.NaN : soldAt.Max(), clock.Elapsed.TotalMilliseconds);
    }

    private sealed record Outcome(string Kind, double AnsweredMs, string? HoldId, IReadOnlyList<string> Seats);

    private sealed record Sale(Outcome[] Outcomes, IReadOnlyList<(double Ms, HttpStatusCode Status)> Attempts, double SoldOutMs, double AllAnsweredMs)
    {
        public List<Outcome> Winners => [.. Outcomes.Where(o => o.Kind == "held")];

        private List<Outcome> Losers => [.. Outcomes.Where(o => o.Kind == "complet")];

        private List<Outcome> Others => [.. Outcomes.Where(o => o.Kind is not ("held" or "complet"))];

        private List<string> AllSeats => [.. Winners.SelectMany(w => w.Seats)];

        public int DistinctSeats => AllSeats.Distinct(StringComparer.Ordinal).Count();

        public int FiveXx => Attempts.Count(a => (int)a.Status >= 500);

        public double HoldsPerSecond => Winners.Count / (SoldOutMs / 1000);

        public double AnswersPerSecond => Outcomes.Length / (AllAnsweredMs / 1000);

        public string Answered => $"{Outcomes.Count(o => o.Kind is "held" or "complet"):N0} / {Outcomes.Length:N0}";

        public string Split => $"{Winners.Count:N0} / {Losers.Count:N0} / {Others.Count:N0}";

        public string Requests => $"{Attempts.Count:N0} ({Attempts.Count(a => a.Status == HttpStatusCode.TooManyRequests):N0} × 429)";

        public string Latency
        {
            get
            {
                var sorted = Attempts.Select(a => a.Ms).Order().ToList();
                return $"{Percentile(sorted, 0.50):N0} / {Percentile(sorted, 0.99):N0} / {sorted.LastOrDefault():N0} ms";
            }
        }

        public string LosersLongest => Losers.Count == 0 ? "–" : $"{Losers.Max(l => l.AnsweredMs):N0} ms";

        public IEnumerable<string> Check(int seats)
        {
            if (Winners.Count != seats)
            {
                yield return $"{Winners.Count} holds won, expected {seats}";
            }

            if (AllSeats.Count != DistinctSeats)
            {
                yield return "a seat was held twice";
            }

            if (FiveXx > 0 || Others.Count > 0)
            {
                yield return $"{FiveXx} 5xx, {Others.Count} buyers with another answer: {string.Join(" | ", Others.Take(3).Select(o => o.Kind))}";
            }
        }
    }

    /// <summary>Listens in process to the session desk's meter (<c>Monolith.Ticketing.SessionDesk</c>), the SQLite event store's and the
    /// write gate's: every measurement kept by instrument and tag (<c>step</c>, <c>writer</c>), taken per phase.</summary>
    private sealed class DeskListener : IDisposable
    {
        private static readonly string[] Meters = ["Monolith.Ticketing.SessionDesk", "Monolith.EventStore.Sqlite", "Monolith.Sqlite.WriteGate", "Microsoft.AspNetCore.Hosting"];
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _values = new(StringComparer.Ordinal);

        public DeskListener()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (Meters.Contains(instrument.Meter.Name))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (instrument.Name == "http.server.request.duration")
            {
                // The server's own view of a request (Kestrel's: headers read → response written), in ms, for the hold route only.
                foreach (var tag in tags)
                {
                    if (tag.Key == "http.route" && tag.Value is string route && route.EndsWith("/holds", StringComparison.Ordinal))
                    {
                        _values.GetOrAdd("server.hold", _ => new ConcurrentQueue<double>()).Enqueue(value * 1000);
                    }
                }

                return;
            }

            var key = instrument.Name;
            foreach (var tag in tags)
            {
                key += "/" + tag.Value;
            }

            _values.GetOrAdd(key, _ => new ConcurrentQueue<double>()).Enqueue(value);
        }

        /// <summary>The measurements since the last call, by instrument (and tag), each sorted.</summary>
        public Figures TakeFigures()
        {
            var taken = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            foreach (var (key, queue) in _values)
            {
                var list = new List<double>();
                while (queue.TryDequeue(out var v))
                {
                    list.Add(v);
                }

                list.Sort();
                taken[key] = list;
            }

            return new Figures(taken);
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Garbage collections during a phase (the host and the buyers share the process): counts per generation, the total pause
    /// (<see cref="GC.GetTotalPauseDuration"/>) and the longest one seen by a 2 ms sampler of <see cref="GC.GetGCMemoryInfo()"/>.</summary>
    private sealed class GcPauses : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _sampler;
        private int[] _counts = Counts();
        private TimeSpan _paused = GC.GetTotalPauseDuration();
        private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        private long _wall = Stopwatch.GetTimestamp();
        private double _longest;
        private long _lastIndex = -1;

        public GcPauses()
        {
            _sampler = new Thread(Sample) { IsBackground = true, Name = "gc-sampler" };
            _sampler.Start();
        }

        private static int[] Counts() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

        private void Sample()
        {
            while (!_stop.IsCancellationRequested)
            {
                var info = GC.GetGCMemoryInfo(GCKind.Any);
                if (info.Index != _lastIndex)
                {
                    _lastIndex = info.Index;
                    var pause = info.PauseDurations.ToArray().Sum(p => p.TotalMilliseconds);
                    if (Tracing)
                    {
                        Console.WriteLine($"gc #{info.Index} gen{info.Generation} {info.Concurrent} pause {pause:N1} ms promoted {info.PromotedBytes / 1e6:N1} MB heap {info.HeapSizeBytes / 1e6:N1} MB " +
                            $"gen0 {info.GenerationInfo[0].SizeBeforeBytes / 1e6:N1}→{info.GenerationInfo[0].SizeAfterBytes / 1e6:N1} gen1 {info.GenerationInfo[1].SizeBeforeBytes / 1e6:N1}→{info.GenerationInfo[1].SizeAfterBytes / 1e6:N1} " +
                            $"gen2 {info.GenerationInfo[2].SizeAfterBytes / 1e6:N1} loh {info.GenerationInfo[3].SizeAfterBytes / 1e6:N1} pinned {info.PinnedObjectsCount}");
                    }

                    InterlockedMax(pause);
                }

                Thread.Sleep(2);
            }
        }

        private void InterlockedMax(double value)
        {
            double seen;
            while (value > (seen = Volatile.Read(ref _longest)) && Interlocked.CompareExchange(ref _longest, value, seen) != seen)
            {
            }
        }

        /// <summary>The figures since the last call.</summary>
        public string Take()
        {
            var counts = Counts();
            var paused = GC.GetTotalPauseDuration();
            var longest = Interlocked.Exchange(ref _longest, 0);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.GetTimestamp();
            var busy = (cpu - _cpu).TotalMilliseconds / (Stopwatch.GetElapsedTime(_wall, wall).TotalMilliseconds * Environment.ProcessorCount);
            var text = $"{counts[0] - _counts[0]:N0} / {counts[1] - _counts[1]:N0} / {counts[2] - _counts[2]:N0}, {(paused - _paused).TotalMilliseconds:N0} / {longest:N1} ms; " +
                $"process CPU {busy:P0} of {Environment.ProcessorCount} cores";
            _counts = counts;
            _paused = paused;
            _cpu = cpu;
            _wall = wall;
            return text;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _sampler.Join();
            _stop.Dispose();
        }
    }

    private sealed class Figures(Dictionary<string, List<double>> values)
    {
        private List<double> Of(string key) => values.TryGetValue(key, out var list) ? list : [];

        public string Batches
        {
            get
            {
                var batches = Of("ticketing.desk.batch.size");
                return batches.Count == 0 ? "–" : $"{batches.Count:N0} / {batches.Average():N0} / {batches.Max():N0}";
            }
        }

        public string Answer => Spread("ticketing.desk.answer.duration");

        /// <summary>p50 / p99 / max in ms, and the count.</summary>
        public string Spread(string key)
        {
            var list = Of(key);
            return list.Count == 0 ? "–" : $"{Percentile(list, 0.50):N1} / {Percentile(list, 0.99):N1} / {list[^1]:N1} ms (n={list.Count:N0})";
        }

        public string Total(string key) => $"{Of(key).Sum() / 1000:N2} s";
    }

    private static void PrintBreakdown(Figures burst, Figures paced)
    {
        foreach (var step in new[] { "queue", "lane", "refresh", "decide", "append" })
        {
            Row($"desk step {step}: p50 / p99 / max", "", burst.Spread("ticketing.desk.step.duration/" + step), paced.Spread("ticketing.desk.step.duration/" + step));
        }

        Row("store: append wait for the gate (all appenders)", "", burst.Spread("eventstore.append.wait.duration"), paced.Spread("eventstore.append.wait.duration"));
        Row("store: group-commit transaction", "", burst.Spread("eventstore.commit.duration"), paced.Spread("eventstore.commit.duration"));
        foreach (var writer in new[] { "command", "derived" })
        {
            Row($"write gate, {writer} writers: wait", "", burst.Spread("sqlite.write_gate.wait.duration/" + writer), paced.Spread("sqlite.write_gate.wait.duration/" + writer));
            Row($"write gate, {writer} writers: hold (total)", "",
                $"{burst.Spread("sqlite.write_gate.hold.duration/" + writer)} ({burst.Total("sqlite.write_gate.hold.duration/" + writer)})",
                $"{paced.Spread("sqlite.write_gate.hold.duration/" + writer)} ({paced.Total("sqlite.write_gate.hold.duration/" + writer)})");
        }
    }

    private static void Row(string name, string target, string burst, string paced) => Console.WriteLine($"| {name} | {target} | {burst} | {paced} |");

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static Task<HttpResponseMessage> HoldAsync(HttpClient http, string office, string session, string email) =>
        http.PostAsJsonAsync($"/api/ticketing/public/{office}/sessions/{session}/holds", new { email, lines = new[] { new { category = "salle", rate = "plein", quantity = 1 } } });

    /// <summary>One buyer's checkout, retried on "réessayez" as a client should; <c>AnsweredMs</c>: from the start of the checkout phase
    /// to the order's answer.</summary>
    private static async Task<(bool Placed, int Requests, double AnsweredMs)> OrderAsync(HttpClient http, string office, string holdId, string email, Stopwatch phase)
    {
        for (var tries = 1; tries <= 400; tries++)
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
                return (false, tries, phase.Elapsed.TotalMilliseconds);
            }

            if (response.IsSuccessStatusCode)
            {
                return (true, tries, phase.Elapsed.TotalMilliseconds);
            }

            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            {
                Console.WriteLine($"order refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return (false, tries, phase.Elapsed.TotalMilliseconds);
            }

            // "réessayez": 429 from the checkout bound, or 503 + Retry-After when the database stayed busy; nothing was written.
            await Task.Delay(response.Headers.RetryAfter?.Delta is { } after ? after : TimeSpan.FromMilliseconds(Random.Shared.Next(10, 60)));
        }

        return (false, 400, phase.Elapsed.TotalMilliseconds);
    }

    /// <summary>How many orders have their invoice in the orders read model (the invoice reactor's work, then the projection), and when
    /// (from the start of the checkout phase): all of them, or as many as after 180 s (a measure, not a check: the reactor catches up).</summary>
    private static async Task<(long Invoiced, TimeSpan At)> WaitForInvoicesAsync(IServiceProvider services, int orders, Stopwatch phase)
    {
        var connections = services.GetRequiredService<SqliteConnectionFactory>();
        long invoiced = 0;
        while (phase.Elapsed < TimeSpan.FromSeconds(180))
        {
            await using (var connection = await connections.OpenAsync())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM ticketing_orders WHERE office_id = 'ot-flash' AND invoice_id IS NOT NULL";
                invoiced = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                if (invoiced >= orders)
                {
                    break;
                }
            }

            await Task.Delay(100);
        }

        return (invoiced, phase.Elapsed);
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
            sessionId = "paced",
            startsAt = starts.AddDays(1),
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
