using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Accounts;

internal sealed record RefundRequest(string RefundId, string SourceId, long Amount, PaymentDetails Details);

/// <summary>POST <c>/api/billing/customers/{customerId}/refunds</c> (staff, Idempotency-Key).</summary>
internal static class RecordRefundEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapPost("/customers/{customerId}/refunds", HandleAsync)
            .RequireAuthorization(PlatformPolicies.OfficeStaff).Idempotent().WithName("RecordRefund")
            .WithSummary("Records a refund of customer credit (a credit note or an overpayment).");

    internal static async Task<Ok<CustomerAccountView>> HandleAsync(
        string customerId, RefundRequest request, ICallerContext caller, HttpContext http, RefundRecorder refunds, AccountStatements statements, CancellationToken ct)
    {
        await refunds.RefundAsync(caller.ForRequest(http), customerId, request.RefundId, request.SourceId, request.Amount, request.Details, ct);
        return TypedResults.Ok(await statements.GetAsync(caller.TenantId, customerId, ct));
    }
}

/// <summary>Refunds customer credit (never more than the credit, never expired credit).</summary>
internal sealed class RefundRecorder(CommandHandler handler, BillingOffices offices, TimeProvider time)
{
    public async Task<CustomerAccountState> RefundAsync(
        CommandContext context, string customerId, string refundId, string sourceId, long amount, PaymentDetails details, CancellationToken ct = default)
    {
        var office = await offices.RequireSellerAsync(context.TenantId, ct);
        var now = time.GetUtcNow();
        var result = await handler.HandleAsync(
            CustomerAccount.For(customerId), CustomerAccount.StreamId(context.TenantId, customerId),
            new RecordRefund(refundId, sourceId, amount, details, DocumentRegister.LocalDate(now, office.TimeZone), now), context with { Expected = null },
            CommandOptions.ExistingStream, ct);
        return result.State;
    }
}
