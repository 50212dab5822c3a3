using System.Globalization;
using System.Text.Json;
using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;

namespace Monolith.Modules.Membership;

/// <summary>Read models <c>membership_campaigns</c>, <c>membership_products</c> (catalogue with sold units: remaining stock),
/// <c>membership_members</c> and <c>membership_orders</c> (member orders, campaign dashboard, the jobs' work lists).</summary>
internal sealed class MembershipProjection : IProjection
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "membership.read-models";

    public bool Handles(string eventType) => eventType.StartsWith("membership.", StringComparison.Ordinal)
        || eventType == BuildingBlocks.EventStore.Privacy.DataSubjectForgotten.WireName;

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        var at = e.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
        switch (await ctx.DecodeAsync(e, ct))
        {
            case CampaignCreated c:
                await Execute(ctx, """
                    INSERT INTO membership_campaigns (office_id, year, name, status, created_at) VALUES (@office, @Year, @Name, 'draft', @at)
                    ON CONFLICT (office_id, year) DO NOTHING
                    """, new { office, c.Year, c.Name, at });
                break;
            case CampaignOpened c:
                await Execute(ctx, "UPDATE membership_campaigns SET status = 'open' WHERE office_id = @office AND year = @Year", new { office, c.Year });
                break;
            case CampaignClosed c:
                await Execute(ctx, "UPDATE membership_campaigns SET status = 'closed' WHERE office_id = @office AND year = @Year", new { office, c.Year });
                break;
            case ProductAdded p:
                await Execute(ctx, """
                    INSERT INTO membership_products (office_id, year, product_id, position, name, description, price_ttc, vat_basis_points, vat_out_of_scope,
                                                     stock, sold, mandatory, prerequisites)
                    VALUES (@office, @Year, @ProductId, (SELECT COUNT(*) FROM membership_products WHERE office_id = @office AND year = @Year),
                            @Name, @Description, @PriceTtc, @Bp, @Reason, @Stock, 0, @Mandatory, @Prerequisites)
                    ON CONFLICT (office_id, year, product_id) DO NOTHING
                    """, ProductArgs(office, p.Year, p.Product));
                break;
            case ProductChanged p:
                await Execute(ctx, """
                    UPDATE membership_products SET name = @Name, description = @Description, price_ttc = @PriceTtc, vat_basis_points = @Bp,
                           vat_out_of_scope = @Reason, stock = @Stock, mandatory = @Mandatory, prerequisites = @Prerequisites
                    WHERE office_id = @office AND year = @Year AND product_id = @ProductId
                    """, ProductArgs(office, p.Year, p.Product));
                break;
            case OrderAccepted a:
                foreach (var group in a.ProductIds.GroupBy(id => id))
                {
                    await Execute(ctx, "UPDATE membership_products SET sold = sold + @n WHERE office_id = @office AND year = @Year AND product_id = @id",
                        new { office, a.Year, id = group.Key, n = group.Count() });
                }

                break;
            case MemberRegistered m:
                await Execute(ctx, """
                    INSERT INTO membership_members (member_id, office_id, company_name, login_email, offers_json, registered_at)
                    VALUES (@MemberId, @office, @CompanyName, @LoginEmail, @Offers, @at)
                    ON CONFLICT (member_id) DO NOTHING
                    """, new { m.MemberId, office, m.CompanyName, m.LoginEmail, Offers = JsonSerializer.Serialize(m.Offers, Json), at });
                break;
            case BuildingBlocks.EventStore.Privacy.DataSubjectForgotten f:
                await Execute(ctx, "UPDATE membership_members SET login_email = @erased WHERE member_id = @SubjectId AND office_id = @office",
                    new { f.SubjectId, office, erased = BuildingBlocks.EventStore.Privacy.PersonalData.ErasedText });
                break;
            case MemberOffersChanged m:
                await Execute(ctx, "UPDATE membership_members SET offers_json = @Offers WHERE member_id = @MemberId",
                    new { m.MemberId, Offers = JsonSerializer.Serialize(m.Offers, Json) });
                break;
            case MemberInvited m:
                await Execute(ctx, "UPDATE membership_members SET invitations = @Invitation WHERE member_id = @MemberId", new { m.MemberId, m.Invitation });
                break;
            case OrderStarted o:
                await Execute(ctx, """
                    INSERT INTO membership_orders (order_id, office_id, member_id, year, status, updated_at) VALUES (@OrderId, @office, @MemberId, @Year, 'draft', @at)
                    ON CONFLICT (order_id) DO NOTHING
                    """, new { o.OrderId, office, o.MemberId, o.Year, at });
                break;
            case PaymentMethodChosen o:
                await Order(ctx, o.OrderId, "payment_method = @v", o.Method.ToString().ToLowerInvariant(), at);
                break;
            case OrderSubmitted o:
                await Execute(ctx, """
                    UPDATE membership_orders SET status = 'submitted', product_count = @count, total_ttc = @TotalTtc, total_vat = @TotalVat, updated_at = @at
                    WHERE order_id = @OrderId
                    """, new { o.OrderId, count = o.Lines.Count, o.TotalTtc, o.TotalVat, at });
                break;
            case OrderSubmissionRefused o:
                await Order(ctx, o.OrderId, "status = @v", "draft", at);
                break;
            case OrderValidated o:
                await Execute(ctx, """
                    UPDATE membership_orders SET status = 'validated', number = @Number, product_count = @count, total_ttc = @TotalTtc, total_vat = @TotalVat,
                           payment_method = @method, validated_at = @validatedAt, updated_at = @at
                    WHERE order_id = @OrderId
                    """, new
                {
                    o.OrderId,
                    o.Number,
                    count = o.Lines.Count,
                    o.TotalTtc,
                    o.TotalVat,
                    method = o.Method.ToString().ToLowerInvariant(),
                    validatedAt = o.ValidatedAt.ToString("O", CultureInfo.InvariantCulture),
                    at
                });
                break;
            case InvoiceAttached o:
                await Execute(ctx, "UPDATE membership_orders SET invoice_id = @InvoiceId, invoice_number = @InvoiceNumber, updated_at = @at WHERE order_id = @OrderId",
                    new { o.OrderId, o.InvoiceId, o.InvoiceNumber, at });
                break;
            case OrderFinalised o:
                await Execute(ctx, "UPDATE membership_orders SET status = 'finalised', paid_on = @paid, updated_at = @at WHERE order_id = @OrderId",
                    new { o.OrderId, paid = Date(o.PaidOn), at });
                break;
            case InformationCheckRequested o:
                await Order(ctx, o.OrderId, "info_due_on = @v", Date(o.DueOn), at);
                break;
            case InformationConfirmed o:
                await Order(ctx, o.OrderId, "info_confirmed = @v", 1, at);
                break;
            case InformationReminderSent o:
                await Execute(ctx, """
                    UPDATE membership_orders SET reminders_sent = CASE WHEN reminders_sent = '' THEN @step ELSE reminders_sent || ',' || @step END, updated_at = @at
                    WHERE order_id = @OrderId
                    """, new { o.OrderId, step = o.Step.ToString(CultureInfo.InvariantCulture), at });
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) => ctx.Connection.ExecuteAsync(
        "DELETE FROM membership_orders; DELETE FROM membership_members; DELETE FROM membership_products; DELETE FROM membership_campaigns;",
        transaction: ctx.Transaction);

    internal static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static object ProductArgs(string office, int year, Product p) => new
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

    private static Task Execute(ProjectionContext ctx, string sql, object args) => ctx.Connection.ExecuteAsync(sql, args, ctx.Transaction);

    private static Task Order(ProjectionContext ctx, string orderId, string set, object value, string at) =>
        Execute(ctx, $"UPDATE membership_orders SET {set}, updated_at = @at WHERE order_id = @orderId", new { orderId, v = value, at });
}
