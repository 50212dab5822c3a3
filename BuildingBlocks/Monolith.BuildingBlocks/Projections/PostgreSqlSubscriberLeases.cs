using System.Globalization;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Persistence;
using Npgsql;

namespace Monolith.BuildingBlocks.Projections;

public sealed record SubscriberLeaseOptions
{
    public const string RetryIntervalKey = "Data:PostgreSql:LeaseRetryInterval";

    /// <summary>How often a host that does not hold a lease tries again (and how often a holder checks its connection).</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>Leases as PostgreSQL session advisory locks, <c>pg_try_advisory_lock(SubscriberLease, hashtext(schema/name))</c> (advisory locks are database-wide: the
/// schema keeps two installations sharing a database apart), each held on a
/// dedicated unpooled connection: when the host stops, crashes or loses the server, the session ends and PostgreSQL releases the
/// lock, so another host's next attempt takes it. The holder checks its connection every <see cref="SubscriberLeaseOptions.RetryInterval"/>
/// and reports the lease lost when it fails. How far each subscriber got is recorded in <c>platform_subscriber_positions</c> so a new
/// holder resumes there (reactions are idempotent, so resuming a little early is harmless; never later than the last record).</summary>
public sealed class PostgreSqlSubscriberLeases : ISubscriberLeases
{
    private const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS platform_subscriber_positions (
            name       text   NOT NULL PRIMARY KEY,
            position   bigint NOT NULL,
            holder     text   NOT NULL,
            updated_at text   NOT NULL
        );
        """;

    private readonly PostgreSqlConnectionFactory _connections;
    private readonly NpgsqlDataSource _unpooled;
    private readonly SubscriberLeaseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgreSqlSubscriberLeases> _logger;
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private bool _schemaReady;

    public PostgreSqlSubscriberLeases(
        PostgreSqlConnectionFactory connections, SubscriberLeaseOptions options, TimeProvider time, ILogger<PostgreSqlSubscriberLeases> logger)
    {
        _connections = connections;
        _options = options;
        _time = time;
        _logger = logger;
        _unpooled = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connections.ConnectionString) { Pooling = false }.ConnectionString);
    }

    /// <summary>This host's identity as recorded next to the positions it writes.</summary>
    public string Holder => _holder;

    public async Task<ISubscriberLease> AcquireAsync(string name, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            NpgsqlConnection? connection = null;
            try
            {
                connection = await _unpooled.OpenConnectionAsync(ct);
                await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, hashtext(current_schema() || '/' || @name))", connection))
                {
                    command.Parameters.AddWithValue("class", PostgreSqlLocks.SubscriberLease);
                    command.Parameters.AddWithValue("name", name);
                    if ((bool)(await command.ExecuteScalarAsync(ct))!)
                    {
                        var recorded = await ReadPositionAsync(connection, name, ct);
                        _logger.LogInformation("Lease of {Name} taken by {Holder} (recorded position {Position})", name, _holder, recorded);
                        var lease = new Lease(this, name, connection, recorded);
                        connection = null; // owned by the lease now
                        return lease;
                    }
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException && !ct.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Lease of {Name}: the database is unreachable; retrying", name);
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }

            await Task.Delay(_options.RetryInterval, _time, ct);
        }
    }

    private static async Task<long> ReadPositionAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT position FROM platform_subscriber_positions WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(ct) is long position ? position : 0;
    }

    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(ct);
        try
        {
            if (!_schemaReady)
            {
                await PostgreSqlSchema.ApplyAsync(_connections, SchemaSql, ct);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private sealed class Lease : ISubscriberLease
    {
        private readonly PostgreSqlSubscriberLeases _owner;
        private readonly string _name;
        private readonly NpgsqlConnection _connection;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly SemaphoreSlim _connectionGate = new(1, 1);
        private readonly Task _watch;

        public Lease(PostgreSqlSubscriberLeases owner, string name, NpgsqlConnection connection, long recorded)
        {
            _owner = owner;
            _name = name;
            _connection = connection;
            RecordedPosition = recorded;
            _watch = Task.Run(WatchAsync);
        }

        public CancellationToken Lost => _lost.Token;

        public long RecordedPosition { get; }

        public async Task RecordAsync(long position, CancellationToken ct)
        {
            await _connectionGate.WaitAsync(ct);
            try
            {
                await using var command = new NpgsqlCommand(
                    """
                    INSERT INTO platform_subscriber_positions (name, position, holder, updated_at) VALUES (@name, @position, @holder, @now)
                    ON CONFLICT (name) DO UPDATE SET position = excluded.position, holder = excluded.holder, updated_at = excluded.updated_at
                    """,
                    _connection);
                command.Parameters.AddWithValue("name", _name);
                command.Parameters.AddWithValue("position", position);
                command.Parameters.AddWithValue("holder", _owner._holder);
                command.Parameters.AddWithValue("now", _owner._time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                await command.ExecuteNonQueryAsync(ct);
            }
            finally
            {
                _connectionGate.Release();
            }
        }

        /// <summary>Pings the lease's connection; a failure means the session (and the lock) is gone.</summary>
        private async Task WatchAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(_owner._options.RetryInterval, _owner._time, _stop.Token);
                    await _connectionGate.WaitAsync(_stop.Token);
                    try
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                        await ping.ExecuteScalarAsync(_stop.Token);
                    }
                    finally
                    {
                        _connectionGate.Release();
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // released normally
            }
#pragma warning disable CA1031 // any failure of the lease's connection means the lease is lost
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _owner._logger.LogWarning(ex, "Lease of {Name} lost by {Holder}", _name, _owner._holder);
                await _lost.CancelAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _watch;
            }
            catch (OperationCanceledException)
            {
                // stopped
            }

            await _connection.DisposeAsync(); // ends the session: PostgreSQL releases the advisory lock
            _lost.Dispose();
            _stop.Dispose();
            _connectionGate.Dispose();
        }
    }
}
