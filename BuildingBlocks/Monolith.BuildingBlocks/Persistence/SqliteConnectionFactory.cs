using Microsoft.Data.Sqlite;

namespace Monolith.BuildingBlocks.Persistence;

/// <summary>Opens connections to the one embedded database file (events, read models, checkpoints, idempotency keys, scheduler, keys).
/// WAL with synchronous=FULL by default: an acknowledged append survives a power cut (see docs/adr).</summary>
public sealed class SqliteConnectionFactory
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, WriteGate> WriteGates = new(StringComparer.Ordinal);
    private readonly WriteGate _writeGate;
    private readonly string _connectionString;
    private readonly string _synchronous;

    public SqliteConnectionFactory(string databasePath, bool synchronousFull = true)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _writeGate = WriteGates.GetOrAdd(DatabasePath, _ => new WriteGate());
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
    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken ct = default) => _writeGate.EnterAsync(ct);

    public string ConnectionString => _connectionString;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous={_synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON;";
        command.ExecuteNonQuery();
        return connection;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous={_synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON;";
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>One writer at a time, without hand-off: <see cref="EnterAsync"/> takes the gate when it is free at the moment the caller
    /// runs; otherwise it waits for the next release and tries again.</summary>
    private sealed class WriteGate
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private TaskCompletionSource _released = NewSignal();

        public async ValueTask<IDisposable> EnterAsync(CancellationToken ct)
        {
            while (true)
            {
                var released = Volatile.Read(ref _released).Task; // taken before trying: a release in between is not missed
                if (_gate.Wait(0, CancellationToken.None))
                {
                    return new WriteLease(this);
                }

                await released.WaitAsync(ct);
            }
        }

        public void Release()
        {
            _gate.Release();
            Interlocked.Exchange(ref _released, NewSignal()).TrySetResult();
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class WriteLease(WriteGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
