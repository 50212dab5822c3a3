using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.BuildingBlocks.Audit;

/// <summary>One event as an accountant reads it: where it sits in the log, when, by whom, and its (decoded) data.</summary>
public sealed record AuditEvent(long Position, string StreamId, long Revision, string Type, DateTimeOffset RecordedAt, string? UserId, Guid? CorrelationId, JsonElement Data);

/// <summary>The platform's generic audit, for any module's streams: replay a stream (decoded, personal data decrypted or erased) and
/// verify the event store's hash chain. Module-specific audits (billing's balances as of a date, the FEC) live in their module.</summary>
public sealed class StreamAudit(IEventStore store, EventSerializer serializer)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The stream's events in order; "not found" when absent or another tenant's.</summary>
    public async Task<IReadOnlyList<AuditEvent>> ReplayStreamAsync(string tenantId, string streamId, CancellationToken ct = default)
    {
        var recorded = await store.ReadStreamAsync(streamId, ReadDirection.Forwards, null, int.MaxValue, ct);
        if (recorded.Count == 0 || recorded.Any(r => r.Metadata.TenantId != tenantId))
        {
            throw new NotFoundException($"'{streamId}' was not found.");
        }

        var events = new List<AuditEvent>(recorded.Count);
        foreach (var r in recorded)
        {
            var envelope = await serializer.DeserializeAsync(r, ct);
            events.Add(new AuditEvent(
                r.Position, r.StreamId, r.Revision, r.Type, r.RecordedAt, r.Metadata.UserId, r.Metadata.CorrelationId,
                JsonSerializer.SerializeToElement(envelope.Event, envelope.Event.GetType(), Json)));
        }

        return events;
    }

    public Task<ChainVerification> VerifyAsync(CancellationToken ct = default) => store.VerifyChainAsync(ct);
}

/// <summary><c>/api/audit/streams/{streamId}</c> and <c>/api/audit/verify</c>, for accountants and administrators.</summary>
public static class StreamAuditEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(PlatformPolicies.Accountant);
        group.MapGet("/streams/{streamId}", ReplayAsync).WithName("ReplayStream")
            .WithSummary("Replay: the stream's events in order with position, time, user and data.");
        group.MapGet("/verify", VerifyAsync).WithName("VerifyHashChain").WithSummary("Walks the hash chain: intact, or the first broken position.");
    }

    private static async Task<Ok<IReadOnlyList<AuditEvent>>> ReplayAsync(string streamId, ICallerContext caller, StreamAudit audit, CancellationToken ct) =>
        TypedResults.Ok(await audit.ReplayStreamAsync(caller.TenantId, streamId, ct));

    private static async Task<Ok<ChainVerification>> VerifyAsync(StreamAudit audit, CancellationToken ct) => TypedResults.Ok(await audit.VerifyAsync(ct));
}
