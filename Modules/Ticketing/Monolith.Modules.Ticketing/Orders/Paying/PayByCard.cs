using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Ticketing.Orders.Details;

namespace Monolith.Modules.Ticketing.Orders.Paying;

/// <summary>Online: the buyer pays the order's invoice on the payment provider's hosted page (billing's card flow: no card data here).
/// Back from the provider, the buyer's page confirms; the order is paid once billing has received the payment.</summary>
internal static class PayByCard
{
    public sealed record StartRequest(string ReturnUrl);

    public sealed record Started(string RedirectUrl, string ProviderReference, long Amount);

    public sealed record ConfirmRequest(string PaymentReference);

    public sealed class Validator : AbstractValidator<StartRequest>
    {
        public Validator() => RuleFor(r => r.ReturnUrl).NotEmpty().MaximumLength(500);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ticketing/public/{officeId}/orders/{orderId}/card-payment", StartAsync).AllowAnonymous()
            .Validate<StartRequest>().WithTags("Ticketing — buyers").WithName("StartTicketingCardPayment")
            .WithSummary("Starts the card payment of the order on the provider's page.");
        app.MapPost("/api/ticketing/public/{officeId}/orders/{orderId}/card-payment/confirmation", ConfirmAsync).AllowAnonymous()
            .WithTags("Ticketing — buyers").WithName("ConfirmTicketingCardPayment")
            .WithSummary("Back from the provider: the order is paid once billing has received the payment.");
    }

    internal static async Task<Results<Ok<Started>, NotFound>> StartAsync(
        string officeId, string orderId, StartRequest body, CommandHandler handler, IBillingService billing, CancellationToken ct)
    {
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), officeId, ct: ct)).State;
        if (!order.Exists)
        {
            return TypedResults.NotFound();
        }

        if (order.Paid is not null)
        {
            throw new DomainRuleViolation("order.already-paid", "Cette commande est déjà payée.", isConflict: true);
        }

        if (order.InvoiceId is null)
        {
            throw new DomainRuleViolation("order.not-invoiced", "Votre commande est en cours d'enregistrement : réessayez dans un instant.", isConflict: true);
        }

        var started = await billing.StartCardPaymentAsync(officeId, order.InvoiceId, body.ReturnUrl, ct);
        return TypedResults.Ok(new Started(started.RedirectUrl, started.ProviderReference, started.Amount));
    }

    internal static async Task<Results<Ok<OrderDetails.OrderView>, NotFound>> ConfirmAsync(
        string officeId, string orderId, ConfirmRequest body, CommandHandler handler, IBillingService billing, OfficeClock clock, CancellationToken ct)
    {
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), officeId, ct: ct)).State;
        if (!order.Exists)
        {
            return TypedResults.NotFound();
        }

        var payment = await billing.GetCardPaymentAsync(officeId, body.PaymentReference, ct);
        if (payment is null || payment.InvoiceId != order.InvoiceId)
        {
            return TypedResults.NotFound();
        }

        if (payment.Status == CardPaymentStatus.Received)
        {
            await PaymentConfirmation.MarkPaidIfSettledAsync(handler, billing, officeId, orderId, await clock.TodayAsync(officeId, ct), payment.ProviderReference,
                clock.Now, new CommandContext(officeId, null, Guid.NewGuid()), ct);
        }

        var state = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), officeId, ct: ct)).State;
        return TypedResults.Ok(OrderDetails.ToView(state));
    }
}
