using System.Text.Json;
using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Modules.Offices.Offices;

/// <summary>Read models <c>offices_offices</c> and <c>offices_terms</c>: what other modules ask through <c>IOfficeDirectory</c>.</summary>
internal sealed class OfficeDirectoryProjection : IProjection
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "offices.directory";

    public bool Handles(string eventType) => eventType.StartsWith("offices.office-", StringComparison.Ordinal)
        || eventType is "offices.legal-identity-changed" or "offices.time-zone-changed" or "offices.terms-of-sale-published";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var at = e.RecordedAt.ToString("O");
        switch (await ctx.DecodeAsync(e, ct))
        {
            case OfficeRegistered r:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO offices_offices (office_id, name, time_zone, registered_at, updated_at)
                    VALUES (@OfficeId, @Name, @TimeZone, @At, @At)
                    ON CONFLICT (office_id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, updated_at = excluded.updated_at
                    """,
                    new { r.OfficeId, r.Name, r.TimeZone, At = at },
                    ctx.Transaction);
                break;
            case OfficeRenamed r:
                await Update(ctx, "name = @Value", r.OfficeId, r.Name, at);
                break;
            case TimeZoneChanged t:
                await Update(ctx, "time_zone = @Value", t.OfficeId, t.TimeZone, at);
                break;
            case LegalIdentityChanged l:
                await Update(ctx, "legal_json = @Value", l.OfficeId, JsonSerializer.Serialize(l.Identity, Json), at);
                break;
            case TermsOfSalePublished t:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO offices_terms (office_id, version, title, text, settings_json, effective_from, published_at)
                    VALUES (@OfficeId, @Version, @Title, @Text, @Settings, @EffectiveFrom, @PublishedAt)
                    ON CONFLICT (office_id, version) DO NOTHING
                    """,
                    new
                    {
                        t.OfficeId,
                        t.Version,
                        t.Title,
                        t.Text,
                        Settings = JsonSerializer.Serialize(t.Settings, Json),
                        EffectiveFrom = t.EffectiveFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        PublishedAt = t.PublishedAt.ToString("O"),
                    },
                    ctx.Transaction);
                await Update(ctx, "terms_version = CASE WHEN terms_version > @Value THEN terms_version ELSE @Value END", t.OfficeId, t.Version, at);
                break;
        }
    }

    public async Task ResetAsync(ProjectionContext ctx, CancellationToken ct)
    {
        await ctx.Connection.ExecuteAsync("DELETE FROM offices_terms; DELETE FROM offices_offices;", transaction: ctx.Transaction);
    }

    private static Task Update(ProjectionContext ctx, string set, string officeId, object value, string at) =>
        ctx.Connection.ExecuteAsync(
            $"UPDATE offices_offices SET {set}, updated_at = @At WHERE office_id = @OfficeId",
            new { OfficeId = officeId, Value = value, At = at },
            ctx.Transaction);
}
