using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Ticketing.Orders;

namespace Monolith.Modules.Ticketing.Tickets;

/// <summary>A ticket's document (PDF, or HTML when the server cannot print): for the buyer (by order id) and the counter (reprint of the
/// same ticket — never a duplicate with another number).</summary>
internal static class GetTicketDocument
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ticketing/public/{officeId}/tickets/{ticketId}/document", GetPublicAsync).AllowAnonymous()
            .WithTags("Ticketing — buyers").WithName("GetPublicTicketDocument").WithSummary("The ticket as PDF (HTML when PDF printing is unavailable).");
        app.MapGet("/api/ticketing/tickets/{ticketId}/document", GetAsync).RequireAuthorization(PlatformPolicies.OfficeRead)
            .WithTags("Ticketing — counter").WithName("GetTicketDocument");
    }

    internal static Task<Results<FileContentHttpResult, NotFound>> GetPublicAsync(string officeId, string ticketId, CommandHandler handler, TicketDocument documents, CancellationToken ct) =>
        RenderAsync(officeId, ticketId, handler, documents, ct);

    internal static Task<Results<FileContentHttpResult, NotFound>> GetAsync(string ticketId, ICallerContext caller, CommandHandler handler, TicketDocument documents, CancellationToken ct) =>
        RenderAsync(caller.TenantId, ticketId, handler, documents, ct);

    private static async Task<Results<FileContentHttpResult, NotFound>> RenderAsync(string officeId, string ticketId, CommandHandler handler, TicketDocument documents, CancellationToken ct)
    {
        if (!TicketToken.TryParseTicketId(ticketId, out var orderId, out _))
        {
            return TypedResults.NotFound();
        }

        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), officeId, ct: ct)).State;
        var ticket = order.Tickets?.Tickets.FirstOrDefault(t => t.TicketId == ticketId);
        if (ticket is null)
        {
            return TypedResults.NotFound();
        }

        var rendered = await documents.RenderAsync(officeId, order, ticket, ct);
        return TypedResults.File(rendered.Content, rendered.ContentType, rendered.FileName);
    }
}
