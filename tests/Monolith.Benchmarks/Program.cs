using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.PostgreSql;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Persistence;
using Npgsql;

// A plain measured run (not BenchmarkDotNet's harness: each number is one long, fsync-bound loop where a wall clock is the honest
// measure). For synchronous=FULL and NORMAL it measures, on the same machine and disk, in the same run:
//   (a) appends/s of single-event commands through SqliteEventStore, one transaction each;
//   (b) the raw SQLite INSERT rate, one INSERT per transaction, same pragmas, and the ratio a/b;
//   (c) full replay events/s: ReadAll in batches into a read-model table, one upsert per event, one transaction per batch.
// With a PostgreSQL server (--postgresql CONNECTION-STRING, or the MONOLITH_TEST_POSTGRES variable), the same three on the server
// engine, in a schema of their own (dropped after): PostgreSqlEventStore appends, the server's raw single-row INSERT commit rate
// (autocommit, one round trip per commit), and replay from the server's log into the host's SQLite read-model file (what a host
// on the PostgreSQL engine does).
// Usage: dotnet run -c Release --project tests/Monolith.Benchmarks -- [--appends 2000] [--raw 2000] [--replay 50000]
//        [--batch 1000] [--dir PATH] [--keep] [--postgresql CONNECTION-STRING]
//        (--dir: the disk to measure; the run works in a new subfolder, deleted unless --keep)
// Invoice numbering at flat cost (ADR 0010): dotnet run -c Release --project tests/Monolith.Benchmarks -- numbering [--help]
// Ticketing flash sale over HTTP (ADR 0016): dotnet run -c Release --project tests/Monolith.Benchmarks -- flash-sale [--buyers 2000] [--seats 1000]
if (args.Length > 0 && args[0] == "flash-sale")
{
    return await FlashSale.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "numbering")
{
    return await Monolith.Benchmarks.NumberingBenchmark.RunAsync(args[1..]);
}

var options = BenchmarkOptions.Parse(args);
var culture = CultureInfo.InvariantCulture;
var root = Path.Combine(options.Directory ?? Path.GetTempPath(), "monolith-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);

Console.WriteLine($"SQLite {SqliteVersion(root)} · .NET {Environment.Version} · {Environment.ProcessorCount} cores · {Environment.OSVersion}");
Console.WriteLine($"database folder: {root}");
Console.WriteLine($"appends: {options.Appends:N0} · raw inserts: {options.RawInserts:N0} · replay: {options.ReplayEvents:N0} events in batches of {options.Batch:N0}");
Console.WriteLine();

var results = new List<Result>();
foreach (var synchronousFull in new[] { true, false })
{
    var mode = synchronousFull ? "FULL" : "NORMAL";
    Console.Write($"synchronous={mode}: appends… ");
    var appends = await MeasureStoreAppendsAsync(Path.Combine(root, $"appends-{mode}.db"), synchronousFull, options.Appends);
    Console.Write($"{appends:N0}/s · raw inserts… ");
    var raw = MeasureRawInserts(Path.Combine(root, $"raw-{mode}.db"), synchronousFull, options.RawInserts);
    Console.Write($"{raw:N0}/s · replay… ");
    var replayConnections = new SqliteConnectionFactory(Path.Combine(root, $"replay-{mode}.db"), synchronousFull);
    var replay = await MeasureReplayAsync(new SqliteEventStore(replayConnections, TimeProvider.System), replayConnections, options.ReplayEvents, options.Batch);
    Console.WriteLine($"{replay:N0} events/s");
    results.Add(new Result(mode, appends, raw, replay));
}

var postgreSql = options.PostgreSql ?? Environment.GetEnvironmentVariable("MONOLITH_TEST_POSTGRES");
if (!string.IsNullOrWhiteSpace(postgreSql))
{
    var schema = "bench_" + Guid.NewGuid().ToString("N")[..8];
    await ExecuteAsync(postgreSql, $"CREATE SCHEMA {schema}");
    try
    {
        var scoped = new NpgsqlConnectionStringBuilder(postgreSql) { SearchPath = schema }.ConnectionString;
        await using var server = new PostgreSqlConnectionFactory(scoped);
        Console.Write($"PostgreSQL {await ScalarAsync(postgreSql, "SHOW server_version")} (synchronous_commit={await ScalarAsync(postgreSql, "SHOW synchronous_commit")}): appends… ");
        var appends = await MeasureAppendsAsync(new PostgreSqlEventStore(server, TimeProvider.System), options.Appends);
        Console.Write($"{appends:N0}/s · raw inserts… ");
        var raw = await MeasurePostgreSqlRawInsertsAsync(server, options.RawInserts);
        Console.Write($"{raw:N0}/s · replay… ");
        var readModels = new SqliteConnectionFactory(Path.Combine(root, "replay-postgresql-readmodels.db"), synchronousFull: true);
        var replay = await MeasureReplayAsync(new PostgreSqlEventStore(server, TimeProvider.System), readModels, options.ReplayEvents, options.Batch);
        Console.WriteLine($"{replay:N0} events/s");
        results.Add(new Result("PostgreSQL", appends, raw, replay));
    }
    finally
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(postgreSql, $"DROP SCHEMA {schema} CASCADE");
    }
}
else
{
    Console.WriteLine("PostgreSQL: not measured (pass --postgresql CONNECTION-STRING or set MONOLITH_TEST_POSTGRES; tools/postgres.sh starts one)");
}

Console.WriteLine();
Console.WriteLine("| engine / synchronous | store appends/s | raw INSERT commits/s | store / raw | replay events/s |");
Console.WriteLine("|----------------------|----------------:|---------------------:|------------:|----------------:|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(culture,
        $"| {(r.Mode == "PostgreSQL" ? r.Mode : "SQLite " + r.Mode),-20} | {r.AppendsPerSecond,15:N0} | {r.RawInsertsPerSecond,20:N0} | {r.AppendsPerSecond / r.RawInsertsPerSecond,11:P0} | {r.ReplayEventsPerSecond,15:N0} |"));
}

if (!options.Keep)
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(root, recursive: true);
}

return 0;

// (a) One single-event command per transaction: append to one of 100 streams with the exact expected revision, as a decider would.
static async Task<double> MeasureStoreAppendsAsync(string path, bool synchronousFull, int count)
{
    var connections = new SqliteConnectionFactory(path, synchronousFull);
    var store = new SqliteEventStore(connections, TimeProvider.System);
    await store.EnsureSchemaAsync();
    return await MeasureAppendsAsync(store, count);
}

static async Task<double> MeasureAppendsAsync(IEventStore store, int count)
{
    const int streams = 100;
    var revisions = new long[streams];
    Array.Fill(revisions, -1);

    async Task AppendAsync(int i)
    {
        var s = i % streams;
        var e = new EventData(Guid.NewGuid(), "bench.fee-paid", SamplePayload(i), new EventMetadata("office-bench", "user-bench", Guid.NewGuid()));
        revisions[s] = (await store.AppendAsync($"bench-{s}", ExpectedRevision.FromLastRevision(revisions[s]), [e])).LastRevision;
    }

    for (var i = 0; i < Math.Min(100, count); i++)
    {
        await AppendAsync(i); // warm-up: JIT, connection pool, file growth
    }

    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        await AppendAsync(i);
    }

    return count / clock.Elapsed.TotalSeconds;
}

// (b) The ceiling: one INSERT per BEGIN IMMEDIATE … COMMIT on one open connection with the same pragmas.
static double MeasureRawInserts(string path, bool synchronousFull, int count)
{
    var connections = new SqliteConnectionFactory(path, synchronousFull);
    using var connection = connections.Open();
    using (var create = connection.CreateCommand())
    {
        create.CommandText = "CREATE TABLE IF NOT EXISTS raw_inserts (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)";
        create.ExecuteNonQuery();
    }

    using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO raw_inserts (payload) VALUES ($payload)";
    var payload = insert.Parameters.Add("$payload", SqliteType.Text);

    void InsertOne(int i)
    {
        using var transaction = connection.BeginWrite();
        insert.Transaction = transaction;
        payload.Value = SamplePayload(i);
        insert.ExecuteNonQuery();
        transaction.Commit();
    }

    for (var i = 0; i < Math.Min(100, count); i++)
    {
        InsertOne(i);
    }

    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        InsertOne(i);
    }

    return count / clock.Elapsed.TotalSeconds;
}

// (c) Seed the log in large appends (not measured), then replay it from position 0 into a read model the way a projection does:
// read a batch, upsert one row per event and move the checkpoint, in one transaction per batch.
static async Task<double> MeasureReplayAsync(IEventStore store, SqliteConnectionFactory connections, int count, int batch)
{
    var alreadyInLog = await store.GetHeadPositionAsync(); // the PostgreSQL schema also holds the appends measured before
    const int perAppend = 1000;
    for (var seeded = 0; seeded < count; seeded += perAppend)
    {
        var events = Enumerable.Range(seeded, Math.Min(perAppend, count - seeded))
            .Select(i => new EventData(Guid.NewGuid(), "bench.fee-paid", SamplePayload(i), new EventMetadata("office-bench")))
            .ToArray();
        await store.AppendAsync($"seed-{seeded / perAppend}", ExpectedRevision.NoStream, events);
    }

    await using var connection = await connections.OpenAsync();
    await using (var create = connection.CreateCommand())
    {
        create.CommandText = """
            CREATE TABLE IF NOT EXISTS bench_member_totals (member_id TEXT PRIMARY KEY, events INTEGER NOT NULL, total_cents INTEGER NOT NULL, last_position INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS bench_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
            """;
        await create.ExecuteNonQueryAsync();
    }

    await using var upsert = connection.CreateCommand();
    upsert.CommandText = """
        INSERT INTO bench_member_totals (member_id, events, total_cents, last_position) VALUES ($member, 1, $cents, $position)
        ON CONFLICT (member_id) DO UPDATE SET events = events + 1, total_cents = total_cents + excluded.total_cents, last_position = excluded.last_position
        """;
    var member = upsert.Parameters.Add("$member", SqliteType.Text);
    var cents = upsert.Parameters.Add("$cents", SqliteType.Integer);
    var position = upsert.Parameters.Add("$position", SqliteType.Integer);
    await using var checkpoint = connection.CreateCommand();
    checkpoint.CommandText = "INSERT INTO bench_checkpoints (name, position) VALUES ('bench', $position) ON CONFLICT (name) DO UPDATE SET position = excluded.position";
    var checkpointPosition = checkpoint.Parameters.Add("$position", SqliteType.Integer);

    var clock = Stopwatch.StartNew();
    long after = 0;
    var applied = 0;
    while (true)
    {
        var events = await store.ReadAllAsync(after, batch);
        if (events.Count == 0)
        {
            break;
        }

        using var transaction = connection.BeginWrite();
        upsert.Transaction = transaction;
        checkpoint.Transaction = transaction;
        foreach (var e in events)
        {
            using var json = JsonDocument.Parse(e.Data);
            member.Value = json.RootElement.GetProperty("memberId").GetString();
            cents.Value = json.RootElement.GetProperty("amountCents").GetInt64();
            position.Value = e.Position;
            await upsert.ExecuteNonQueryAsync();
        }

        after = events[^1].Position;
        checkpointPosition.Value = after;
        await checkpoint.ExecuteNonQueryAsync();
        transaction.Commit();
        applied += events.Count;
    }

    var elapsed = clock.Elapsed;
    if (applied != alreadyInLog + count)
    {
        throw new InvalidOperationException($"Replayed {applied} events, expected {alreadyInLog + count}.");
    }

    return applied / elapsed.TotalSeconds;
}

// (b) on the server: one single-row INSERT per commit (autocommit), on one open connection.
static async Task<double> MeasurePostgreSqlRawInsertsAsync(PostgreSqlConnectionFactory server, int count)
{
    await using var connection = await server.OpenAsync();
    await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS raw_inserts (id bigserial PRIMARY KEY, payload text NOT NULL)", connection))
    {
        await create.ExecuteNonQueryAsync();
    }

    await using var insert = new NpgsqlCommand("INSERT INTO raw_inserts (payload) VALUES (@payload)", connection);
    var payload = insert.Parameters.Add("payload", NpgsqlTypes.NpgsqlDbType.Text);
    for (var i = 0; i < Math.Min(100, count); i++)
    {
        payload.Value = SamplePayload(i);
        await insert.ExecuteNonQueryAsync();
    }

    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        payload.Value = SamplePayload(i);
        await insert.ExecuteNonQueryAsync();
    }

    return count / clock.Elapsed.TotalSeconds;
}

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static async Task<string> ScalarAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
}

static string SamplePayload(int i) =>
    string.Create(CultureInfo.InvariantCulture, $$"""{"memberId":"member-{{i % 2000}}","amountCents":{{1500 + (i % 7 * 250)}},"season":"2025","paidOn":"2025-03-14"}""");

static string SqliteVersion(string folder)
{
    using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "version.db")}");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT sqlite_version()";
    return (string)command.ExecuteScalar()!;
}

internal sealed record Result(string Mode, double AppendsPerSecond, double RawInsertsPerSecond, double ReplayEventsPerSecond);

internal sealed record BenchmarkOptions(int Appends, int RawInserts, int ReplayEvents, int Batch, string? Directory, bool Keep, string? PostgreSql = null)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        int appends = 2_000, replay = 50_000, batch = 1_000;
        int? raw = null;
        string? directory = null;
        string? postgreSql = null;
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--appends": appends = Count(args, ++i); break;
                case "--raw": raw = Count(args, ++i); break;
                case "--replay": replay = Count(args, ++i); break;
                case "--batch": batch = Count(args, ++i); break;
                case "--dir": directory = i + 1 < args.Length ? args[++i] : throw Usage("--dir needs a path"); break;
                case "--keep": keep = true; break;
                case "--postgresql": postgreSql = i + 1 < args.Length ? args[++i] : throw Usage("--postgresql needs a connection string"); break;
                default: throw Usage($"unknown argument '{args[i]}'");
            }
        }

        return new BenchmarkOptions(appends, raw ?? appends, replay, batch, directory, keep, postgreSql);
    }

    private static int Count(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw Usage($"{args[i - 1]} needs a positive whole number");

    private static ArgumentException Usage(string problem) => new(
        $"{problem}. Usage: dotnet run -c Release --project tests/Monolith.Benchmarks -- [--appends 2000] [--raw 2000] [--replay 50000] [--batch 1000] [--dir PATH] [--keep] [--postgresql CONNECTION-STRING]");
}
