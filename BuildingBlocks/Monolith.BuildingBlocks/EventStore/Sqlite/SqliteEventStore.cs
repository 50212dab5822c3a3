using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.EventStore.Sqlite;

/// <summary>The embedded event store: one table, <c>platform_events</c>, in the application's SQLite file. Appends are serialised by
/// <c>BEGIN IMMEDIATE</c>, so global positions are assigned (max + 1) in commit order and are contiguous: a reader never sees
/// position n + 1 without n, which is what lets a catch-up subscription simply continue after the last position it yielded.</summary>
public sealed class SqliteEventStore : IEventStore
{
    public const string TableName = "platform_events";

    /// <summary>The store's meter: per append, the wait for the write gate (or for another appender's transaction to write it); per group
    /// commit, how long the transaction took (open, writes, commit with its fsync) and how many appends it wrote.</summary>
    public const string MeterName = "Monolith.EventStore.Sqlite";

    private static readonly Meter StoreMeter = new(MeterName);
    private static readonly Histogram<double> GateWait = StoreMeter.CreateHistogram<double>("eventstore.append.wait.duration", "ms",
        "From an append's queueing until it holds the write gate or another appender's transaction has written it.");
    private static readonly Histogram<double> CommitTime = StoreMeter.CreateHistogram<double>("eventstore.commit.duration", "ms",
        "One group-commit transaction, from opening the connection to the commit (fsync included).");
    private static readonly Histogram<int> CommitSize = StoreMeter.CreateHistogram<int>("eventstore.commit.appends", "{append}",
        "Appends written in one group-commit transaction.");

    private const string Columns = "position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash, office_hash";

    private const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS platform_events (
            position    INTEGER PRIMARY KEY,
            stream_id   TEXT    NOT NULL,
            revision    INTEGER NOT NULL,
            event_id    TEXT    NOT NULL UNIQUE,
            type        TEXT    NOT NULL,
            data        TEXT    NOT NULL,
            metadata    TEXT    NOT NULL,
            tenant_id   TEXT    NOT NULL,
            recorded_at TEXT    NOT NULL,
            hash        TEXT    NOT NULL,
            office_hash TEXT    NULL,
            UNIQUE (stream_id, revision)
        );
        CREATE INDEX IF NOT EXISTS ix_platform_events_tenant_id ON platform_events (tenant_id);
        """;

    /// <summary>Upgrade of a database created before the keyed office chain (ADR 0021): the column is added, stored rows are left
    /// as they are (null: legacy), and each office's chain starts at its first event appended after the upgrade.</summary>
    private const string AddOfficeHashSql = "ALTER TABLE platform_events ADD COLUMN office_hash TEXT NULL";

    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _time;
    private readonly SqliteEventStoreOptions _options;
    private readonly AppendNotifier _notifier;
    private readonly OfficeChainKeys _keys;
    private readonly LogIntegrity? _integrity;
    private volatile bool _schemaReady;
    private readonly Queue<PendingAppend> _queue = new();
    private readonly LogTail _tail = new(LogTail.DefaultCapacity);

    /// <summary>Appends written in one transaction at most (the rest go in the next one, under the same hold of the write gate).</summary>
    internal const int MaxAppendsPerCommit = 256;

    /// <param name="chainKeys">The office chain keys (never stored in the database); the public development keys when null.</param>
    /// <param name="integrity">The start-up verdict: appends are refused while its alarm is raised.</param>
    public SqliteEventStore(
        SqliteConnectionFactory connections,
        TimeProvider time,
        SqliteEventStoreOptions? options = null,
        OfficeChainKeys? chainKeys = null,
        LogIntegrity? integrity = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(time);
        _connections = connections;
        _time = time;
        _keys = chainKeys ?? OfficeChainKeys.Development();
        _integrity = integrity;
        _options = options ?? new SqliteEventStoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.SubscriptionBatchSize, 1, nameof(options));
        _notifier = AppendNotifier.For(connections.DatabasePath);
    }

    /// <summary>Creates <c>platform_events</c> and its indexes if they do not exist. Safe to run at every start and concurrently.</summary>
    public static async Task EnsureSchemaAsync(SqliteConnectionFactory connections, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connections);
        await using var connection = await connections.OpenAsync(ct);
        using var transaction = connection.BeginWrite();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SchemaSql;
        await command.ExecuteNonQueryAsync(ct);
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('platform_events') WHERE name = 'office_hash'";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
        {
            command.CommandText = AddOfficeHashSql;
            await command.ExecuteNonQueryAsync(ct);
        }

        transaction.Commit();
    }

    /// <summary>Creates the schema now (otherwise it is created on first use).</summary>
    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        await EnsureSchemaAsync(_connections, ct);
        _schemaReady = true;
    }

    /// <summary>Appends in one transaction with the expected revision checked inside it. <b>Group commit</b> (ADR 0016, fourth pass):
    /// an append queues, then waits for the database's write gate; whoever gets the gate writes every append queued at that moment in
    /// one transaction (one fsync), each inside its own savepoint — an append that fails (wrong expected revision, duplicate id) is
    /// rolled back alone and fails alone; the others commit. Nothing is acknowledged before the commit; an append already written by
    /// another's transaction stops waiting for the gate. Each append stays atomic, checked against the stream as it is inside the
    /// transaction, with contiguous positions and the hash chains computed in commit order, as before.</summary>
    public async Task<AppendResult> AppendAsync(string streamId, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        AppendRules.ValidateBatch(streamId, events);
        _integrity?.ThrowIfAlarmed();
        await EnsureSchemaReadyAsync(ct);

        using var pending = new PendingAppend(streamId, expected, events);
        lock (_queue)
        {
            _queue.Enqueue(pending);
        }

        IDisposable? gate = null;
        var queued = Stopwatch.GetTimestamp();
        try
        {
            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(ct, pending.Written);
            gate = await _connections.EnterCommandWriteAsync(stopWaiting.Token);
        }
        catch (OperationCanceledException) when (pending.IsDone || !pending.TryWithdraw())
        {
            // Written (or being written) by the transaction of another appender: its outcome is this append's outcome.
        }

        GateWait.Record(Stopwatch.GetElapsedTime(queued).TotalMilliseconds);

        using (gate)
        {
            if (gate is not null && !pending.IsDone)
            {
                await WriteQueuedAsync(pending);
            }
        }

        return await pending.Outcome.Task;
    }

    /// <summary>Under the write gate: everything queued (up to <see cref="MaxAppendsPerCommit"/> at a time) in one transaction, until
    /// <paramref name="own"/> is written; then the gate goes to the next waiter, who writes what queued meanwhile.</summary>
    private async Task WriteQueuedAsync(PendingAppend own)
    {
        while (!own.IsDone)
        {
            var batch = new List<PendingAppend>();
            lock (_queue)
            {
                while (batch.Count < MaxAppendsPerCommit && _queue.TryDequeue(out var p))
                {
                    if (p.TryTake())
                    {
                        batch.Add(p);
                    }
                }
            }

            if (batch.Count == 0)
            {
                // Not reachable: own is queued (not withdrawn, not taken by a transaction that ended without an outcome).
                own.Fail(new InvalidOperationException("An append was lost from the write queue."));
                return;
            }

            var results = new AppendResult?[batch.Count];
            var failures = new Exception?[batch.Count];
            var recorded = new List<RecordedEvent>[batch.Count];
            var written = false;
            var began = Stopwatch.GetTimestamp();
            try
            {
                await using var connection = await _connections.OpenAsync(CancellationToken.None);
                using var transaction = connection.BeginWrite();
                for (var i = 0; i < batch.Count; i++)
                {
                    var single = batch.Count == 1;
                    if (!single)
                    {
                        transaction.Save("append");
                    }

                    try
                    {
                        var (result, wrote) = await AppendInTransactionAsync(connection, transaction, batch[i].StreamId, batch[i].Expected, batch[i].Events,
                            recorded[i] = [], CancellationToken.None);
                        results[i] = result;
                        written |= wrote;
                        if (!single)
                        {
                            transaction.Release("append");
                        }
                    }
                    catch (Exception ex) when (!single || ex is WrongExpectedRevisionException or DuplicateEventIdException)
                    {
                        // This append alone is undone (a failure that ended the whole transaction makes the rollback throw:
                        // then the batch fails below).
                        failures[i] = ex;
                        if (!single)
                        {
                            transaction.Rollback("append");
                            transaction.Release("append");
                        }
                    }
                }

                transaction.Commit();
                CommitTime.Record(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                CommitSize.Record(batch.Count);
            }
            catch (Exception ex)
            {
                // The transaction did not commit (busy database, I/O error…): none of the batch is written.
                foreach (var p in batch)
                {
                    p.Fail(ex);
                }

                continue;
            }

            if (written)
            {
                // Before the wake-up: the subscribers it wakes read these events from memory, not from the file (ADR 0016, sixth pass).
                var committed = recorded.Where((_, i) => failures[i] is null).SelectMany(r => r).ToList();
                _tail.Add(committed);
                if (committed.Count > 0)
                {
                    _notifier.Committed(committed[^1].Position);
                }

                _notifier.Notify();
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (failures[i] is { } failure)
                {
                    batch[i].Fail(failure);
                }
                else
                {
                    batch[i].Succeed(results[i]!);
                }
            }
        }
    }

    /// <summary>One append inside the open write transaction; true when it wrote rows (not an idempotent retry or an empty append).</summary>
    private async Task<(AppendResult Result, bool Wrote)> AppendInTransactionAsync(
        SqliteConnection connection, SqliteTransaction transaction, string streamId, ExpectedRevision expected, IReadOnlyList<EventData> events,
        List<RecordedEvent> recorded, CancellationToken ct)
    {
        if (events.Count > 0 && await FindIdempotentRetryAsync(connection, transaction, streamId, events, ct) is { } original)
        {
            return (original, false); // nothing written
        }

        var (lastRevision, lastStreamPosition) = await GetStreamTailAsync(connection, transaction, streamId, ct);
        AppendRules.CheckExpectation(streamId, expected, lastRevision);
        if (events.Count == 0)
        {
            return (new AppendResult(lastRevision, lastStreamPosition), false);
        }

        var (headPosition, previousHash) = await GetLogTailAsync(connection, transaction, ct);
        var recordedAt = StoredEventFormat.FormatRecordedAt(_time.GetUtcNow());

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"""
            INSERT INTO platform_events ({Columns}, tenant_id)
            VALUES ($position, $stream_id, $revision, $event_id, $type, $data, $metadata, $recorded_at, $hash, $office_hash, $tenant_id)
            """;
        var position = insert.Parameters.Add("$position", SqliteType.Integer);
        insert.Parameters.AddWithValue("$stream_id", streamId);
        var revision = insert.Parameters.Add("$revision", SqliteType.Integer);
        var eventId = insert.Parameters.Add("$event_id", SqliteType.Text);
        var type = insert.Parameters.Add("$type", SqliteType.Text);
        var data = insert.Parameters.Add("$data", SqliteType.Text);
        var metadata = insert.Parameters.Add("$metadata", SqliteType.Text);
        insert.Parameters.AddWithValue("$recorded_at", recordedAt);
        var hash = insert.Parameters.Add("$hash", SqliteType.Text);
        var officeHash = insert.Parameters.Add("$office_hash", SqliteType.Text);
        var tenantId = insert.Parameters.Add("$tenant_id", SqliteType.Text);
        var officeTails = new Dictionary<string, string>(StringComparer.Ordinal);

        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var eventPosition = headPosition + 1 + i;
            var eventRevision = lastRevision + 1 + i;
            var eventIdText = e.EventId.ToString("D");
            var metadataJson = StoredEventFormat.SerializeMetadata(e.Metadata);
            previousHash = EventHashChain.Compute(
                previousHash, eventPosition, streamId, eventRevision, eventIdText, e.Type, e.Data, metadataJson, recordedAt);
            var tenant = e.Metadata.TenantId;
            if (!officeTails.TryGetValue(tenant, out var officePrevious))
            {
                officePrevious = await GetOfficeTailAsync(connection, transaction, tenant, ct);
            }

            var officeLink = OfficeHashChain.Compute(
                _keys.ChainKeyFor(tenant), officePrevious, eventPosition, streamId, eventRevision, eventIdText, e.Type, e.Data, metadataJson, recordedAt);
            officeTails[tenant] = officeLink;

            position.Value = eventPosition;
            revision.Value = eventRevision;
            eventId.Value = eventIdText;
            type.Value = e.Type;
            data.Value = e.Data;
            metadata.Value = metadataJson;
            hash.Value = previousHash;
            officeHash.Value = officeLink;
            tenantId.Value = e.Metadata.TenantId;
            await insert.ExecuteNonQueryAsync(ct);

            // As a reader of the row gets it (metadata and instant parsed back from their stored text).
            recorded.Add(new RecordedEvent(eventPosition, streamId, eventRevision, e.EventId, e.Type, e.Data,
                StoredEventFormat.DeserializeMetadata(metadataJson), StoredEventFormat.ParseRecordedAt(recordedAt), previousHash, officeLink));
        }

        return (new AppendResult(lastRevision + events.Count, headPosition + events.Count), true);
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
        await using var command = connection.CreateCommand();
        command.CommandText = direction == ReadDirection.Forwards
            ? $"SELECT {Columns} FROM platform_events WHERE stream_id = $stream_id AND revision >= $from ORDER BY revision LIMIT $max"
            : $"SELECT {Columns} FROM platform_events WHERE stream_id = $stream_id AND revision <= $from ORDER BY revision DESC LIMIT $max";
        command.Parameters.AddWithValue("$stream_id", streamId);
        command.Parameters.AddWithValue("$from", fromRevision ?? (direction == ReadDirection.Forwards ? 0 : long.MaxValue));
        command.Parameters.AddWithValue("$max", maxCount);
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

        if (_tail.TryRead(afterPosition, maxCount, _notifier.KnownHead) is { } recent)
        {
            return recent;
        }

        await EnsureSchemaReadyAsync(ct);
        await using var connection = await _connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM platform_events WHERE position > $after ORDER BY position LIMIT $max";
        command.Parameters.AddWithValue("$after", afterPosition);
        command.Parameters.AddWithValue("$max", maxCount);
        return await ReadEventsAsync(command, ct);
    }

    public async Task<long> GetHeadPositionAsync(CancellationToken ct = default)
    {
        await EnsureSchemaReadyAsync(ct);
        await using var connection = await _connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(position), 0) FROM platform_events";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Reads in batches; once caught up, waits for an append by this process (signalled at once) or for the poll interval
    /// (appends by other processes), then continues strictly after the last position yielded. Cancellation ends the sequence
    /// normally, without an exception.</summary>
    public async IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(long afterPosition, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        var last = afterPosition;
        while (!ct.IsCancellationRequested)
        {
            // Taken before reading: an append committed after this read began completes it, so no wake-up is lost.
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

    /// <summary>Streams the log in position order and recomputes every hash. Reports the first position that is missing (a deleted
    /// row) or whose stored hash does not match its content and predecessor. <see cref="ChainVerification.EventsChecked"/> counts
    /// the events found intact before the break. Truncation of the newest events cannot be seen from the chain alone.</summary>
    public async Task<ChainVerification> VerifyChainAsync(CancellationToken ct = default)
    {
        await EnsureSchemaReadyAsync(ct);
        await using var connection = await _connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM platform_events ORDER BY position";
        await using var reader = await command.ExecuteReaderAsync(ct);

        return await EventHashChain.VerifyAsync(reader, ct);
    }

    /// <summary>Walks the office's rows (tenant index) in position order through the shared <see cref="OfficeChainVerifier"/>.</summary>
    public async Task<OfficeChainVerification> VerifyOfficeChainAsync(string officeId, ChainAnchor? anchor = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(officeId);
        await EnsureSchemaReadyAsync(ct);
        await using var connection = await _connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM platform_events WHERE tenant_id = $tenant ORDER BY position";
        command.Parameters.AddWithValue("$tenant", officeId);
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
    private static async Task<string> GetOfficeTailAsync(SqliteConnection connection, SqliteTransaction transaction, string tenantId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT office_hash FROM platform_events WHERE tenant_id = $tenant ORDER BY position DESC LIMIT 1";
        command.Parameters.AddWithValue("$tenant", tenantId);
        return await command.ExecuteScalarAsync(ct) as string ?? OfficeHashChain.GenesisHash;
    }

    private async Task EnsureSchemaReadyAsync(CancellationToken ct)
    {
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(ct);
        }
    }

    /// <summary>EventStoreDB's idempotency: if the batch's first id is in this stream and the whole batch follows it in the same
    /// order, the append already happened and its original result is returned. Any other reuse of an existing id is an error.</summary>
    private static async Task<AppendResult?> FindIdempotentRetryAsync(
        SqliteConnection connection, SqliteTransaction transaction, string streamId, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        await using var lookup = connection.CreateCommand();
        lookup.Transaction = transaction;
        lookup.CommandText = "SELECT stream_id, revision FROM platform_events WHERE event_id = $event_id";
        var lookupId = lookup.Parameters.Add("$event_id", SqliteType.Text);

        lookupId.Value = events[0].EventId.ToString("D");
        string? firstStream = null;
        long firstRevision = -1;
        await using (var reader = await lookup.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                firstStream = reader.GetString(0);
                firstRevision = reader.GetInt64(1);
            }
        }

        if (firstStream is null)
        {
            for (var i = 1; i < events.Count; i++)
            {
                lookupId.Value = events[i].EventId.ToString("D");
                if (await lookup.ExecuteScalarAsync(ct) is string existingStream)
                {
                    throw new DuplicateEventIdException(streamId, events[i].EventId, existingStream,
                        $"already exists in stream '{existingStream}' while the batch's first event is new (a partial duplicate)");
                }
            }

            return null;
        }

        if (!string.Equals(firstStream, streamId, StringComparison.Ordinal))
        {
            throw new DuplicateEventIdException(streamId, events[0].EventId, firstStream, $"already belongs to stream '{firstStream}'");
        }

        await using var stored = connection.CreateCommand();
        stored.Transaction = transaction;
        stored.CommandText = "SELECT event_id, revision, position FROM platform_events WHERE stream_id = $stream_id AND revision >= $from ORDER BY revision LIMIT $count";
        stored.Parameters.AddWithValue("$stream_id", streamId);
        stored.Parameters.AddWithValue("$from", firstRevision);
        stored.Parameters.AddWithValue("$count", events.Count);
        await using var rows = await stored.ExecuteReaderAsync(ct);
        var matched = 0;
        long lastRevision = -1;
        long lastPosition = 0;
        while (await rows.ReadAsync(ct))
        {
            if (!Guid.TryParse(rows.GetString(0), out var id) || id != events[matched].EventId)
            {
                break;
            }

            lastRevision = rows.GetInt64(1);
            lastPosition = rows.GetInt64(2);
            matched++;
        }

        if (matched != events.Count)
        {
            var offending = events[Math.Min(matched, events.Count - 1)].EventId;
            throw new DuplicateEventIdException(streamId, events[0].EventId, firstStream,
                $"was already appended to this stream but the rest of the batch does not match what followed it (first difference: {offending}; a partial duplicate)");
        }

        return new AppendResult(lastRevision, lastPosition);
    }

    /// <summary>The stream's last revision (-1 when absent) and that event's position (0 when absent).</summary>
    private static async Task<(long LastRevision, long LastPosition)> GetStreamTailAsync(
        SqliteConnection connection, SqliteTransaction transaction, string streamId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT revision, position FROM platform_events WHERE stream_id = $stream_id ORDER BY revision DESC LIMIT 1";
        command.Parameters.AddWithValue("$stream_id", streamId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetInt64(1)) : (-1, 0);
    }

    /// <summary>The log's last position (0 when empty) and its hash (the genesis hash when empty).</summary>
    private static async Task<(long Position, string Hash)> GetLogTailAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT position, hash FROM platform_events ORDER BY position DESC LIMIT 1";
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
    }

    /// <summary>False when cancelled.</summary>
    private async Task<bool> WaitForAppendAsync(Task nextAppend, CancellationToken ct)
    {
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var poll = Task.Delay(_options.SubscriptionPollInterval, stopPolling.Token);
        await Task.WhenAny(nextAppend, poll);
        await stopPolling.CancelAsync();
        return !ct.IsCancellationRequested;
    }

    private static async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(SqliteCommand command, CancellationToken ct)
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

    /// <summary>
    /// <para>The newest events this store committed, kept in memory for the readers of the global log. Every projection and reactor reads
    /// each new event after its commit (ADR 0016, sixth pass): with some forty subscribers, a commit meant some forty queries returning the
    /// same rows, each parsing them again — the largest share of the host's CPU in a flash sale. They now read them from here.</para>
    /// <para>Only a contiguous range of positions is kept, filled in commit order by the holder of the write gate: a commit that does not
    /// follow the last one kept (another process or another store on the same file appended in between) starts the range over. A read is
    /// answered from memory only when the range holds the very next position and either every event asked for, or everything this process
    /// committed; anything else is read from the file. What the range holds is what the file holds: committed rows are never rewritten
    /// (the hash chain would say so). Another process appending to the file meanwhile is seen at the next read past the range, as a read
    /// just before its commit would have missed it.</para>
    /// </summary>
    private sealed class LogTail(int capacity)
    {
        public const int DefaultCapacity = 4096;

        private readonly RecordedEvent[] _ring = new RecordedEvent[capacity];
        private readonly Lock _lock = new();
        private long _first;
        private long _last;

        public void Add(IEnumerable<RecordedEvent> committed)
        {
            lock (_lock)
            {
                foreach (var e in committed)
                {
                    if (_last == 0 || e.Position != _last + 1)
                    {
                        _first = e.Position;
                    }

                    _ring[e.Position % capacity] = e;
                    _last = e.Position;
                    if (_last - _first + 1 > capacity)
                    {
                        _first = _last - capacity + 1;
                    }
                }
            }
        }

        /// <summary>The events after <paramref name="afterPosition"/> (at most <paramref name="maxCount"/>), or null — then the file
        /// decides — when the range does not hold the next position, or holds fewer events than asked while another store of this process
        /// committed past it (<paramref name="knownHead"/>): a short answer means "that is all" to a reader.</summary>
        public IReadOnlyList<RecordedEvent>? TryRead(long afterPosition, int maxCount, long knownHead)
        {
            lock (_lock)
            {
                var next = afterPosition + 1;
                if (_last == 0 || next < _first || next > _last || (afterPosition + maxCount > _last && _last < knownHead))
                {
                    return null;
                }

                var count = (int)Math.Min(maxCount, _last - afterPosition);
                var result = new RecordedEvent[count];
                for (var i = 0; i < count; i++)
                {
                    result[i] = _ring[(next + i) % capacity];
                }

                return result;
            }
        }
    }

    /// <summary>An append waiting to be written: queued → taken by the gate holder's transaction (or withdrawn by its cancelled caller)
    /// → succeeded or failed. <see cref="Written"/> is cancelled once the outcome is known, so the caller stops waiting for the gate.</summary>
    private sealed class PendingAppend(string streamId, ExpectedRevision expected, IReadOnlyList<EventData> events) : IDisposable
    {
        private const int Queued = 0, Taken = 1, Withdrawn = 2;
        private readonly CancellationTokenSource _written = new();
        private int _state;

        public string StreamId { get; } = streamId;

        public ExpectedRevision Expected { get; } = expected;

        public IReadOnlyList<EventData> Events { get; } = events;

        public TaskCompletionSource<AppendResult> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Written => _written.Token;

        public bool IsDone => Outcome.Task.IsCompleted;

        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        /// <summary>The caller gave up before any transaction took it: it will never be written.</summary>
        public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued;

        // The caller's wait for the gate is stopped first, then the outcome set: once the caller sees it, nothing touches this any more.
        public void Succeed(AppendResult result)
        {
            _written.Cancel();
            Outcome.TrySetResult(result);
        }

        public void Fail(Exception ex)
        {
            _written.Cancel();
            Outcome.TrySetException(ex);
        }

        public void Dispose() => _written.Dispose();
    }
}
