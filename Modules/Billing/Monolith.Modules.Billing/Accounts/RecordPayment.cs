using FluentValidation;
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

internal sealed class RecordPaymentValidator : AbstractValidator<RecordPaymentRequest>
{
    public RecordPaymentValidator()
    {
        RuleFor(r => r.PaymentId).NotEmpty().MaximumLength(100);
        RuleFor(r => r.CustomerId).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Amount).GreaterThan(0);
        RuleFor(r => r.Details).NotNull();
        RuleForEach(r => r.Allocations).ChildRules(a =>
        {
            a.RuleFor(x => x.InvoiceId).NotEmpty();
            a.RuleFor(x => x.Amount).GreaterThan(0);
        });
    }
}

/// <summary>POST <c>/api/billing/payments</c> (staff, Idempotency-Key): records a payment and its allocations; answers the account.</summary>
internal static class RecordPaymentEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapPost("/payments", HandleAsync)
            .RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<RecordPaymentRequest>().Idempotent().WithName("RecordPayment")
            .WithSummary("Records a payment (card via the provider's reference only, cheque, transfer, SEPA, cash) and its allocations.");

    internal static async Task<Ok<CustomerAccountView>> HandleAsync(
        RecordPaymentRequest request, ICallerContext caller, HttpContext http, PaymentRecorder payments, AccountStatements statements, CancellationToken ct)
    {
        await payments.RecordAsync(caller.ForRequest(http), request, ct);
        return TypedResults.Ok(await statements.GetAsync(caller.TenantId, request.CustomerId, ct));
    }
}

/// <summary>Appends the payment (and its allocations, never more than each invoice's balance) to the customer account.</summary>
internal sealed class PaymentRecorder(CommandHandler handler, AccountReader accounts, BillingOffices offices, Closures.ClosedPeriods closures, TimeProvider time)
{
    public Task RecordAsync(string officeId, RecordPaymentRequest request, CancellationToken ct = default) =>
        RecordAsync(BillingOffices.SystemContext(officeId), request, ct);

    public async Task<CustomerAccountState> RecordAsync(CommandContext context, RecordPaymentRequest request, CancellationToken ct = default)
    {
        // Recorded today, which must not be closed; a payment received on a closed day is recorded today with its own date (ADR 0021).
        await closures.EnsureOpenAsync(context.TenantId, await offices.TodayAsync(context.TenantId, ct), ct);
        var allocations = await accounts.AllocationsAsync(context.TenantId, request.Allocations, ct);
        var result = await handler.HandleAsync(
            CustomerAccount.For(request.CustomerId),
            CustomerAccount.StreamId(context.TenantId, request.CustomerId),
            new RecordPayment(request.PaymentId, request.Details, request.Amount, request.ReceivedOn, allocations, time.GetUtcNow()),
            context with { Expected = null },
            ct: ct);
        return result.State;
    }
}
