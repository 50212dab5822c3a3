using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Facts;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Billing;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Benchmarks;

/// <summary>Issue latency against the year's volume (ADR 0010): two databases, each with 100 invoices issued today; one has nothing
/// before, the other 49,900 more invoices on the earlier days of the same year (so 50,000 in the year). The same invoices are then
/// issued alternately in both through <c>InvoiceIssuer.IssueAsync</c> (read-model check, numbering day fold, decide, append with
/// synchronous=FULL), and the p50 of each and their ratio are printed. With the numbering stream per year the ratio grew with the year
/// (6.8 ms after 50 invoices, 65.7 ms after 3,000 over HTTP); with numbering days it must stay ≤ 1.5.
/// <para>Seeding goes through the real decider, serializer and <see cref="IEventStore.AppendAsync"/>, one append per day (opening,
/// the day's documents, closing) instead of one per document, so it takes seconds, not minutes.</para></summary>
internal static class NumberingBenchmark
{
    private const string Office = "bench-office";
    private const string TimeZone = "Europe/Paris";

    public static async Task<int> RunAsync(string[] args)
    {
        var documents = 50_000;
        var samples = 200;
        var today = 100;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--documents": documents = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--samples": samples = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine("Usage: dotnet run -c Release --project tests/Monolith.Benchmarks -- numbering [--documents 50000] [--samples 200]");
                    return 2;
            }
        }

        var root = Path.Combine(Path.GetTempPath(), "monolith-bench-numbering-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            // "Today" is 15 September: the large year spreads its earlier invoices evenly over 1 January – 14 September.
            var day = new DateOnly(2026, 9, 15);
            var clock = new FixedClock(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(2)));
            var small = await Bench.CreateAsync(Path.Combine(root, "small.db"), clock);
            var large = await Bench.CreateAsync(Path.Combine(root, "large.db"), clock);

            var seeding = Stopwatch.StartNew();
            await small.SeedAsync([(day, today)]);
            var earlier = documents - today;
            var days = day.DayNumber - new DateOnly(day.Year, 1, 1).DayNumber;
            var plan = Enumerable.Range(0, days)
                .Select(d => (Day: new DateOnly(day.Year, 1, 1).AddDays(d), Count: (earlier / days) + (d < earlier % days ? 1 : 0)))
                .Append((day, today))
                .ToList();
            await large.SeedAsync(plan);
            seeding.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seeded {today:N0} and {documents:N0} invoices in {seeding.Elapsed.TotalSeconds:N1} s ({days} earlier days of ~{earlier / days} invoices, then {today} today)"));

            for (var i = 0; i < 20; i++)
            {
                await small.IssueAsync($"warm-up-{i}");
                await large.IssueAsync($"warm-up-{i}");
            }

            var smallTimes = new List<double>(samples);
            var largeTimes = new List<double>(samples);
            for (var i = 0; i < samples; i++)
            {
                smallTimes.Add(await small.IssueAsync($"sample-{i}"));
                largeTimes.Add(await large.IssueAsync($"sample-{i}"));
            }

            var p50Small = Percentile(smallTimes, 0.50);
            var p50Large = Percentile(largeTimes, 0.50);
            var ratio = p50Large / p50Small;
            Console.WriteLine();
            Console.WriteLine($"issue latency over {samples} invoices each (InvoiceIssuer.IssueAsync, synchronous=FULL):");
            Console.WriteLine("| invoices in the year before | p50 ms | p90 ms |");
            Console.WriteLine("|----------------------------:|-------:|-------:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {today,27:N0} | {p50Small,6:N2} | {Percentile(smallTimes, 0.90),6:N2} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {documents,27:N0} | {p50Large,6:N2} | {Percentile(largeTimes, 0.90),6:N2} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p50 ratio ({documents:N0} / {today:N0}): {ratio:N2} (must be ≤ 1.5)"));
            return ratio <= 1.5 ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    private sealed class Bench
    {
        private readonly IEventStore _store;
        private readonly EventSerializer _serializer;
        private readonly InvoiceIssuer _billing;

        private Bench(IEventStore store, EventSerializer serializer, InvoiceIssuer billing)
        {
            _store = store;
            _serializer = serializer;
            _billing = billing;
        }

        public static async Task<Bench> CreateAsync(string path, TimeProvider clock)
        {
            var connections = new SqliteConnectionFactory(path);
            var store = new SqliteEventStore(connections, clock);
            await store.EnsureSchemaAsync();
            var registry = new EventTypeRegistry().Register(DocumentRegister.EventNames).Register(NumberingDays.EventNames)
                .Register(PublishedFacts.Names(Monolith.Modules.Billing.Contracts.Facts.BillingFacts.All));
            var serializer = new EventSerializer(registry, new PersonalDataProtector(new SqliteDataSubjectKeyStore(connections, PersonalDataOptions.Development(), clock)));
            var handler = new CommandHandler(store, serializer);
            await using (var connection = await connections.OpenAsync())
            await using (var command = connection.CreateCommand())
            {
                // The billing read-model tables (the service looks a source up in billing_invoices first); no projection runs here.
                using var script = typeof(BillingModule).Assembly.GetManifestResourceStream("Monolith.Modules.Billing.Sql.001_billing_read_models.sql")!;
                command.CommandText = await new StreamReader(script).ReadToEndAsync();
                await command.ExecuteNonQueryAsync();
            }

            var numbering = new DocumentNumbering(handler, store, serializer, clock);
            var billing = new InvoiceIssuer(numbering, new NumberedDocuments(numbering), new InvoiceList(new SqliteReadModelDatabase(connections)), new BillingOffices(new OneOffice(), clock), clock);
            return new Bench(store, serializer, billing);
        }

        /// <summary>Issues one invoice and returns its latency in milliseconds.</summary>
        public async Task<double> IssueAsync(string sourceReference)
        {
            var clock = Stopwatch.StartNew();
            await _billing.IssueAsync(Office, Request(sourceReference));
            return clock.Elapsed.TotalMilliseconds;
        }

        /// <summary>Per day: the day's opening, its invoices and (but for the last day) its closing, decided by the real decider and
        /// appended in one batch; then the days list. Invoice event ids derive from their source, as the service's.</summary>
        public async Task SeedAsync(IReadOnlyList<(DateOnly Day, int Count)> plan)
        {
            var carry = NumberingCarry.YearStart(NumberingHash.Genesis);
            var listed = new List<EventData>();
            var metadata = new EventMetadata(Office, "bench");
            DateOnly? previous = null;
            var n = 0;
            for (var d = 0; d < plan.Count; d++)
            {
                var (day, count) = plan[d];
                var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(2));
                var state = RegisterState.Initial;
                var batch = new List<EventData>(count + 2);
                async Task DecideAsync(RegisterCommand command, Guid? eventId)
                {
                    foreach (var e in DocumentRegister.Decide(command, state))
                    {
                        state = DocumentRegister.Evolve(state, e);
                        batch.Add(await _serializer.SerializeAsync(e, metadata, eventId ?? Guid.NewGuid()));
                    }
                }

                await DecideAsync(new OpenNumberingDay(Office, DocumentSeries.Invoices, day, carry, at), null);
                listed.Add(await _serializer.SerializeAsync(new NumberingDayListed(Office, "F", day, previous, carry.LastSequence + 1, at), metadata));
                for (var i = 0; i < count; i++, n++)
                {
                    var source = $"seed-{n}";
                    await DecideAsync(new IssueInvoice(Draft(source), at), DeterministicGuid.ForEvent(DocumentSeeds.Invoice(Office, "bench", source), 0));
                }

                if (d < plan.Count - 1)
                {
                    await DecideAsync(new CloseNumberingDay(at.AddHours(12)), null);
                }

                await _store.AppendAsync(DocumentSeries.Invoices.DayStreamId(Office, day), ExpectedRevision.NoStream, batch);
                carry = state.Carry;
                previous = day;
            }

            await _store.AppendAsync(DocumentSeries.Invoices.DaysStreamId(Office, plan[0].Day.Year), ExpectedRevision.NoStream, listed);
        }

        private static InvoiceDraft Draft(string source) =>
            new(Office, TimeZone, OneOffice.Seller, Customer(source), Request(source).Lines, "bench", source, null, 30, "");
    }

    private static IssueInvoiceRequest Request(string source) =>
        new("bench", source, Customer(source), [new InvoiceLineRequest("Entrée", 2, 1250, VatRate.Intermediate), new InvoiceLineRequest("Visite guidée", 1, 800, VatRate.Standard)]);

    /// <summary>Consumers (their details are personal data, encrypted under one key each), fifty of them.</summary>
    private static BillingCustomer Customer(string source) =>
        new($"customer-{source.Aggregate(0u, (h, c) => (h * 31) + c) % 50}", CustomerKind.Consumer, "Jeanne Martin", new BillingAddress("3 rue du Port", "66000", "Perpignan"), "jeanne@example.fr");

    private sealed class OneOffice : IOfficeDirectory
    {
        public static readonly LegalIdentity Seller = new(
            "Office de tourisme", "Association", "123456789", "12345678900012", "FR32123456789", new PostalAddress("1 quai du Port", "66470", "Sainte-Marie-la-Mer"),
            null, null, null, null, null, null);

        public Task<OfficeProfile?> GetOfficeAsync(string officeId, CancellationToken ct = default) =>
            Task.FromResult<OfficeProfile?>(new OfficeProfile(officeId, "Office de tourisme", TimeZone, Seller));

        public Task<TermsOfSaleVersion?> GetTermsInForceAsync(string officeId, DateOnly on, CancellationToken ct = default) => Task.FromResult<TermsOfSaleVersion?>(null);

        public Task<TermsOfSaleVersion?> GetTermsVersionAsync(string officeId, int version, CancellationToken ct = default) => Task.FromResult<TermsOfSaleVersion?>(null);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
