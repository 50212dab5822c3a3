using System.Data.Common;
using System.Globalization;
using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>Kinds of checkpointed subscribers to the global log.</summary>
public static class SubscriberKinds
{
    public const string Projection = "projection";
    public const string Reactor = "reactor";
}

/// <summary>Status values of a checkpoint row.</summary>
public static class SubscriberStatus
{
    public const string Running = "running";
    public const string Stopped = "stopped";
}

/// <summary>Status values of a dead letter.</summary>
public static class DeadLetterStatus
{
    /// <summary>Waiting for an operator (its subscriber is stopped on it).</summary>
    public const string Parked = "parked";

    /// <summary>The operator asked to try it again.</summary>
    public const string Retried = "retried";

    /// <summary>The operator chose to continue after it.</summary>
    public const string Skipped = "skipped";

    /// <summary>The subscriber was rebuilt from zero while the letter was parked.</summary>
    public const string Rebuilt = "rebuilt";
}

/// <summary>A row of <c>platform_projection_checkpoints</c>.</summary>
public sealed record SubscriberCheckpoint(
    string Name,
    string Kind,
    long Position,
    string Status,
    string? Error,
    long? FailedPosition,
    DateTimeOffset UpdatedAt);

/// <summary>A row of <c>platform_dead_letters</c>: an event a subscriber failed on <see cref="Attempts"/> times.</summary>
public sealed record DeadLetter(
    string Projection,
    long Position,
    Guid EventId,
    string Type,
    string Error,
    int Attempts,
    DateTimeOffset ParkedAt,
    string Status,
    DateTimeOffset? ResolvedAt);

/// <summary>Checkpoints and dead letters of projections and reactors, in the platform tables of the database that holds the
/// subscriber's rows (<see cref="ReadModelPlacement"/>): the one SQLite file by default; on the PostgreSQL engine, the server for the
/// projections of portable modules (same transaction as their rows) and the host's SQLite file for the others.</summary>
public sealed class ProjectionCheckpointStore(SqliteConnectionFactory connections, TimeProvider timeProvider, ReadModelPlacement? placement = null)
{
    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS platform_projection_checkpoints (
            name            TEXT    NOT NULL PRIMARY KEY,
            kind            TEXT    NOT NULL,
            position        INTEGER NOT NULL,
            status          TEXT    NOT NULL,
            error           TEXT    NULL,
            failed_position INTEGER NULL,
            updated_at      TEXT    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS platform_dead_letters (
            projection  TEXT    NOT NULL,
            position    INTEGER NOT NULL,
            event_id    TEXT    NOT NULL,
            type        TEXT    NOT NULL,
            error       TEXT    NOT NULL,
            attempts    INTEGER NOT NULL,
            parked_at   TEXT    NOT NULL,
            status      TEXT    NOT NULL,
            resolved_at TEXT    NULL,
            PRIMARY KEY (projection, position)
        );
        """;

    public SqliteConnectionFactory Connections { get; } = connections;

    /// <summary>Which database holds which subscriber's checkpoint.</summary>
    public ReadModelPlacement Placement { get; } = placement ?? ReadModelPlacement.Local(connections);

    internal string Now() => timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Creates the platform tables if they are missing (idempotent).</summary>
    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        await using (var connection = await Connections.OpenAsync(ct))
        await using (var tx = connection.BeginWrite())
        {
            await connection.ExecuteAsync(new CommandDefinition(Schema, transaction: tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }

        if (Placement.Databases.Shared is PostgreSqlReadModelDatabase server)
        {
            await PostgreSqlSchema.ApplyAsync(server.Connections, SqlDialect.ToPostgreSql(Schema), ct);
        }
    }

    /// <summary>Inserts a checkpoint row at position 0 for a subscriber seen for the first time; an existing row is left alone.</summary>
    public async Task EnsureRegisteredAsync(string name, string kind, CancellationToken ct = default)
    {
        var database = Placement.For(name);
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO platform_projection_checkpoints (name, kind, position, status, error, failed_position, updated_at)
            VALUES (@name, @kind, 0, 'running', NULL, NULL, @now)
            ON CONFLICT (name) DO NOTHING
            """,
            new { name, kind, now = Now() },
            tx,
            cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<SubscriberCheckpoint?> GetAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await Placement.For(name).OpenAsync(ct);
        return await GetAsync(connection, null, name, ct);
    }

    public async Task<IReadOnlyList<SubscriberCheckpoint>> GetAllAsync(CancellationToken ct = default)
    {
        var all = new List<SubscriberCheckpoint>();
        foreach (var database in Placement.Databases.All)
        {
            await using var connection = await database.OpenAsync(ct);
            var rows = await connection.QueryAsync<CheckpointRow>(new CommandDefinition(
                "SELECT name, kind, position, status, error, failed_position AS FailedPosition, updated_at AS UpdatedAt FROM platform_projection_checkpoints ORDER BY name",
                cancellationToken: ct));
            // a row left behind in the other database (a module that moved to the server) is not this subscriber's checkpoint
            all.AddRange(rows.Select(r => r.ToCheckpoint()).Where(r => Placement.For(r.Name) == database));
        }

        return all.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(string? status = null, CancellationToken ct = default)
    {
        var all = new List<DeadLetter>();
        foreach (var database in Placement.Databases.All)
        {
            await using var connection = await database.OpenAsync(ct);
            var rows = await connection.QueryAsync<DeadLetterRow>(new CommandDefinition(
                """
                SELECT projection, position, event_id AS EventId, type, error, attempts, parked_at AS ParkedAt, status, resolved_at AS ResolvedAt
                FROM platform_dead_letters
                WHERE @status IS NULL OR status = @status
                ORDER BY parked_at, projection, position
                """,
                new { status },
                cancellationToken: ct));
            all.AddRange(rows.Select(r => r.ToDeadLetter()).Where(r => Placement.For(r.Projection) == database));
        }

        return all.OrderBy(d => d.ParkedAt).ThenBy(d => d.Projection, StringComparer.Ordinal).ThenBy(d => d.Position).ToList();
    }

    internal static async Task<SubscriberCheckpoint?> GetAsync(DbConnection connection, DbTransaction? tx, string name, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<CheckpointRow>(new CommandDefinition(
            "SELECT name, kind, position, status, error, failed_position AS FailedPosition, updated_at AS UpdatedAt FROM platform_projection_checkpoints WHERE name = @name"
            + (tx is null ? "" : SqlDialect.ForUpdate(connection)),
            new { name },
            tx,
            cancellationToken: ct));
        return row?.ToCheckpoint();
    }

    /// <summary>Inside a write transaction: true when the subscriber is still running at <paramref name="expectedPosition"/>
    /// (nobody rebuilt, skipped or stopped it since the batch was read). On PostgreSQL the row stays locked until the commit, so a
    /// second writer of the same checkpoint (an operator's rebuild, a host taking a lease over) waits and then sees the new position.</summary>
    internal static async Task<bool> IsStillAtAsync(DbConnection connection, DbTransaction tx, string name, long expectedPosition, CancellationToken ct)
    {
        var current = await GetAsync(connection, tx, name, ct);
        return current is not null && current.Position == expectedPosition && current.Status == SubscriberStatus.Running;
    }

    /// <summary>Inside a write transaction: moves the checkpoint to a position the subscriber has actually seen.</summary>
    internal async Task AdvanceAsync(DbConnection connection, DbTransaction tx, string name, long position, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE platform_projection_checkpoints SET position = @position, error = NULL, failed_position = NULL, updated_at = @now WHERE name = @name",
            new { name, position, now = Now() },
            tx,
            cancellationToken: ct));
    }

    /// <summary>Moves the checkpoint from <paramref name="expected"/> to <paramref name="position"/> in its own transaction; false
    /// (nothing written) when the row moved or stopped meanwhile.</summary>
    internal async Task<bool> TryMoveAsync(string name, long expected, long position, CancellationToken ct)
    {
        var database = Placement.For(name);
        using var gate = await database.EnterWriteAsync(ct);
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        if (!await IsStillAtAsync(connection, tx, name, expected, ct))
        {
            return false;
        }

        await AdvanceAsync(connection, tx, name, position, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Parks <paramref name="e"/> as a dead letter and stops the subscriber just before it, in one transaction.
    /// Does nothing (returns false) if the checkpoint moved meanwhile.</summary>
    internal async Task<bool> ParkAsync(string name, long expectedPosition, RecordedEvent e, Exception error, int attempts, CancellationToken ct)
    {
        var now = Now();
        var message = $"{error.GetType().Name}: {error.Message}";
        var database = Placement.For(name);
        using var gate = await database.EnterWriteAsync(ct);
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        if (!await IsStillAtAsync(connection, tx, name, expectedPosition, ct))
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO platform_dead_letters (projection, position, event_id, type, error, attempts, parked_at, status, resolved_at)
            VALUES (@name, @position, @eventId, @type, @error, @attempts, @now, 'parked', NULL)
            ON CONFLICT (projection, position) DO UPDATE SET
                error = excluded.error, attempts = platform_dead_letters.attempts + excluded.attempts,
                parked_at = excluded.parked_at, status = 'parked', resolved_at = NULL
            """,
            new { name, position = e.Position, eventId = e.EventId.ToString(), type = e.Type, error = error.ToString(), attempts, now },
            tx,
            cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE platform_projection_checkpoints SET status = 'stopped', error = @message, failed_position = @position, updated_at = @now WHERE name = @name",
            new { name, message, position = e.Position, now },
            tx,
            cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    internal async Task ResolveDeadLettersAsync(DbConnection connection, DbTransaction tx, string name, string status, long? position, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE platform_dead_letters SET status = @status, resolved_at = @now WHERE projection = @name AND status = 'parked' AND (@position IS NULL OR position = @position)",
            new { name, status, position, now = Now() },
            tx,
            cancellationToken: ct));
    }

    internal async Task RestartAsync(DbConnection connection, DbTransaction tx, string name, long position, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE platform_projection_checkpoints SET position = @position, status = 'running', error = NULL, failed_position = NULL, updated_at = @now WHERE name = @name",
            new { name, position, now = Now() },
            tx,
            cancellationToken: ct));
    }

    private static DateTimeOffset ParseTime(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private sealed record CheckpointRow(string Name, string Kind, long Position, string Status, string? Error, long? FailedPosition, string UpdatedAt)
    {
        public SubscriberCheckpoint ToCheckpoint() => new(Name, Kind, Position, Status, Error, FailedPosition, ParseTime(UpdatedAt));
    }

    private sealed record DeadLetterRow(string Projection, long Position, string EventId, string Type, string Error, long Attempts, string ParkedAt, string Status, string? ResolvedAt)
    {
        public DeadLetter ToDeadLetter() => new(
            Projection, Position, Guid.Parse(EventId), Type, Error, (int)Attempts, ParseTime(ParkedAt), Status, ResolvedAt is null ? null : ParseTime(ResolvedAt));
    }
}
