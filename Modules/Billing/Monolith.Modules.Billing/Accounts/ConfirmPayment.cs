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

internal sealed record ConfirmPaymentRequest(string CustomerId, DateOnly ReceivedOn, IReadOnlyList<PaymentAllocationRequest>? Allocations);

/// <summary>POST <c>/api/billing/payments/{paymentId}/confirmation</c> (staff, Idempotency-Key): a pending payment is received.</summary>
internal static class ConfirmPaymentEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapPost("/payments/{paymentId}/confirmation", HandleAsync)
            .RequireAuthorization(PlatformPolicies.OfficeStaff).Idempotent().WithName("ConfirmPayment")
            .WithSummary("A pending (card) payment is received: it now counts.");

    internal static async Task<Ok<CustomerAccountView>> HandleAsync(
        string paymentId, ConfirmPaymentRequest request, ICallerContext caller, HttpContext http, PaymentConfirmer payments, AccountStatements statements,
        CancellationToken ct)
    {
        await payments.ConfirmAsync(caller.ForRequest(http), request.CustomerId, paymentId, request.ReceivedOn, request.Allocations ?? [], null, ct);
        return TypedResults.Ok(await statements.GetAsync(caller.TenantId, request.CustomerId, ct));
    }
}

/// <summary>Confirms a pending payment on the account; <c>cardLast4</c> is what a card payment provider reports (nothing else).</summary>
internal sealed class PaymentConfirmer(CommandHandler handler, AccountReader accounts, TimeProvider time)
{
    public async Task<CustomerAccountState> ConfirmAsync(
        CommandContext context,
        string customerId,
        string paymentId,
        DateOnly receivedOn,
        IReadOnlyList<PaymentAllocationRequest> allocations,
        string? cardLast4,
        CancellationToken ct = default)
    {
        var facts = await accounts.AllocationsAsync(context.TenantId, allocations, ct);
        var result = await handler.HandleAsync(
            CustomerAccount.For(customerId), CustomerAccount.StreamId(context.TenantId, customerId),
            new ConfirmPayment(paymentId, receivedOn, facts, time.GetUtcNow(), cardLast4), context with { Expected = null }, CommandOptions.ExistingStream, ct);
        return result.State;
    }
}
