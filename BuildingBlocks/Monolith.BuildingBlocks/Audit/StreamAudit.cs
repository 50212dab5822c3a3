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
public sealed class StreamAudit(IEventStore store, EventSerializer serializer, ChainAnchors anchors)
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

    /// <summary>The office's keyed chain, checked against the newest signed closure in the archive (outside the database): only that
    /// office's events are walked and counted. A closure file whose signature does not hold is reported and makes the result not
    /// intact (ADR 0021).</summary>
    public async Task<OfficeAuditVerification> VerifyAsync(string officeId, CancellationToken ct = default)
    {
        var archived = await anchors.ListAsync(officeId, ct);
        var anchor = archived.FirstOrDefault(a => a.SignatureValid)?.Anchor;
        var chain = await store.VerifyOfficeChainAsync(officeId, anchor, ct);
        var forged = archived.Where(a => !a.SignatureValid).Select(a => a.FileName).ToList();
        var intact = chain.Intact && forged.Count == 0;
        var reason = chain.Reason ?? (forged.Count > 0
            ? $"La signature de {forged.Count} document(s) de clôture de l'archive ne correspond pas : {string.Join(", ", forged)}."
            : null);
        return new OfficeAuditVerification(
            officeId, intact, chain.EventsChecked, chain.LegacyEvents, chain.FirstBrokenPosition, reason, chain.HeadPosition, chain.HeadHash,
            anchor is null ? null : new AnchorSummary(anchor.Label, anchor.Position, anchor.OfficeEvents, anchor.AnchoredAt),
            forged);
    }
}

/// <summary>What <c>/api/audit/verify</c> answers to an office's accountant: that office's chain only (counts of its own events), the
/// anchor it was checked against and any closure document whose signature fails.</summary>
public sealed record OfficeAuditVerification(
    string OfficeId,
    bool Intact,
    long EventsChecked,
    long LegacyEvents,
    long? FirstBrokenPosition,
    string? Reason,
    long HeadPosition,
    string HeadHash,
    AnchorSummary? LastAnchor,
    IReadOnlyList<string> InvalidAnchorFiles);

public sealed record AnchorSummary(string Label, long Position, long OfficeEvents, DateTimeOffset AnchoredAt);

/// <summary><c>/api/audit/streams/{streamId}</c> and <c>/api/audit/verify</c>, for accountants and administrators.</summary>
public static class StreamAuditEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(PlatformPolicies.Accountant);
        group.MapGet("/streams/{streamId}", ReplayAsync).WithName("ReplayStream")
            .WithSummary("Replay: the stream's events in order with position, time, user and data.");
        group.MapGet("/verify", VerifyAsync).WithName("VerifyHashChain")
            .WithSummary("Walks the caller's office chain (keyed, per office) and checks it against the last signed closure: intact, or the first broken position.");
    }

    private static async Task<Ok<IReadOnlyList<AuditEvent>>> ReplayAsync(string streamId, ICallerContext caller, StreamAudit audit, CancellationToken ct) =>
        TypedResults.Ok(await audit.ReplayStreamAsync(caller.TenantId, streamId, ct));

    private static async Task<Ok<OfficeAuditVerification>> VerifyAsync(ICallerContext caller, StreamAudit audit, CancellationToken ct) =>
        TypedResults.Ok(await audit.VerifyAsync(caller.TenantId, ct));
}
