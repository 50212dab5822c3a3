using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Modules.Billing.Accounts;

internal sealed record AllocateRequest(string CustomerId, IReadOnlyList<PaymentAllocationRequest> Allocations);

/// <summary>POST <c>/api/billing/payments/{paymentId}/allocations</c> (staff, Idempotency-Key).</summary>
internal static class AllocatePaymentEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapPost("/payments/{paymentId}/allocations", HandleAsync)
            .RequireAuthorization(PlatformPolicies.OfficeStaff).Idempotent().WithName("AllocatePayment")
            .WithSummary("Allocates a received payment's unallocated amount to invoices.");

    internal static async Task<Ok<CustomerAccountView>> HandleAsync(
        string paymentId, AllocateRequest request, ICallerContext caller, HttpContext http, PaymentAllocator payments, AccountStatements statements, CancellationToken ct)
    {
        await payments.AllocateAsync(caller.ForRequest(http), request.CustomerId, paymentId, request.Allocations, ct);
        return TypedResults.Ok(await statements.GetAsync(caller.TenantId, request.CustomerId, ct));
    }
}

internal sealed class PaymentAllocator(CommandHandler handler, AccountReader accounts, TimeProvider time)
{
    public async Task<CustomerAccountState> AllocateAsync(
        CommandContext context, string customerId, string paymentId, IReadOnlyList<PaymentAllocationRequest> allocations, CancellationToken ct = default)
    {
        var facts = await accounts.AllocationsAsync(context.TenantId, allocations, ct);
        var result = await handler.HandleAsync(
            CustomerAccount.For(customerId), CustomerAccount.StreamId(context.TenantId, customerId),
            new AllocatePayment(paymentId, facts, time.GetUtcNow()), context with { Expected = null }, CommandOptions.ExistingStream, ct);
        return result.State;
    }
}
