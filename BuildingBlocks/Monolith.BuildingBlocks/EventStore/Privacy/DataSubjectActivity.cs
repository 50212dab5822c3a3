using System.Globalization;
using System.Text.Json;
using Dapper;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>A data subject's last activity: the time of the latest event that names them (<see cref="DataSubjectAttribute"/>).</summary>
public sealed record DataSubjectLastActivity(string TenantId, string SubjectId, DateTimeOffset FirstSeenAt, DateTimeOffset LastActivityAt);

/// <summary>Read model <c>platform_subject_activity</c>: per office and data subject, when an event last named the person (an order, an
/// invoice, a booking, a sign-in record...) and whether they were forgotten. A platform projection (the data subject is a platform notion:
/// the attribute, the key store, the erasure), so it reads every module's events through their registered shapes only — never their
/// meaning. Feeds the retention job (personal data kept at most 5 years after the relationship ends).</summary>
public sealed class DataSubjectActivityProjection(EventTypeRegistry registry) : IProjection
{
    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS platform_subject_activity (
            tenant_id        TEXT NOT NULL,
            subject_id       TEXT NOT NULL,
            first_seen_at    TEXT NOT NULL,
            last_activity_at TEXT NOT NULL,
            forgotten_at     TEXT NULL,
            PRIMARY KEY (tenant_id, subject_id)
        ) WITHOUT ROWID;
        """;

    public string Name => "platform.data-subject-activity";

    public bool Handles(string eventType) =>
        eventType == DataSubjectForgotten.WireName || (registry.TryGet(eventType, out var info) && info.PersonalData.SubjectJsonName is not null);

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        await ctx.Connection.ExecuteAsync(Schema, transaction: ctx.Transaction);
        using var data = JsonDocument.Parse(e.Data);
        var at = e.RecordedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        if (e.Type == DataSubjectForgotten.WireName)
        {
            if (data.RootElement.TryGetProperty("subjectId", out var forgotten) && forgotten.GetString() is { Length: > 0 } subject)
            {
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO platform_subject_activity (tenant_id, subject_id, first_seen_at, last_activity_at, forgotten_at)
                    VALUES (@tenant, @subject, @at, @at, @at)
                    ON CONFLICT (tenant_id, subject_id) DO UPDATE SET forgotten_at = COALESCE(forgotten_at, @at)
                    """,
                    new { tenant = e.Metadata.TenantId, subject, at },
                    ctx.Transaction);
            }

            return;
        }

        if (!registry.TryGet(e.Type, out var info) || info.PersonalData.SubjectJsonName is not { } property
            || !data.RootElement.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String
            || value.GetString() is not { Length: > 0 } subjectId)
        {
            return;
        }

        await ctx.Connection.ExecuteAsync(
            """
            INSERT INTO platform_subject_activity (tenant_id, subject_id, first_seen_at, last_activity_at)
            VALUES (@tenant, @subjectId, @at, @at)
            ON CONFLICT (tenant_id, subject_id) DO UPDATE SET last_activity_at = MAX(last_activity_at, @at)
            """,
            new { tenant = e.Metadata.TenantId, subjectId, at },
            ctx.Transaction);
    }

    public async Task ResetAsync(ProjectionContext ctx, CancellationToken ct)
    {
        await ctx.Connection.ExecuteAsync(Schema, transaction: ctx.Transaction);
        await ctx.Connection.ExecuteAsync("DELETE FROM platform_subject_activity", transaction: ctx.Transaction);
    }
}

/// <summary>Queries over <c>platform_subject_activity</c>.</summary>
public sealed class DataSubjectActivity(SqliteConnectionFactory connections)
{
    /// <summary>The subjects of <paramref name="tenantId"/> not yet forgotten whose last activity is before <paramref name="cutoff"/>.</summary>
    public async Task<IReadOnlyList<DataSubjectLastActivity>> InactiveSinceAsync(string tenantId, DateTimeOffset cutoff, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync(DataSubjectActivityProjection.Schema);
        var rows = await connection.QueryAsync<(string Tenant, string Subject, string First, string Last)>(
            """
            SELECT tenant_id, subject_id, first_seen_at, last_activity_at FROM platform_subject_activity
            WHERE tenant_id = @tenantId AND forgotten_at IS NULL AND last_activity_at < @cutoff
            ORDER BY last_activity_at, subject_id
            """,
            new { tenantId, cutoff = cutoff.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) });
        return [.. rows.Select(r => new DataSubjectLastActivity(
            r.Tenant, r.Subject, DateTimeOffset.Parse(r.First, CultureInfo.InvariantCulture), DateTimeOffset.Parse(r.Last, CultureInfo.InvariantCulture)))];
    }

    /// <summary>The offices that have data subjects.</summary>
    public async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync(DataSubjectActivityProjection.Schema);
        return [.. await connection.QueryAsync<string>("SELECT DISTINCT tenant_id FROM platform_subject_activity ORDER BY tenant_id")];
    }
}
