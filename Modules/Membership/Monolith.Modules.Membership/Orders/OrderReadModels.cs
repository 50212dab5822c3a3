using System.Globalization;
using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Membership.Orders;

namespace Monolith.Modules.Membership;

/// <summary>The order stream's events in <c>membership_orders</c>.</summary>
internal sealed partial class MembershipProjection
{
    private static async Task<bool> ApplyOrderAsync(object? decoded, ProjectionContext ctx, string office, string at)
    {
        switch (decoded)
        {
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
            default:
                return false;
        }

        return true;
    }
}
