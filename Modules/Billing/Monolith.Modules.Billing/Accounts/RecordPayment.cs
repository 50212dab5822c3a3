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

/// <summary>A payment as recorded on the customer's account (amounts in cents of <paramref name="Currency"/>), with the account after it.</summary>
internal sealed record RecordedPaymentView(
    string PaymentId, string CustomerId, PaymentMethod Method, long Amount, string Currency, PaymentStatus Status,
    IReadOnlyList<PaymentAllocationRequest> Allocations, CustomerAccountView Account)
{
    public const string Euro = "EUR";

    public static string Location(string customerId, string paymentId) =>
        $"/api/billing/customers/{Uri.EscapeDataString(customerId)}/payments/{Uri.EscapeDataString(paymentId)}";

    public static RecordedPaymentView? Of(CustomerAccountState state, string customerId, string paymentId, CustomerAccountView account) =>
        state.Payments.TryGetValue(paymentId, out var p)
            ? new RecordedPaymentView(p.PaymentId, customerId, p.Details.Method, p.Amount, Euro, p.Status,
                [.. (p.AllocatedTo?.AsEnumerable() ?? []).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new PaymentAllocationRequest(a.Key, a.Value))], account)
            : null;
}

/// <summary>POST <c>/api/billing/payments</c> (staff, Idempotency-Key): records a payment and its allocations; answers 201 with the
/// payment (Location: <c>/api/billing/customers/{customerId}/payments/{paymentId}</c>) and the account after it.</summary>
internal static class RecordPaymentEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapPost("/payments", HandleAsync)
            .RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<RecordPaymentRequest>().Idempotent().WithName("RecordPayment")
            .WithSummary("Records a payment (card via the provider's reference only, cheque, transfer, SEPA, cash) and its allocations.");

    internal static async Task<Created<RecordedPaymentView>> HandleAsync(
        RecordPaymentRequest request, ICallerContext caller, HttpContext http, PaymentRecorder payments, AccountStatements statements, CancellationToken ct)
    {
        var state = await payments.RecordAsync(caller.ForRequest(http), request, ct);
        var account = await statements.GetAsync(caller.TenantId, request.CustomerId, ct);
        var payment = RecordedPaymentView.Of(state, request.CustomerId, request.PaymentId, account)
            ?? throw new InvalidOperationException($"Payment {request.PaymentId} was recorded but is not on the account.");
        return TypedResults.Created(RecordedPaymentView.Location(request.CustomerId, request.PaymentId), payment);
    }
}

/// <summary>GET <c>/api/billing/customers/{customerId}/payments/{paymentId}</c>: one payment of the account (office users; a customer for their own).</summary>
internal static class GetPaymentEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/customers/{customerId}/payments/{paymentId}", HandleAsync).RequireAuthorization().WithName("GetPayment")
            .WithSummary("One payment of the customer account: method, amount, status and what it paid on each invoice.");

    internal static async Task<Ok<RecordedPaymentView>> HandleAsync(
        string customerId, string paymentId, ICallerContext caller, CommandHandler handler, AccountStatements statements, CancellationToken ct)
    {
        BillingAccess.RequireOwnRecord(caller, customerId);
        var loaded = await handler.LoadAsync(CustomerAccount.For(customerId), CustomerAccount.StreamId(caller.TenantId, customerId), caller.TenantId, ct: ct);
        var account = await statements.GetAsync(caller.TenantId, customerId, ct);
        return RecordedPaymentView.Of(loaded.State, customerId, paymentId, account) is { } payment
            ? TypedResults.Ok(payment)
            : throw new NotFoundException("Ce paiement est inconnu sur le compte de ce client.");
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
