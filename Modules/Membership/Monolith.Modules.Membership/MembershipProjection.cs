using System.Globalization;
using System.Text.Json;
using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Membership.Campaigns;

namespace Monolith.Modules.Membership;

/// <summary>Read models <c>membership_campaigns</c>, <c>membership_products</c> (catalogue with sold units: remaining stock),
/// <c>membership_members</c> and <c>membership_orders</c> (member orders, campaign dashboard, the jobs' work lists). One projection, one
/// checkpoint (<c>membership.read-models</c>); what each stream's events do to its tables lives next to the stream:
/// <c>Campaigns/CampaignReadModels.cs</c>, <c>Members/MemberReadModels.cs</c>, <c>Orders/OrderReadModels.cs</c>.</summary>
internal sealed partial class MembershipProjection : IProjection
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "membership.read-models";

    public bool Handles(string eventType) => eventType.StartsWith("membership.", StringComparison.Ordinal)
        || eventType == BuildingBlocks.EventStore.Privacy.DataSubjectForgotten.WireName;

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        var at = e.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
        var decoded = await ctx.DecodeAsync(e, ct);
        _ = await ApplyCampaignAsync(decoded, ctx, office, at) || await ApplyMemberAsync(decoded, ctx, office, at) || await ApplyOrderAsync(decoded, ctx, office, at);
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) => ctx.Connection.ExecuteAsync(
        "DELETE FROM membership_orders; DELETE FROM membership_members; DELETE FROM membership_products; DELETE FROM membership_campaigns;",
        transaction: ctx.Transaction);

    internal static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static object ProductArgs(string office, int year, Product p) => new
    {
        office,
        Year = year,
        p.ProductId,
        p.Name,
        p.Description,
        p.PriceTtc,
        Bp = p.VatRate.BasisPoints,
        Reason = p.VatRate.OutOfScopeReason,
        p.Stock,
        Mandatory = p.MandatoryForPrincipal ? 1 : 0,
        Prerequisites = string.Join(',', p.Prerequisites),
    };

    internal static Task Execute(ProjectionContext ctx, string sql, object args) => ctx.Connection.ExecuteAsync(sql, args, ctx.Transaction);

    internal static Task Order(ProjectionContext ctx, string orderId, string set, object value, string at) =>
        Execute(ctx, $"UPDATE membership_orders SET {set}, updated_at = @at WHERE order_id = @orderId", new { orderId, v = value, at });
}
