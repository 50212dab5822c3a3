using System.Runtime.CompilerServices;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace Monolith.BuildingBlocks.EventStore.PostgreSql;

/// <summary>The server event store: one table, <c>platform_events</c>, in a PostgreSQL schema.
/// <para>Ordering and visibility (ADR 0011): every append takes the transaction-scoped advisory lock
/// <c>pg_advisory_xact_lock(EventAppend, hashtext(current_schema()))</c> before reading the log's tail, assigns positions max + 1
/// and releases the lock only when its transaction ends — after its commit is visible to every new snapshot. So positions are
/// contiguous and handed out in commit order: a reader that sees position n + 1 also sees n, and a catch-up subscription can
/// simply continue after the last position it yielded (no gap can ever fill in later behind it). A sequence would not give
/// that: with <c>bigserial</c>, a transaction holding 41 may commit after 42 has been read, and a reader that moved on past 42
/// never sees 41. The same lock is what the hash chain needs anyway (each event hashes its predecessor's hash).</para>
/// <para>Payload, metadata and recorded-at are stored as the exact text that was hashed (<c>text</c>, not <c>jsonb</c>, which
/// would reorder keys and break the chain).</para></summary>
public sealed class PostgreSqlEventStore : IEventStore
{
    public const string TableName = "platform_events";

    private const string Columns = "position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash, office_hash";

    private const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS platform_events (
            position    bigint NOT NULL PRIMARY KEY,
            stream_id   text   NOT NULL,
            revision    bigint NOT NULL,
            event_id    text   NOT NULL UNIQUE,
            type        text   NOT NULL,
            data        text   NOT NULL,
            metadata    text   NOT NULL,
            tenant_id   text   NOT NULL,
            recorded_at text   NOT NULL,
            hash        text   NOT NULL,
            office_hash text   NULL,
            UNIQUE (stream_id, revision)
        );
        CREATE INDEX IF NOT EXISTS ix_platform_events_tenant_id ON platform_events (tenant_id);
        DO $$
        BEGIN
            -- Upgrade of a schema created before the keyed office chain (ADR 0021); checked first, because ALTER TABLE takes an
            -- exclusive lock even when the column exists, which would deadlock with appends of other hosts.
            IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = current_schema() AND table_name = 'platform_events' AND column_name = 'office_hash') THEN
                ALTER TABLE platform_events ADD COLUMN office_hash text NULL;
            END IF;
            IF to_regclass('ix_platform_events_tenant_position') IS NULL THEN
                CREATE INDEX ix_platform_events_tenant_position ON platform_events (tenant_id, position);
            END IF;
        END $$;
        """;

    private readonly PostgreSqlConnectionFactory _connections;
    private readonly TimeProvider _time;
    private readonly PostgreSqlEventStoreOptions _options;
    private readonly AppendNotifier _notifier;
    private readonly OfficeChainKeys _keys;
    private readonly LogIntegrity? _integrity;
    private volatile bool _schemaReady;

    /// <param name="chainKeys">The office chain keys (never stored in the database); the public development keys when null.</param>
    /// <param name="integrity">The start-up verdict: appends are refused while its alarm is raised.</param>
    public PostgreSqlEventStore(
        PostgreSqlConnectionFactory connections,
        TimeProvider time,
        PostgreSqlEventStoreOptions? options = null,
        OfficeChainKeys? chainKeys = null,
        LogIntegrity? integrity = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(time);
        _connections = connections;
        _time = time;
        _keys = chainKeys ?? OfficeChainKeys.Development();
        _integrity = integrity;
        _options = options ?? new PostgreSqlEventStoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.SubscriptionBatchSize, 1, nameof(options));
        _notifier = AppendNotifier.For("postgresql:" + connections.Identity);
    }

    /// <summary>Test seam: runs inside an append's transaction after its rows are inserted and before it commits (the lock is held).</summary>
    internal Func<AppendResult, CancellationToken, Task>? BeforeCommit { get; set; }

    /// <summary>Creates <c>platform_events</c> and its indexes if they do not exist. Safe to run at every start and concurrently.</summary>
    public static async Task EnsureSchemaAsync(PostgreSqlConnectionFactory connections, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connections);
        await PostgreSqlSchema.ApplyAsync(connections, SchemaSql, ct);
    }

    /// <summary>Creates the schema now (otherwise it is created on first use).</summary>
    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        await EnsureSchemaAsync(_connections, ct);
        _schemaReady = true;
    }

    public async Task<AppendResult> AppendAsync(string streamId, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        AppendRules.ValidateBatch(streamId, events);
        _integrity?.ThrowIfAlarmed();
        await EnsureSchemaReadyAsync(ct);

        await using var connection = await _connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@class, hashtext(current_schema()))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("class", PostgreSqlLocks.EventAppend);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        // From here on every statement sees every append committed before ours (READ COMMITTED takes a snapshot per statement).
        if (events.Count > 0 && await FindIdempotentRetryAsync(connection, transaction, streamId, events, ct) is { } original)
        {
            return original; // nothing written; the transaction rolls back on dispose
        }

        var (lastRevision, lastStreamPosition) = await GetStreamTailAsync(connection, transaction, streamId, ct);
        AppendRules.CheckExpectation(streamId, expected, lastRevision);
        if (events.Count == 0)
        {
            return new AppendResult(lastRevision, lastStreamPosition);
        }

        var (headPosition, previousHash) = await GetLogTailAsync(connection, transaction, ct);
        var recordedAt = StoredEventFormat.FormatRecordedAt(_time.GetUtcNow());

        var positions = new long[events.Count];
        var revisions = new long[events.Count];
        var eventIds = new string[events.Count];
        var types = new string[events.Count];
        var data = new string[events.Count];
        var metadata = new string[events.Count];
        var hashes = new string[events.Count];
        var officeHashes = new string[events.Count];
        var tenants = new string[events.Count];
        var officeTails = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            positions[i] = headPosition + 1 + i;
            revisions[i] = lastRevision + 1 + i;
            eventIds[i] = e.EventId.ToString("D");
            types[i] = e.Type;
            data[i] = e.Data;
            metadata[i] = StoredEventFormat.SerializeMetadata(e.Metadata);
            tenants[i] = e.Metadata.TenantId;
            previousHash = EventHashChain.Compute(
                previousHash, positions[i], streamId, revisions[i], eventIds[i], types[i], data[i], metadata[i], recordedAt);
            hashes[i] = previousHash;
            if (!officeTails.TryGetValue(tenants[i], out var officePrevious))
            {
                officePrevious = await GetOfficeTailAsync(connection, transaction, tenants[i], ct);
            }

            officeHashes[i] = OfficeHashChain.Compute(
                _keys.ChainKeyFor(tenants[i]), officePrevious, positions[i], streamId, revisions[i], eventIds[i], types[i], data[i], metadata[i], recordedAt);
            officeTails[tenants[i]] = officeHashes[i];
        }

        await using (var insert = new NpgsqlCommand(
            $"""
            INSERT INTO platform_events ({Columns}, tenant_id)
            SELECT p, @stream_id, r, i, t, d, m, @recorded_at, h, oh, tn
            FROM unnest(@positions, @revisions, @event_ids, @types, @data, @metadata, @hashes, @office_hashes, @tenants) AS x(p, r, i, t, d, m, h, oh, tn)
            """,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("stream_id", streamId);
            insert.Parameters.AddWithValue("recorded_at", recordedAt);
            insert.Parameters.Add(new NpgsqlParameter<long[]>("positions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = positions });
            insert.Parameters.Add(new NpgsqlParameter<long[]>("revisions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = revisions });
            AddTextArray(insert, "event_ids", eventIds);
            AddTextArray(insert, "types", types);
            AddTextArray(insert, "data", data);
            AddTextArray(insert, "metadata", metadata);
            AddTextArray(insert, "hashes", hashes);
            AddTextArray(insert, "office_hashes", officeHashes);
            AddTextArray(insert, "tenants", tenants);
            await insert.ExecuteNonQueryAsync(ct);
        }

        var result = new AppendResult(lastRevision + events.Count, headPosition + events.Count);
        if (BeforeCommit is { } hook)
        {
            await hook(result, ct);
        }

        await transaction.CommitAsync(ct);
        _notifier.Notify();
        return result;
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(
        string streamId,
        ReadDirection direction = ReadDirection.Forwards,
        long? fromRevision = null,
        int maxCount = int.MaxValue,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (fromRevision is { } from)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(from, nameof(fromRevision));
        }

        if (maxCount == 0)
        {
            return [];
        }

        await EnsureSchemaReadyAsync(ct);
        await using var connection = await _connections.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            direction == ReadDirection.Forwards
                ? $"SELECT {Columns} FROM platform_events WHERE stream_id = @stream_id AND revision >= @from ORDER BY revision LIMIT @max"
                : $"SELECT {Columns} FROM platform_events WHERE stream_id = @stream_id AND revision <= @from ORDER BY revision DESC LIMIT @max",
            connection);
        command.Parameters.AddWithValue("stream_id", streamId);
        command.Parameters.AddWithValue("from", fromRevision ?? (direction == ReadDirection.Forwards ? 0 : long.MaxValue));
        command.Parameters.AddWithValue("max", (long)maxCount);
        return await ReadEventsAsync(command, ct);
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (maxCount == 0)
        {
            return [];
        }

        await EnsureSchemaReadyAsync(ct);
        await using var connection = await _connections.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM platform_events WHERE position > @after ORDER BY position LIMIT @max", connection);
        command.Parameters.AddWithValue("after", afterPosition);
        command.Parameters.AddWithValue("max", (long)maxCount);
        return await ReadEventsAsync(command, ct);
    }

    public async Task<long> GetHeadPositionAsync(CancellationToken ct = default)
    {
        await EnsureSchemaReadyAsync(ct);
        await using var connection = await _connections.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(position), 0) FROM platform_events", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Reads in batches; once caught up, waits for an append by this process (signalled at once) or for the poll interval
    /// (appends by other hosts), then continues strictly after the last position yielded — which is safe because positions become
    /// visible in order (see the class remarks). Cancellation ends the sequence normally, without an exception.</summary>
    public async IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(long afterPosition, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        var last = afterPosition;
        while (!ct.IsCancellationRequested)
        {
            var nextAppend = _notifier.NextAppend;
            var batch = await ReadBatchOrNullAsync(last, ct);
            if (batch is null)
            {
                yield break;
            }

            foreach (var e in batch)
            {
                yield return e;
                last = e.Position;
            }

            if (batch.Count < _options.SubscriptionBatchSize && !await WaitForAppendAsync(nextAppend, ct))
            {
                yield break;
            }
        }
    }

    /// <summary>Streams the log in position order and recomputes every hash; reports the first missing position or mismatching hash.</summary>
    public async Task<ChainVerification> VerifyChainAsync(CancellationToken ct = default)
    {
        await EnsureSchemaReadyAsync(ct);
        await using var connection = await _connections.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM platform_events ORDER BY position", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);

        return await EventHashChain.VerifyAsync(reader, ct);
    }

    /// <summary>Walks the office's rows (tenant index) in position order through the shared <see cref="OfficeChainVerifier"/>.</summary>
    public async Task<OfficeChainVerification> VerifyOfficeChainAsync(string officeId, ChainAnchor? anchor = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(officeId);
        await EnsureSchemaReadyAsync(ct);
        await using var connection = await _connections.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM platform_events WHERE tenant_id = @tenant ORDER BY position", connection);
        command.Parameters.AddWithValue("tenant", officeId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var verifier = new OfficeChainVerifier(officeId, _keys.ChainKeyFor(officeId), anchor);
        while (await reader.ReadAsync(ct))
        {
            if (!verifier.Next(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), reader.GetString(7), reader.IsDBNull(9) ? null : reader.GetString(9)))
            {
                break;
            }
        }

        return verifier.Finish();
    }

    /// <summary>The office hash of the office's last event; the genesis when it has none or only events from before the keyed chain.</summary>
    private static async Task<string> GetOfficeTailAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT office_hash FROM platform_events WHERE tenant_id = @tenant ORDER BY position DESC LIMIT 1", connection, transaction);
        command.Parameters.AddWithValue("tenant", tenantId);
        return await command.ExecuteScalarAsync(ct) as string ?? OfficeHashChain.GenesisHash;
    }

    private static void AddTextArray(NpgsqlCommand command, string name, string[] values) =>
        command.Parameters.Add(new NpgsqlParameter<string[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = values });

    private async Task EnsureSchemaReadyAsync(CancellationToken ct)
    {
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(ct);
        }
    }

    /// <summary>EventStoreDB's idempotency, as in the SQLite adapter: a batch whose first id is in this stream and whose ids follow it
    /// in the same order already happened; any other reuse of an existing id is an error.</summary>
    private static async Task<AppendResult?> FindIdempotentRetryAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string streamId, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        var ids = events.Select(e => e.EventId.ToString("D")).ToArray();
        var existing = new Dictionary<string, (string Stream, long Revision, long Position)>(StringComparer.Ordinal);
        await using (var lookup = new NpgsqlCommand(
            "SELECT event_id, stream_id, revision, position FROM platform_events WHERE event_id = ANY(@ids)", connection, transaction))
        {
            AddTextArray(lookup, "ids", ids);
            await using var reader = await lookup.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                existing[reader.GetString(0)] = (reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        if (existing.Count == 0)
        {
            return null;
        }

        if (!existing.TryGetValue(ids[0], out var first))
        {
            var (id, row) = existing.First();
            throw new DuplicateEventIdException(streamId, Guid.Parse(id), row.Stream,
                $"already exists in stream '{row.Stream}' while the batch's first event is new (a partial duplicate)");
        }

        if (!string.Equals(first.Stream, streamId, StringComparison.Ordinal))
        {
            throw new DuplicateEventIdException(streamId, events[0].EventId, first.Stream, $"already belongs to stream '{first.Stream}'");
        }

        for (var i = 0; i < ids.Length; i++)
        {
            if (!existing.TryGetValue(ids[i], out var row)
                || !string.Equals(row.Stream, streamId, StringComparison.Ordinal)
                || row.Revision != first.Revision + i)
            {
                throw new DuplicateEventIdException(streamId, events[0].EventId, first.Stream,
                    $"was already appended to this stream but the rest of the batch does not match what followed it (first difference: {events[i].EventId}; a partial duplicate)");
            }
        }

        var last = existing[ids[^1]];
        return new AppendResult(last.Revision, last.Position);
    }

    private static async Task<(long LastRevision, long LastPosition)> GetStreamTailAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string streamId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT revision, position FROM platform_events WHERE stream_id = @stream_id ORDER BY revision DESC LIMIT 1", connection, transaction);
        command.Parameters.AddWithValue("stream_id", streamId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetInt64(1)) : (-1, 0);
    }

    private static async Task<(long Position, string Hash)> GetLogTailAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT position, hash FROM platform_events ORDER BY position DESC LIMIT 1", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : (0, EventHashChain.GenesisHash);
    }

    private async Task<IReadOnlyList<RecordedEvent>?> ReadBatchOrNullAsync(long afterPosition, CancellationToken ct)
    {
        try
        {
            return await ReadAllAsync(afterPosition, _options.SubscriptionBatchSize, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (NpgsqlException) when (ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<bool> WaitForAppendAsync(Task nextAppend, CancellationToken ct)
    {
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var poll = Task.Delay(_options.SubscriptionPollInterval, stopPolling.Token);
        await Task.WhenAny(nextAppend, poll);
        await stopPolling.CancelAsync();
        return !ct.IsCancellationRequested;
    }

    private static async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new RecordedEvent(
                Position: reader.GetInt64(0),
                StreamId: reader.GetString(1),
                Revision: reader.GetInt64(2),
                EventId: Guid.Parse(reader.GetString(3)),
                Type: reader.GetString(4),
                Data: reader.GetString(5),
                Metadata: StoredEventFormat.DeserializeMetadata(reader.GetString(6)),
                RecordedAt: StoredEventFormat.ParseRecordedAt(reader.GetString(7)),
                Hash: reader.GetString(8),
                OfficeHash: reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return events;
    }
}
