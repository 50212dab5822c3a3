using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Ticketing.Admissions;
using Monolith.Modules.Ticketing.Orders;
using Monolith.Modules.Ticketing.Orders.Details;
using Monolith.Modules.Ticketing.Shows;

namespace Monolith.Modules.Ticketing.Tickets;

/// <summary>Nominative transfer (cession): the buyer (order id as the secret) or staff at the counter name another holder for a ticket,
/// where the organiser allows transfers, at a price no higher than the face value (resale above face value is forbidden — 422). A ticket
/// already scanned or refunded is not transferred. The new holder's name is printed on the ticket and shown at the gate.</summary>
internal static class TransferTicketEndpoint
{
    public sealed record TransferRequest(string Holder, long Price);

    public sealed class Validator : AbstractValidator<TransferRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Holder).NotEmpty().MaximumLength(200).WithMessage("Indiquez le nom du nouveau porteur du billet.");
            RuleFor(r => r.Price).GreaterThanOrEqualTo(0).WithMessage("Le prix de cession ne peut pas être négatif.");
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ticketing/public/{officeId}/orders/{orderId}/tickets/{ticketId}/transfer", HandlePublicAsync).AllowAnonymous()
            .Validate<TransferRequest>().Idempotent()
            .WithTags("Ticketing — buyers").WithName("TransferTicketingTicket")
            .WithSummary("Transfers a nominative ticket to another holder (if the organiser allows it), at no more than its face value.");
        app.MapPost("/api/ticketing/orders/{orderId}/tickets/{ticketId}/transfer", HandleStaffAsync).RequireAuthorization(PlatformPolicies.OfficeStaff)
            .Validate<TransferRequest>().Idempotent()
            .WithTags("Ticketing — counter").WithName("TransferTicketingTicketAtCounter");
    }

    internal static Task<Results<Ok<OrderDetails.OrderView>, NotFound, ProblemHttpResult>> HandlePublicAsync(
        string officeId, string orderId, string ticketId, TransferRequest body, CommandHandler handler, OfficeClock clock, CancellationToken ct) =>
        TransferAsync(officeId, orderId, ticketId, body, new CommandContext(officeId, null, Guid.NewGuid()), handler, clock, ct);

    internal static Task<Results<Ok<OrderDetails.OrderView>, NotFound, ProblemHttpResult>> HandleStaffAsync(
        string orderId, string ticketId, TransferRequest body, HttpContext http, ICallerContext caller, CommandHandler handler, OfficeClock clock, CancellationToken ct) =>
        TransferAsync(caller.TenantId, orderId, ticketId, body, caller.ForRequest(http) with { Expected = null }, handler, clock, ct);

    private static async Task<Results<Ok<OrderDetails.OrderView>, NotFound, ProblemHttpResult>> TransferAsync(
        string officeId, string orderId, string ticketId, TransferRequest body, CommandContext context, CommandHandler handler, OfficeClock clock, CancellationToken ct)
    {
        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), officeId, ct: ct)).State;
        var ticket = order.Tickets?.Tickets.FirstOrDefault(t => t.TicketId == ticketId);
        if (!order.Exists || ticket is null)
        {
            return TypedResults.NotFound();
        }

        var show = (await handler.LoadAsync(Show.Decider, Show.StreamId(ticket.ShowId), officeId, ct: ct)).State.Definition;
        var admission = (await handler.LoadAsync(Admission.Decider, Admission.StreamId(ticketId), officeId, ct: ct)).State;
        var result = await handler.HandleAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId),
            new TransferTicket(ticketId, body.Holder, body.Price, show?.TransfersAllowed == true, admission.First is not null, clock.Now),
            context, CommandOptions.ExistingStream, ct);
        return TypedResults.Ok(OrderDetails.ToView(result.State));
    }
}
