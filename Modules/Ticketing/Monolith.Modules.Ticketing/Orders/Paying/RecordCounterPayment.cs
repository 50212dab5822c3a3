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
using Monolith.Modules.Ticketing.Orders.Details;

namespace Monolith.Modules.Ticketing.Orders.Paying;

/// <summary>Staff at the counter: the buyer pays the whole order (cash, cheque, card on the office's terminal, transfer). Billing
/// records the payment against the order's invoice; once nothing is left to pay the order is paid, and the tickets follow. The payment
/// id derives from the order: recording it twice records one payment.</summary>
internal static class RecordCounterPayment
{
    /// <summary><paramref name="Method"/>: billing's payment methods <c>cash</c>, <c>cheque</c>, <c>card</c> (the office's terminal;
    /// <paramref name="Reference"/> is the terminal's receipt) or <c>bankTransfer</c>.</summary>
    public sealed record CounterPaymentRequest(PaymentMethod Method, string? ChequeNumber = null, string? Bank = null, string? Reference = null);

    public sealed class Validator : AbstractValidator<CounterPaymentRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Method).Must(m => m is PaymentMethod.Cash or PaymentMethod.Cheque or PaymentMethod.Card or PaymentMethod.BankTransfer)
                .WithMessage("Au guichet : espèces (cash), chèque (cheque), carte sur le terminal (card) ou virement (bankTransfer).");
            RuleFor(r => r.ChequeNumber).NotEmpty().MaximumLength(50).When(r => r.Method == PaymentMethod.Cheque).WithMessage("Indiquez le numéro du chèque.");
            RuleFor(r => r.Bank).MaximumLength(100);
            RuleFor(r => r.Reference).MaximumLength(140);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/ticketing/orders/{orderId}/payments", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeStaff)
            .Validate<CounterPaymentRequest>().Idempotent()
            .WithTags("Ticketing — counter").WithName("RecordTicketingCounterPayment")
            .WithSummary("Records the counter payment of the whole order; the order is then paid and its tickets issued.");

    internal static async Task<Results<Ok<OrderDetails.OrderView>, ProblemHttpResult>> HandleAsync(
        string orderId, CounterPaymentRequest body, HttpContext http, ICallerContext caller, CommandHandler handler, IBillingService billing, OfficeClock clock, CancellationToken ct)
    {
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), caller.TenantId, mustExist: true, ct: ct)).State;
        if (order.Paid is null)
        {
            if (order.InvoiceId is null)
            {
                throw new DomainRuleViolation("order.not-invoiced", "La facture de cette commande est en cours d'émission : réessayez dans un instant.", isConflict: true);
            }

            var today = await clock.TodayAsync(caller.TenantId, ct);
            var due = await billing.GetPaymentRequestAsync(caller.TenantId, order.InvoiceId, ct);
            if (due is { Amount: > 0 })
            {
                var details = body.Method switch
                {
                    PaymentMethod.Cheque => new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: body.ChequeNumber, Bank: body.Bank),
                    PaymentMethod.Card => new PaymentDetails(PaymentMethod.Card, ProviderReference: body.Reference ?? "TPE-" + orderId[..8]),
                    PaymentMethod.BankTransfer => new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: body.Reference),
                    _ => new PaymentDetails(PaymentMethod.Cash),
                };
                await billing.RecordPaymentAsync(caller.TenantId, new RecordPaymentRequest(
                    "ticketing-" + orderId, order.Placed!.BuyerId, details, due.Amount, today, [new PaymentAllocationRequest(order.InvoiceId, due.Amount)]), ct);
            }

            await PaymentConfirmation.MarkPaidIfSettledAsync(handler, billing, caller.TenantId, orderId, today, "guichet", clock.Now, caller.ForRequest(http) with { Expected = null }, ct);
        }

        var state = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), caller.TenantId, ct: ct)).State;
        return TypedResults.Ok(OrderDetails.ToView(state));
    }
}

/// <summary>The one definition of "this order is paid" on the ticketing side: its invoice has nothing left to pay in billing.</summary>
internal static class PaymentConfirmation
{
    public static async Task<bool> MarkPaidIfSettledAsync(CommandHandler handler, IBillingService billing, string officeId, string orderId, DateOnly on, string reference,
        DateTimeOffset at, CommandContext context, CancellationToken ct)
    {
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), officeId, mustExist: true, ct: ct)).State;
        if (order.Paid is not null)
        {
            return true;
        }

        if (order.InvoiceId is null || await billing.GetPaymentRequestAsync(officeId, order.InvoiceId, ct) is not { Amount: 0 })
        {
            return false;
        }

        await handler.HandleAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), new MarkPaid(on, reference, at, officeId), context, CommandOptions.ExistingStream, ct);
        return true;
    }
}
