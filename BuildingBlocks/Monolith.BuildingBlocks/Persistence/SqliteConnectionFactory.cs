using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;

namespace Monolith.BuildingBlocks.Persistence;

/// <summary>A held write gate (<see cref="SqliteConnectionFactory.EnterWriteAsync"/>). A writer of derived data with a long
/// transaction (a projection's batch) asks it, between two rows, whether command writers — whose callers are waiting — queue behind it,
/// and commits what it has so far to let them in (ADR 0016, sixth pass).</summary>
public interface IWriteGateLease : IDisposable
{
    /// <summary>At least one command writer (<see cref="SqliteConnectionFactory.EnterCommandWriteAsync"/>) is waiting for this gate.</summary>
    bool CommandWritersWaiting { get; }

    /// <summary>How long this lease has held the gate.</summary>
    TimeSpan Held { get; }
}

/// <summary>Opens connections to the one embedded database file (events, read models, checkpoints, idempotency keys, scheduler, keys).
/// WAL with synchronous=FULL by default: an acknowledged append survives a power cut (see docs/adr).</summary>
public sealed class SqliteConnectionFactory
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, WriteGate> WriteGates = new(StringComparer.Ordinal);
    private readonly WriteGate _writeGate;
    private readonly string _connectionString;
    private readonly string _synchronous;
    private readonly string _pragmas;

    /// <summary>The pragmas applied to each physical connection (see <see cref="Configure"/>).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, string> Configured = new();

    private readonly TimeSpan _maxYield;

    /// <param name="maxYield">How long a writer of derived data lets waiting command writers go first (<see cref="DefaultMaxYield"/>).</param>
    public SqliteConnectionFactory(string databasePath, bool synchronousFull = true, TimeSpan? maxYield = null)
    {
        _maxYield = maxYield ?? DefaultMaxYield;
        DatabasePath = Path.GetFullPath(databasePath);
        _writeGate = WriteGates.GetOrAdd(DatabasePath, path => new WriteGate(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite, // never re-creates a file deleted meanwhile
            Pooling = false,
        }.ToString()));
        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _synchronous = synchronousFull ? "FULL" : "NORMAL";
        _pragmas = $"PRAGMA synchronous={_synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON; PRAGMA wal_autocheckpoint=10000;";

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    public string DatabasePath { get; }

    /// <summary>The in-process write gate of this database file: hold it from <c>BEGIN IMMEDIATE</c> to the commit. SQLite has one writer;
    /// writers of this process queue here asynchronously (in order, without a thread each) instead of blocking a thread-pool thread in
    /// SQLite's busy handler, which polls with sleeps of up to 100 ms — under load, threads blocked that way starve the one holding the
    /// lock of a thread to finish on, and waiters end with "database is locked" after the busy timeout (ADR 0016). Not re-entrant: never
    /// append or begin another gated write while holding it. Other processes are still ordered by the busy timeout.</summary>
    /// <remarks>A release wakes the waiters and the first one that actually runs takes the gate: the gate is never handed to a waiter
    /// whose continuation is still queued in a busy thread pool (it would hold the gate idle, seconds in a flash sale, while a writer
    /// that is running waits — ADR 0016, third pass).</remarks>
    /// <para>Writers that only keep derived data up to date (projections, checkpoints) enter here and <b>yield to command writers</b>
    /// waiting at the same moment (<see cref="EnterCommandWriteAsync"/>), for at most <see cref="DefaultMaxYield"/> in a row, so a buyer's
    /// decision does not wait behind read-model catch-up (ADR 0016, fifth pass).</para>
    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken ct = default) => _writeGate.EnterAsync(command: false, _maxYield, ct);

    /// <summary>As <see cref="EnterWriteAsync"/>, for writes someone is waiting for (event-store appends of decided commands and what
    /// a command writes with them): taken before writers of derived data that wait at the same moment. Same gate, same rules.</summary>
    public ValueTask<IDisposable> EnterCommandWriteAsync(CancellationToken ct = default) => _writeGate.EnterAsync(command: true, _maxYield, ct);

    /// <summary>Whether a command writer is waiting for this file's write gate now (see <see cref="IWriteGateLease"/>).</summary>
    public bool CommandWritersWaiting => _writeGate.CommandWritersWaiting;

    /// <summary>The longest a writer of derived data lets command writers go first before it takes the gate in turn.</summary>
    public static TimeSpan DefaultMaxYield { get; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gated writes between two WAL checkpoints. The connections opened here checkpoint inside a commit only as a backstop
    /// (<c>wal_autocheckpoint=10000</c> pages instead of SQLite's 1,000: the commit that crossed the threshold copies the WAL into the
    /// database file and syncs it, tens of milliseconds inside someone's transaction, while holding the gate — ADR 0016, fifth pass);
    /// instead, every this many releases of the gate, a PASSIVE checkpoint runs on a connection of its own, outside the gate (it takes no
    /// write lock: writers go on meanwhile).</summary>
    public const int CheckpointEveryWrites = 64;

    /// <summary>The write gate's meter: how long writers wait for the gate and hold it, tagged <c>writer</c> = command | derived.</summary>
    public const string MeterName = "Monolith.Sqlite.WriteGate";

    public string ConnectionString => _connectionString;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Configure(connection);
        return connection;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        Configure(connection);
        return connection;
    }

    /// <summary>The pragmas every connection runs with, set once per physical connection: a pooled connection keeps them, so running
    /// them again at every open only cost a statement (prepared, stepped, finalised) on every read — thousands a second when
    /// every projection reads the log after every commit (ADR 0016, sixth pass). Keyed by the native handle, which the pool keeps with
    /// the physical connection; set again if another factory on the same file configured it differently.</summary>
    private void Configure(SqliteConnection connection)
    {
        var handle = connection.Handle;
        if (handle is not null && Configured.TryGetValue(handle, out var applied) && string.Equals(applied, _pragmas, StringComparison.Ordinal))
        {
            return;
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
        }

        if (handle is not null)
        {
            Configured.AddOrUpdate(handle, _pragmas);
        }
    }

    /// <summary>One writer at a time, without hand-off: <see cref="EnterAsync"/> takes the gate when it is free at the moment the caller
    /// runs; otherwise it waits for the next release and tries again. A writer of derived data also waits while command writers are
    /// waiting, up to its factory's yield bound.</summary>
    private sealed class WriteGate(string checkpointConnectionString)
    {
        private static readonly Meter GateMeter = new(MeterName);
        private static readonly Histogram<double> WaitTime = GateMeter.CreateHistogram<double>("sqlite.write_gate.wait.duration", "ms",
            "From asking for the write gate to holding it.");
        private static readonly Histogram<double> HoldTime = GateMeter.CreateHistogram<double>("sqlite.write_gate.hold.duration", "ms",
            "From taking the write gate to leaving it.");

        private static readonly KeyValuePair<string, object?> CommandTag = new("writer", "command");
        private static readonly KeyValuePair<string, object?> DerivedTag = new("writer", "derived");

        private readonly SemaphoreSlim _gate = new(1, 1);
        private TaskCompletionSource _released = NewSignal();
        private int _commandsWaiting;
        private int _releases;

        public bool CommandWritersWaiting => Volatile.Read(ref _commandsWaiting) > 0;
        private int _checkpointing;

        public async ValueTask<IDisposable> EnterAsync(bool command, TimeSpan maxYield, CancellationToken ct)
        {
            var asked = Stopwatch.GetTimestamp();
            var tag = command ? CommandTag : DerivedTag;
            if (command)
            {
                Interlocked.Increment(ref _commandsWaiting);
            }

            var entered = false;
            try
            {
                while (true)
                {
                    var released = Volatile.Read(ref _released).Task; // taken before trying: a release in between is not missed
                    var mayTry = command || Volatile.Read(ref _commandsWaiting) == 0 || Stopwatch.GetElapsedTime(asked) >= maxYield;
                    if (mayTry && _gate.Wait(0, CancellationToken.None))
                    {
                        entered = true;
                        var now = Stopwatch.GetTimestamp();
                        WaitTime.Record(Stopwatch.GetElapsedTime(asked, now).TotalMilliseconds, tag);
                        return new WriteLease(this, now, tag);
                    }

                    if (mayTry)
                    {
                        await released.WaitAsync(ct);
                    }
                    else
                    {
                        // Yielding: wake at the next release, or when the yield is over (the command writers may be waiting for a gate
                        // that is free: they take it as they run; a cancelled one signals, see below).
                        var left = maxYield - Stopwatch.GetElapsedTime(asked);
                        try
                        {
                            await released.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
                        }
                        catch (TimeoutException)
                        {
                            // yielded long enough: try in turn
                        }
                    }
                }
            }
            finally
            {
                if (command)
                {
                    Interlocked.Decrement(ref _commandsWaiting);
                    if (!entered)
                    {
                        Signal(); // writers of derived data yielding to this one must not wait for a release that may not come
                    }
                }
            }
        }

        public void Release(long since, KeyValuePair<string, object?> tag)
        {
            HoldTime.Record(Stopwatch.GetElapsedTime(since).TotalMilliseconds, tag);
            _gate.Release();
            Signal();
            if (Interlocked.Increment(ref _releases) % CheckpointEveryWrites == 0 && Interlocked.CompareExchange(ref _checkpointing, 1, 0) == 0)
            {
                _ = Task.Run(Checkpoint);
            }
        }

        /// <summary>Copies what it can of the WAL into the database file without waiting for readers or writers; a failure (file gone,
        /// busy) is left to the next one.</summary>
        private void Checkpoint()
        {
            try
            {
                using var connection = new SqliteConnection(checkpointConnectionString);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // the next checkpoint copies what this one did not
            }
            catch (InvalidOperationException)
            {
                // same
            }
            finally
            {
                Volatile.Write(ref _checkpointing, 0);
            }
        }

        private void Signal() => Interlocked.Exchange(ref _released, NewSignal()).TrySetResult();

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class WriteLease(WriteGate gate, long since, KeyValuePair<string, object?> tag) : IWriteGateLease
    {
        private int _released;

        public bool CommandWritersWaiting => gate.CommandWritersWaiting;

        public TimeSpan Held => Stopwatch.GetElapsedTime(since);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release(since, tag);
            }
        }
    }
}
