using System.Data.Common;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>A read model fed by the global log. The runner calls <see cref="ApplyAsync"/> inside the batch's write transaction
/// (the same one that advances the checkpoint), so a handler must write only through <see cref="ProjectionContext.Connection"/>
/// and <see cref="ProjectionContext.Transaction"/> and must not commit.</summary>
public interface IProjection
{
    /// <summary>Unique stable name: the key of its checkpoint row (e.g. "bookings.group-booking-details").</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="eventType"/> concerns this projection. Events it does not handle still advance its checkpoint.</summary>
    bool Handles(string eventType);

    Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct);

    /// <summary>Clears the projection's tables before a rebuild from position 0 (runs in the same transaction as the checkpoint reset).</summary>
    Task ResetAsync(ProjectionContext ctx, CancellationToken ct);
}

/// <summary>Turns a stored event into a typed one. Optional: when an implementation is registered in DI, projections and reactors
/// can call <see cref="ProjectionContext.DecodeAsync"/>. The host registers one over the event serializer (upcasting, decryption of
/// personal data: an erased field reads as erased).</summary>
public interface IEventDecoder
{
    /// <summary>The typed event, or null when the type is unknown to the registry.</summary>
    ValueTask<object?> DecodeAsync(RecordedEvent e, CancellationToken ct = default);
}

/// <summary>What a projection gets while applying a batch: the open connection and its write transaction (BEGIN IMMEDIATE on
/// SQLite, READ COMMITTED on PostgreSQL for the projections of portable modules: see <c>IReadModelDatabase</c>).</summary>
public sealed class ProjectionContext(string projectionName, DbConnection connection, DbTransaction transaction, IEventDecoder? decoder)
{
    public string ProjectionName { get; } = projectionName;

    public DbConnection Connection { get; } = connection;

    /// <summary>Pass it to every Dapper call (<c>connection.ExecuteAsync(sql, args, ctx.Transaction)</c>).</summary>
    public DbTransaction Transaction { get; } = transaction;

    /// <summary>The registered decoder, if any.</summary>
    public IEventDecoder? Decoder { get; } = decoder;

    /// <summary>Decodes with the registered <see cref="IEventDecoder"/>; throws when none is registered.</summary>
    public ValueTask<object?> DecodeAsync(RecordedEvent e, CancellationToken ct = default) =>
        (Decoder ?? throw new InvalidOperationException("No IEventDecoder is registered; parse RecordedEvent.Data yourself or register one.")).DecodeAsync(e, ct);
}
